// Where the bundled default model and sample projects are: $EW_RESOURCES / $EW_PROJECTS, then the
// install layout next to the binary (../share/empower-workbench/...), then the source tree.
#pragma once
#include <filesystem>

namespace ew {

std::filesystem::path resources_dir();
std::filesystem::path projects_dir();
std::filesystem::path default_model_dir();  // resources_dir()/models/default

}  // namespace ew

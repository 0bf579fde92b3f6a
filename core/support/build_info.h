// Versions of what this build links, for the About dialog and bug reports (torch-free header).
#pragma once
#include <string>

namespace ew {

std::string libtorch_version();   // e.g. "1.13.0"
bool libtorch_has_cuda();         // whether this libtorch can use a CUDA device at all

}  // namespace ew

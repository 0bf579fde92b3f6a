// Where the workbench keeps what it measured and may measure again: $EW_CACHE_DIR, else
// $XDG_CACHE_HOME/empower-workbench, else ~/.cache/empower-workbench (the XDG default). Nothing in
// it is precious: a missing or unreadable entry is measured again.
#pragma once
#include <filesystem>

namespace ew {

// Empty when neither the variables nor HOME say where (then nothing is cached).
std::filesystem::path user_cache_dir();

}  // namespace ew

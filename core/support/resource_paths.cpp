#include "support/resource_paths.h"

#include <cstdlib>
#include <unistd.h>

namespace ew {

namespace {

std::filesystem::path executable_dir() {
    std::error_code ec;
    auto exe = std::filesystem::read_symlink("/proc/self/exe", ec);
    return ec ? std::filesystem::path() : exe.parent_path();
}

std::filesystem::path locate(const char* env_var, const char* installed_leaf, const char* source_fallback) {
    if (const char* v = std::getenv(env_var); v && *v) return v;
    auto installed = executable_dir() / ".." / "share" / "empower-workbench" / installed_leaf;
    std::error_code ec;
    if (std::filesystem::is_directory(installed, ec)) return std::filesystem::weakly_canonical(installed, ec);
    return source_fallback;
}

}  // namespace

std::filesystem::path resources_dir() { return locate("EW_RESOURCES", "resources", EW_SOURCE_RESOURCES); }
std::filesystem::path projects_dir() { return locate("EW_PROJECTS", "projects", EW_SOURCE_PROJECTS); }
std::filesystem::path default_model_dir() { return resources_dir() / "models" / "default"; }

}  // namespace ew

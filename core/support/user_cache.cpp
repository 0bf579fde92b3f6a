#include "support/user_cache.h"

#include <cstdlib>

namespace ew {

std::filesystem::path user_cache_dir() {
    const auto set = [](const char* name) -> const char* {
        const char* v = std::getenv(name);
        return v && *v ? v : nullptr;
    };
    if (const char* dir = set("EW_CACHE_DIR")) return dir;
    if (const char* xdg = set("XDG_CACHE_HOME")) return std::filesystem::path(xdg) / "empower-workbench";
    if (const char* home = set("HOME")) return std::filesystem::path(home) / ".cache" / "empower-workbench";
    return {};
}

}  // namespace ew

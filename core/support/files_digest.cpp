#include "support/files_digest.h"

#include "support/file_io.h"
#include "support/sha256.h"

#include <algorithm>

namespace ew {

std::string files_digest(const std::filesystem::path& root, std::vector<std::filesystem::path> files) {
    std::sort(files.begin(), files.end());
    Sha256 h;
    for (const auto& f : files) {
        const std::string name = std::filesystem::relative(f, root).generic_string(), bytes = read_file(f);
        h.update(name).update(std::string_view("\0", 1)).update(std::to_string(bytes.size())).update(std::string_view("\0", 1)).update(bytes);
    }
    return h.hex_digest();
}

}  // namespace ew

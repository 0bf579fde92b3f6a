#include "support/last_line.h"

#include <fstream>

namespace ew {

std::string last_nonblank_line(const std::filesystem::path& path, std::uintmax_t from) {
    std::ifstream in(path, std::ios::binary);
    if (!in) return {};
    in.seekg(static_cast<std::streamoff>(from));
    std::string line, last;
    while (std::getline(in, line))
        if (line.find_first_not_of(" \t\r") != std::string::npos) last = line;
    if (!last.empty() && last.back() == '\r') last.pop_back();
    return last;
}

}  // namespace ew

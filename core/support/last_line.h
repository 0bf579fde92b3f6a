// The last words of a log: a child process names its failure in the last line it wrote.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

namespace ew {

// The last line holding more than blanks among the bytes after the first `from` ("" when there is
// none, or no such file): `from` is the log's size before a launch, so only that launch counts.
std::string last_nonblank_line(const std::filesystem::path& path, std::uintmax_t from = 0);

}  // namespace ew

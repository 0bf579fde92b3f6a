// A SHA-256 of files as content: each file's path relative to `root`, its size and its bytes, in
// path order. The same bytes under the same relative names give the same digest wherever the
// folder lies; the size makes the boundary between one file's bytes and the next name explicit.
// Identifies an imported study folder and an experiment stage's input files.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace ew {

// Throws ew::Error naming a file that cannot be read.
std::string files_digest(const std::filesystem::path& root, std::vector<std::filesystem::path> files);

}  // namespace ew

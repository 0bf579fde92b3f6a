// Whole-file reads and crash-safe writes (temp file + fsync + rename): a reader never sees half a file.
#pragma once
#include <filesystem>
#include <string>
#include <string_view>

namespace ew {

std::string read_file(const std::filesystem::path& path);

// Writes to "<path>.tmp-<pid>", fsyncs, renames over path, fsyncs the directory.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

}  // namespace ew

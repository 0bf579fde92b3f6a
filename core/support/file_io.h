// Whole-file reads and crash-safe writes (temp file + fsync + rename): a reader never sees half a file.
#pragma once
#include <filesystem>
#include <new>
#include <string>
#include <string_view>

namespace ew {

std::string read_file(const std::filesystem::path& path);

// Writes to "<path>.tmp-<pid>", fsyncs, renames over path, fsyncs the directory.
void write_file_atomic(const std::filesystem::path& path, std::string_view bytes);

// Removes a file or a directory tree (symbolic links themselves, never what they point to); a path
// that does not exist is no error. Why not std::filesystem::remove_all: PyTorch's CUDA wheels
// export their own copy of it from libtorch.so, which the dynamic linker binds ahead of
// libstdc++'s, and that copy jumped to address 0 on a non-empty directory (2.11+cu130, H200 run:
// every second checkpoint of `empower train` crashed). POSIX nftw has no such twin.
void remove_tree(const std::filesystem::path& path);            // throws ew::Error naming the path
bool remove_tree(const std::filesystem::path& path, std::nothrow_t) noexcept;  // false on failure

}  // namespace ew

// The one exception type core throws for bad input: a message a user can act on, naming the file.
#pragma once
#include <filesystem>
#include <stdexcept>
#include <string>

namespace ew {

class Error : public std::runtime_error {
public:
    using std::runtime_error::runtime_error;
};

// "PATH: problem" — the shape every file-related error takes, so the CLI prints one clear line.
[[noreturn]] inline void fail_file(const std::filesystem::path& path, const std::string& problem) {
    throw Error(path.string() + ": " + problem);
}

}  // namespace ew

// Shared by the libFuzzer targets: a private scratch folder for parsers that read files, input
// split into several files, and the rule every target follows — ew::Error (the documented
// "bad input" answer) is fine; any other exception escapes and libFuzzer reports it as a crash.
#pragma once
#include "support/error.h"

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

namespace ew::fuzz {

// One folder per fuzzing process (libFuzzer -jobs/-fork run several), removed at exit.
inline const std::filesystem::path& scratch_dir() {
    static const std::filesystem::path dir = [] {
        const char* tmp = std::getenv("TMPDIR");
        std::string pattern = std::string(tmp && *tmp ? tmp : "/tmp") + "/ew-fuzz-XXXXXX";
        if (!mkdtemp(pattern.data())) std::abort();
        std::atexit([] {
            std::error_code ignored;
            std::filesystem::remove_all(scratch_dir(), ignored);
        });
        return std::filesystem::path(pattern);
    }();
    return dir;
}

// Plain write, no fsync: the parsers under test only read the file back.
inline std::filesystem::path write_scratch(const std::string& name, std::string_view bytes) {
    const auto path = scratch_dir() / name;
    std::ofstream(path, std::ios::binary | std::ios::trunc).write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    return path;
}

// An input holding several files: the parts between lines "%%" (seeds carry the separator, and
// mutations mostly keep it). Missing parts are empty.
inline std::vector<std::string> split_parts(const std::uint8_t* data, std::size_t size, std::size_t count) {
    std::vector<std::string> parts(count);
    const std::string_view all(reinterpret_cast<const char*>(data), size);
    std::size_t start = 0;
    for (std::size_t i = 0; i < count; ++i) {
        const auto end = i + 1 == count ? std::string_view::npos : all.find("\n%%\n", start);
        parts[i] = std::string(all.substr(start, end == std::string_view::npos ? std::string_view::npos : end - start));
        if (end == std::string_view::npos) break;
        start = end + 4;
    }
    return parts;
}

inline std::string_view as_text(const std::uint8_t* data, std::size_t size) {
    return {reinterpret_cast<const char*>(data), size};
}

// Runs one parse; only ew::Error counts as a clean refusal.
template <typename Parse>
void expect_clean(Parse&& parse) {
    try {
        parse();
    } catch (const ew::Error&) {
    }
}

// A property that must hold for every accepted input: a failure is a bug, so crash loudly.
inline void require(bool holds, const char* what) {
    if (!holds) {
        std::fprintf(stderr, "fuzz invariant broken: %s\n", what);
        std::abort();
    }
}

}  // namespace ew::fuzz

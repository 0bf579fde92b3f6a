// A folder of source files (default: Python's standard library) split deterministically into
// training and held-out documents by a hash of each file's relative path, so the split is the same
// on every machine and stable when files are added.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace ew::train {

struct SourceCorpus {
    std::vector<std::string> train;
    std::vector<std::string> heldout;
    std::size_t train_files = 0, heldout_files = 0;
    std::size_t train_bytes = 0, heldout_bytes = 0;
};

// Recursively reads files with `extension` under `root`, skipping site-packages/dist-packages and
// files over max_file_bytes. One file in `heldout_one_in` goes to the held-out split.
SourceCorpus load_source_corpus(const std::filesystem::path& root, const std::string& extension = ".py",
                                int heldout_one_in = 20, std::size_t max_file_bytes = 1 << 20);

// The Python standard library of the system's python3 (Debian: /usr/lib/python3.X); empty if none.
std::filesystem::path default_python_stdlib();

}  // namespace ew::train

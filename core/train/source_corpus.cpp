#include "train/source_corpus.h"

#include "support/error.h"
#include "support/file_io.h"

#include <algorithm>
#include <cstdint>

namespace ew::train {

namespace {
std::uint64_t fnv1a(const std::string& s) {
    std::uint64_t h = 1469598103934665603ull;
    for (unsigned char c : s) h = (h ^ c) * 1099511628211ull;
    return h;
}
}  // namespace

SourceCorpus load_source_corpus(const std::filesystem::path& root, const std::string& extension, int heldout_one_in,
                                std::size_t max_file_bytes) {
    namespace fs = std::filesystem;
    std::error_code ec;
    if (!fs::is_directory(root, ec)) fail_file(root, "corpus folder does not exist or is not a folder");
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(root, fs::directory_options::skip_permission_denied, ec);
         it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (ec) break;
        const auto name = it->path().filename().string();
        if (it->is_directory() && (name == "site-packages" || name == "dist-packages" || name == "__pycache__")) {
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file() && it->path().extension() == extension && it->file_size() <= max_file_bytes)
            files.push_back(it->path());
    }
    std::sort(files.begin(), files.end());
    SourceCorpus corpus;
    for (const auto& f : files) {
        auto rel = fs::relative(f, root).generic_string();
        std::string text;
        try {
            text = read_file(f);
        } catch (const Error&) {
            continue;  // unreadable files are skipped, not fatal: the corpus is best effort
        }
        if (text.empty()) continue;
        if (fnv1a(rel) % static_cast<std::uint64_t>(heldout_one_in) == 0) {
            corpus.heldout_bytes += text.size();
            ++corpus.heldout_files;
            corpus.heldout.push_back(std::move(text));
        } else {
            corpus.train_bytes += text.size();
            ++corpus.train_files;
            corpus.train.push_back(std::move(text));
        }
    }
    if (corpus.train.empty()) fail_file(root, "no " + extension + " files found for training");
    return corpus;
}

std::filesystem::path default_python_stdlib() {
    namespace fs = std::filesystem;
    std::vector<fs::path> candidates;
    std::error_code ec;
    for (const auto& e : fs::directory_iterator("/usr/lib", ec)) {
        auto n = e.path().filename().string();
        if (n.starts_with("python3.") && fs::exists(e.path() / "os.py")) candidates.push_back(e.path());
    }
    std::sort(candidates.begin(), candidates.end());
    return candidates.empty() ? fs::path() : candidates.back();
}

}  // namespace ew::train

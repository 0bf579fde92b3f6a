#include "lm/bits_per_byte.h"

#include "support/error.h"

#include <algorithm>
#include <cmath>

namespace ew::lm {

BitsPerByte bits_per_byte(const LanguageModel& model, const std::vector<std::string>& texts, const std::atomic<bool>* cancel) {
    const auto& tok = model.tokenizer();
    const std::size_t window = static_cast<std::size_t>(std::max(2, (model.context_length() - 2) / 2));
    BitsPerByte out;
    for (const auto& text : texts) {
        if (text.empty()) continue;
        const auto ids = tok.encode(text);
        for (std::size_t start = 0; start < ids.size(); start += window) {
            if (cancel && cancel->load()) throw Error("cancelled");
            const std::size_t end = std::min(ids.size(), start + window);
            ScoreRequest r;
            r.context.assign(ids.begin() + static_cast<std::ptrdiff_t>(start > window ? start - window : 0),
                             ids.begin() + static_cast<std::ptrdiff_t>(start));
            r.continuation.assign(ids.begin() + static_cast<std::ptrdiff_t>(start), ids.begin() + static_cast<std::ptrdiff_t>(end));
            const auto scored = model.score(std::span(&r, 1), 0);  // kept alive: range-for over .front() of a temporary dangles
            for (const auto& t : scored.front()) out.nll_nats -= t.logprob;
        }
        out.tokens += ids.size();
        out.bytes += text.size();
        ++out.files;
    }
    if (out.bytes == 0) throw Error("no text to measure bits per byte on");
    out.bits_per_byte = out.nll_nats / (std::log(2.0) * static_cast<double>(out.bytes));
    return out;
}

std::vector<std::filesystem::path> python_files_under(const std::filesystem::path& dir) {
    namespace fs = std::filesystem;
    std::vector<fs::path> files;
    if (fs::is_regular_file(dir)) return {dir};
    if (!fs::is_directory(dir)) throw Error(dir.string() + ": no such file or folder");
    for (const auto& entry : fs::recursive_directory_iterator(dir, fs::directory_options::skip_permission_denied))
        if (entry.is_regular_file() && entry.path().extension() == ".py") files.push_back(entry.path());
    std::sort(files.begin(), files.end());
    return files;
}

}  // namespace ew::lm

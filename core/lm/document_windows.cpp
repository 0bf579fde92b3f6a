#include "lm/document_windows.h"

#include <algorithm>

namespace ew::lm {

std::size_t whole_file_window(int context_length) {
    return static_cast<std::size_t>(std::clamp(context_length / 2 - 1, 8, static_cast<int>(kWholeFileWindow)));
}

std::vector<DocumentWindow> document_windows(std::size_t tokens, std::size_t fresh, std::size_t context) {
    fresh = std::max<std::size_t>(1, fresh);
    std::vector<DocumentWindow> windows;
    for (std::size_t begin = 0; begin < tokens; begin += fresh)
        windows.push_back({begin > context ? begin - context : 0, begin, std::min(tokens, begin + fresh)});
    return windows;
}

std::vector<ScoredToken> score_document(const LanguageModel& model, const std::vector<TokenId>& ids, std::size_t fresh,
                                        std::size_t context, int top_k, const std::atomic<bool>& cancelled,
                                        const std::function<void(std::size_t, std::size_t, const std::vector<ScoredToken>&)>& progress,
                                        std::size_t first_window) {
    std::vector<ScoredToken> scored;
    scored.reserve(ids.size());
    const auto at = [&](std::size_t i) { return ids.begin() + static_cast<std::ptrdiff_t>(i); };
    const auto windows = document_windows(ids.size(), fresh, context);
    const std::size_t skipped = first_window < windows.size() ? windows[first_window].begin : ids.size();
    for (std::size_t k = first_window; k < windows.size(); ++k) {
        if (cancelled.load()) break;
        const auto& w = windows[k];
        const ScoreRequest request{{at(w.context_begin), at(w.begin)}, {at(w.begin), at(w.end)}};
        auto window = model.score(std::span(&request, 1), top_k);
        scored.insert(scored.end(), window.front().begin(), window.front().end());
        if (progress) progress(skipped + scored.size(), ids.size(), window.front());
    }
    return scored;
}

}  // namespace ew::lm

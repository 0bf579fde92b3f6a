#include "serve/served_completion.h"

#include <algorithm>

namespace ew::serve {

ServedCompletion served_completion(const empower::Suggestion& suggestion, const text::BpeTokenizer& tokenizer,
                                   const std::vector<std::string>& stop) {
    ServedCompletion out;
    out.text = suggestion.text;
    bool stopped_by_string = false;
    std::size_t earliest = out.text.size();
    for (const auto& s : stop)
        if (!s.empty())
            if (const auto at = out.text.find(s); at != std::string::npos && at < earliest) {
                earliest = at;
                stopped_by_string = true;
            }
    out.text.resize(earliest);

    // Token bytes run on from the typed text the healing backed up (typed_prefix); offsets are
    // counted from where the suggestion's own text begins.
    const std::size_t typed = suggestion.typed_prefix.size();
    std::size_t bytes = 0;
    for (std::size_t i = 0; i < suggestion.tokens.size(); ++i) {
        const auto& t = suggestion.tokens[i];
        const std::string piece = tokenizer.token_bytes(t.id);
        const std::size_t begin = bytes;
        bytes += piece.size();
        if (i < suggestion.typed_tokens) continue;
        // Typed tokens count 0 in the suggestion's cumulative NLL, so it starts after them.
        ServedToken token{piece, t.logprob, suggestion.cumulative_nll.at(i), begin > typed ? begin - typed : 0, false, {}};
        for (const auto& a : t.top) token.top.emplace_back(tokenizer.token_bytes(a.id), a.logprob);
        token.shown = i < suggestion.cut && token.offset < out.text.size();
        out.shown_tokens += token.shown;
        out.tokens.push_back(std::move(token));
    }
    const bool cut_by_eta = suggestion.cut < suggestion.tokens.size();
    out.finish_reason = stopped_by_string || cut_by_eta || suggestion.stop_reason != lm::StopReason::MaxTokens ? "stop" : "length";
    return out;
}

nlohmann::json empower_extension(const ServedCompletion& completion, const empower::Suggestion& suggestion,
                                 const empower::SuggestionPolicy& policy) {
    auto tokens = nlohmann::json::array();
    for (const auto& t : completion.tokens)
        tokens.push_back({{"text", t.text}, {"logprob", t.logprob}, {"cumulative_nll", t.cumulative_nll}, {"shown", t.shown}});
    return {{"policy", policy.label()},
            {"eta", policy.eta},
            {"units", empower::unit_name(policy.unit)},
            {"cut", completion.shown_tokens},
            {"generated", completion.tokens.size()},
            {"stop_reason", lm::to_string(suggestion.stop_reason)},
            {"reused_prefix_tokens", suggestion.reused_prefix_tokens},
            {"latency_ms", suggestion.latency_ms},
            {"tokens", tokens}};
}

}  // namespace ew::serve

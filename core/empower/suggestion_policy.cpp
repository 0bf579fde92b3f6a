#include "empower/suggestion_policy.h"

#include "empower/threshold_cut.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>

namespace ew::empower {

std::optional<SuggestionPolicy> SuggestionPolicy::parse(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    SuggestionPolicy p;
    if (lower == "empower") return p;
    if (lower == "base") {
        p.kind = PolicyKind::Base;
        return p;
    }
    if (lower.starts_with("base-")) {
        int n = 0;
        auto digits = std::string_view(lower).substr(5);
        auto [ptr, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), n);
        if (ec != std::errc() || ptr != digits.data() + digits.size() || n <= 0) return std::nullopt;
        p.kind = PolicyKind::BaseN;
        p.n = n;
        return p;
    }
    return std::nullopt;
}

std::string SuggestionPolicy::label() const {
    char buf[64];
    switch (kind) {
        case PolicyKind::Empower: std::snprintf(buf, sizeof buf, "Empower-η=%g %s", eta, unit_name(unit)); return buf;
        case PolicyKind::Base: return "Base";
        case PolicyKind::BaseN: return "Base-" + std::to_string(n);
    }
    return "?";
}

void recut(Suggestion& s, const SuggestionPolicy& policy, const text::BpeTokenizer& tokenizer) {
    std::vector<double> logprobs;
    for (const auto& t : s.tokens) logprobs.push_back(t.logprob);
    s.cumulative_nll = cumulative_nll(logprobs);
    switch (policy.kind) {
        case PolicyKind::Empower: s.cut = threshold_cut(std::span<const double>(logprobs), policy.eta, policy.unit); break;
        case PolicyKind::Base: s.cut = s.tokens.size(); break;
        case PolicyKind::BaseN: s.cut = std::min<std::size_t>(s.tokens.size(), static_cast<std::size_t>(policy.n)); break;
    }
    s.text.clear();
    for (std::size_t i = 0; i < s.cut; ++i) s.text += tokenizer.token_bytes(s.tokens[i].id);
}

Suggestion suggest(const lm::LanguageModel& assistant, lm::GenerationSession& session, const SuggestRequest& request,
                   const std::atomic<bool>* cancel) {
    const auto start = std::chrono::steady_clock::now();
    const auto& policy = request.policy;
    lm::GenerationOptions options;
    options.max_new_tokens = policy.kind == PolicyKind::BaseN ? std::min(policy.n, policy.max_tokens) : policy.max_tokens;
    const bool self_scored = request.likelihood == nullptr || request.likelihood == &assistant;
    options.top_k_alternatives = self_scored ? request.top_k : 0;
    // The early stop needs the assistant's own NLLs to be the ones the cut uses.
    if (policy.kind == PolicyKind::Empower && self_scored)
        options.stop_above_cumulative_nll = to_nats(policy.eta, policy.unit) * policy.lookahead;
    const auto prefix_ids = assistant.tokenizer().encode(request.prefix);
    auto generation = session.generate(prefix_ids, options, cancel);

    Suggestion s;
    s.stop_reason = generation.stop_reason;
    s.reused_prefix_tokens = generation.reused_prefix_tokens;
    const text::BpeTokenizer* cut_tokenizer = &assistant.tokenizer();
    if (self_scored) {
        s.tokens = std::move(generation.tokens);
    } else if (!generation.tokens.empty() && generation.stop_reason != lm::StopReason::Cancelled) {
        // A different likelihood model: score the generated text under its own tokenization.
        std::string generated;
        for (const auto& t : generation.tokens) generated += assistant.tokenizer().token_bytes(t.id);
        cut_tokenizer = &request.likelihood->tokenizer();
        lm::ScoreRequest r{cut_tokenizer->encode(request.prefix), cut_tokenizer->encode(generated)};
        s.tokens = std::move(request.likelihood->score(std::span(&r, 1), request.top_k).front());
    }
    recut(s, policy, *cut_tokenizer);
    s.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return s;
}

}  // namespace ew::empower

#include "lm/continuation_scoring.h"

#include "lm/token_healing.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace ew::lm {

namespace {

// Renormalises the straddling token at `position` over the tokens consistent with `remaining`
// typed bytes: one more forward pass over the context and the tokens before it, reading the
// whole distribution at that position.
void condition_on_typed(const LanguageModel& model, const std::vector<TokenId>& context, const std::vector<TokenId>& continuation,
                        std::size_t position, std::string_view remaining, int top_k, ScoredToken& token) {
    const auto& tok = model.tokenizer();
    ScoreRequest r{context, {}};
    r.context.insert(r.context.end(), continuation.begin(), continuation.begin() + static_cast<std::ptrdiff_t>(position));
    r.continuation = {continuation[position]};
    const auto full = model.score(std::span(&r, 1), std::numeric_limits<int>::max()).front().front();
    std::vector<Alternative> allowed;
    double mass = 0;
    for (const auto& a : full.top) {
        if (a.id < 0 || a.id >= tok.vocab_size() || tok.is_added(a.id) || !consistent_with_typed(tok.token_bytes(a.id), remaining)) continue;
        mass += std::exp(static_cast<double>(a.logprob));
        allowed.push_back(a);
    }
    if (!(mass > 0)) return;  // nothing consistent (cannot happen with byte tokens): leave it unconditioned
    const float log_mass = static_cast<float>(std::log(mass));
    token.logprob = full.logprob - log_mass;
    // `full.top` is sorted most likely first, so `allowed` is too.
    if (allowed.size() > static_cast<std::size_t>(std::max(0, top_k))) allowed.resize(static_cast<std::size_t>(std::max(0, top_k)));
    for (auto& a : allowed) a.logprob -= log_mass;
    token.top = std::move(allowed);
}

}  // namespace

ScoredContinuation score_continuation(const LanguageModel& model, std::string_view prefix, std::string_view continuation,
                                      const ContinuationScoringOptions& options) {
    const auto& tok = model.tokenizer();
    HealedPrompt context;
    context.ids = tok.encode(prefix);
    if (options.heal) context = back_up_prompt(tok, std::move(context.ids));
    ScoredContinuation out;
    out.typed_prefix = context.removed;
    out.boundary = prefix.size() - context.removed.size();
    std::vector<TokenId> ids = tok.encode(context.removed + std::string(continuation));

    // Tokens wholly inside the typed text, and how many bytes of it they cover.
    std::size_t covered = 0;
    while (out.typed_tokens < ids.size() && covered + tok.token_bytes(ids[out.typed_tokens]).size() <= context.removed.size()) {
        covered += tok.token_bytes(ids[out.typed_tokens]).size();
        ++out.typed_tokens;
    }
    // The score pass needs the BOS slot and one context token besides the continuation.
    std::size_t keep = static_cast<std::size_t>(std::max(1, model.context_length() - 2));
    if (options.max_tokens > 0) keep = std::min(keep, out.typed_tokens + options.max_tokens);
    if (ids.size() > keep) {
        ids.resize(keep);
        out.truncated = true;
    }
    out.typed_tokens = std::min(out.typed_tokens, ids.size());
    if (ids.empty()) return out;

    ScoreRequest r{context.ids, ids};
    out.tokens = model.score(std::span(&r, 1), options.top_k).front();
    for (std::size_t i = 0; i < out.typed_tokens; ++i) {
        out.tokens[i].logprob = 0;  // only typed text: no information
        out.tokens[i].top.clear();
    }
    if (covered < context.removed.size() && out.typed_tokens < ids.size())
        condition_on_typed(model, r.context, ids, out.typed_tokens, std::string_view(context.removed).substr(covered), options.top_k,
                           out.tokens[out.typed_tokens]);
    return out;
}

}  // namespace ew::lm

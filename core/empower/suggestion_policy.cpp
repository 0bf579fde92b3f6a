#include "empower/suggestion_policy.h"

#include "empower/instruct_prompt.h"
#include "empower/line_suffix.h"
#include "empower/threshold_cut.h"
#include "lm/chat_template.h"
#include "lm/token_healing.h"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <chrono>
#include <cstdio>
#include <limits>
#include <stdexcept>

namespace ew::empower {

std::optional<SuggestionPolicy> SuggestionPolicy::parse(std::string_view name) {
    std::string lower(name);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    SuggestionPolicy p;
    for (const auto& [suffix, forced] : {std::pair{std::string("+instruct-free"), false}, std::pair{std::string("+instruct"), true}})
        if (lower.ends_with(suffix)) {
            lower.resize(lower.size() - suffix.size());
            p.instruct = true;
            p.instruct_forced = forced;
            break;
        }
    if (lower == "empower") return p;
    if (lower == "empower-auto") {
        p.adaptive = true;
        return p;
    }
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

std::uint64_t SuggestionPolicy::reach_tokens() const {
    if (instruct || context_tokens <= 0) return 0;
    // Healing re-generates the typed tail of the prompt (a few tokens) before the suggestion proper;
    // the window may begin with the model's BOS.
    constexpr std::uint64_t kHealingTokens = 16, kFramingTokens = 1;
    return std::uint64_t(context_tokens) + std::uint64_t(std::max(max_tokens, 0)) + kFramingTokens + (heal ? kHealingTokens : 0);
}

std::string SuggestionPolicy::label() const {
    char buf[64];
    std::string name = "?";
    switch (kind) {
        case PolicyKind::Empower:
            std::snprintf(buf, sizeof buf, adaptive ? "Empower-auto (η=%g %s now)" : "Empower-η=%g %s", eta, unit_name(unit));
            name = buf;
            break;
        case PolicyKind::Base: name = "Base"; break;
        case PolicyKind::BaseN: name = "Base-" + std::to_string(n); break;
    }
    if (instruct) name += instruct_forced ? " · instruct" : " · instruct (free)";
    return name;
}

namespace {
// How many of the tokens (their log-probs; the first `typed_tokens` regenerate typed text) the
// policy shows. Used on a whole suggestion and, while streaming, on the tokens so far.
std::size_t policy_cut(const SuggestionPolicy& policy, std::span<const double> logprobs, std::size_t typed_tokens) {
    switch (policy.kind) {
        case PolicyKind::Empower: return threshold_cut(logprobs, policy.eta, policy.unit);
        case PolicyKind::Base: break;
        case PolicyKind::BaseN: return std::min(logprobs.size(), typed_tokens + static_cast<std::size_t>(policy.n));
    }
    return logprobs.size();
}
}  // namespace

void recut(Suggestion& s, const SuggestionPolicy& policy, const text::BpeTokenizer& tokenizer) {
    std::vector<double> logprobs;
    for (const auto& t : s.tokens) logprobs.push_back(t.logprob);
    s.cumulative_nll = cumulative_nll(logprobs);
    s.cut = policy_cut(policy, logprobs, s.typed_tokens);
    std::string kept;
    for (std::size_t i = 0; i < s.cut; ++i) kept += tokenizer.token_bytes(s.tokens[i].id);
    // The typed text is already in the document: only what follows it is suggested.
    s.text = kept.size() > s.typed_prefix.size() ? kept.substr(s.typed_prefix.size()) : std::string();
    if (!s.line_suffix.empty()) s.text = fit_before_suffix(s.text, s.line_suffix);
}

namespace {

// Free instruct replies: keeps only the generated tokens after the re-typed code (a token that
// straddles the boundary is dropped with its bytes), or none when the code was not re-typed.
void keep_completion_tokens(const text::BpeTokenizer& tok, std::string_view code, lm::Generation& generation, Suggestion& s) {
    std::string reply;
    std::vector<std::size_t> starts;
    for (const auto& t : generation.tokens) {
        starts.push_back(reply.size());
        reply += tok.token_bytes(t.id);
    }
    const auto parsed = parse_instruct_reply(code, reply);
    s.retyped = parsed.retyped;
    if (!parsed.retyped) {
        generation.tokens.clear();
        return;
    }
    std::vector<lm::ScoredToken> kept;
    for (std::size_t i = 0; i < generation.tokens.size(); ++i)
        if (starts[i] >= parsed.completion_offset) kept.push_back(generation.tokens[i]);
    generation.tokens = std::move(kept);
}

}  // namespace

Suggestion suggest(const lm::LanguageModel& assistant, lm::GenerationSession& session, const SuggestRequest& request,
                   const std::atomic<bool>* cancel) {
    const auto start = std::chrono::steady_clock::now();
    if (!allows_suggestion_before(request.line_suffix))
        throw std::invalid_argument("a suggestion mid-line needs only closing brackets or quotes after the caret");
    const auto& policy = request.policy;
    lm::GenerationOptions options;
    options.max_new_tokens = policy.kind == PolicyKind::BaseN ? std::min(policy.n, policy.max_tokens) : policy.max_tokens;
    const bool self_scored = request.likelihood == nullptr || request.likelihood == &assistant;
    options.top_k_alternatives = self_scored ? request.top_k : 0;
    options.temperature = request.temperature;
    options.top_p = request.top_p;
    options.seed = request.seed;
    // The early stop needs the assistant's own NLLs to be the ones the cut uses.
    if (policy.kind == PolicyKind::Empower && self_scored)
        options.stop_above_cumulative_nll = to_nats(policy.eta, policy.unit) * policy.lookahead;
    const auto& tok = assistant.tokenizer();
    std::vector<text::TokenId> prefix_ids;
    std::string prompt_engine;
    if (policy.instruct) {
        const auto prompt = instruct_prompt(assistant, request.prefix, policy.instruct_forced, request.chat);
        prompt_engine = prompt.engine;
        prefix_ids = tok.encode_with_added_tokens(prompt.text);
        options.add_special_tokens = false;  // the rendered prompt writes its own BOS
        if (policy.instruct_forced) options.stop_strings = {"```"};  // the reply's closing fence ends the code
        else {
            // The reply re-types the code first: room for it, and no NLL budget (its tokens are not the suggestion).
            options.max_new_tokens += static_cast<int>(tok.encode(request.prefix).size()) + 16;
            options.stop_above_cumulative_nll = std::numeric_limits<double>::infinity();
        }
    } else {
        prefix_ids = tok.encode(request.prefix);
        options.max_context_tokens = std::max(0, policy.context_tokens);
    }
    // Healing applies wherever the prompt ends in the person's code (plain and forced instruct);
    // a free instruct reply re-types the code itself, so there is no boundary to heal.
    const bool heal = policy.heal && !(policy.instruct && !policy.instruct_forced);
    lm::HealedPrompt healed;
    if (heal) {
        healed = lm::back_up_prompt(tok, std::move(prefix_ids));
        prefix_ids = std::move(healed.ids);
        options.required_prefix = healed.removed;  // its tokens do not count against max_new_tokens
    }
    // Streaming: a token's text is final once the cut cannot drop it — for Empower, while the
    // cumulative NLL stays within η (it only grows); Base-N, the first N after the typed ones. The
    // cut recut() makes (policy_cut), applied as each token comes.
    std::vector<double> streamed_logprobs;
    std::string streamed_kept;  // bytes of the tokens inside the cut so far, typed text included
    std::size_t streamed_sent = 0, streamed_typed = 0;
    bool streamed_past_cut = false;
    if (request.on_final_text && self_scored && !policy.instruct && request.line_suffix.empty()) {
        options.on_token = [&](const lm::ScoredToken& t) {
            if (streamed_past_cut) return;
            const std::string& bytes = tok.token_bytes(t.id);
            streamed_logprobs.push_back(t.logprob);
            if (streamed_kept.size() + bytes.size() <= healed.removed.size()) ++streamed_typed;
            if (policy_cut(policy, streamed_logprobs, streamed_typed) < streamed_logprobs.size()) {
                streamed_past_cut = true;
                return;
            }
            streamed_kept += bytes;
            if (streamed_kept.size() > healed.removed.size() + streamed_sent) {
                const std::string_view piece = std::string_view(streamed_kept).substr(healed.removed.size() + streamed_sent);
                streamed_sent += piece.size();
                request.on_final_text(piece);
            }
        };
    }
    lm::Generation generation;
    // The cut is final once the cumulative NLL passes η (it never decreases): generate to η first,
    // report, then continue from there to lookahead × η. Greedy decoding on the same KV cache makes
    // the two phases produce exactly the tokens one run would. Stop strings (instruct) could span
    // the phases, so instruct prompts keep one run.
    const double eta_nats = to_nats(policy.eta, policy.unit);
    const bool two_phase = request.on_cut_final && policy.kind == PolicyKind::Empower && self_scored && !policy.instruct &&
                           options.temperature <= 0.0f && options.stop_above_cumulative_nll > eta_nats;
    if (two_phase) {
        auto first = options;
        first.stop_above_cumulative_nll = eta_nats;
        generation = session.generate(prefix_ids, first, cancel);
        if (generation.stop_reason == lm::StopReason::LikelihoodBudget) {
            Suggestion early;
            early.line_suffix = std::string(request.line_suffix);
            early.stop_reason = generation.stop_reason;
            early.reused_prefix_tokens = generation.reused_prefix_tokens;
            early.tokens = generation.tokens;
            early.typed_prefix = healed.removed;
            early.typed_tokens = static_cast<std::size_t>(generation.typed_tokens);
            recut(early, policy, tok);
            early.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
            request.on_cut_final(early);
            double spent = 0;
            for (const auto& t : generation.tokens) spent -= t.logprob;
            auto rest = options;
            rest.required_prefix.clear();  // regenerated in the first phase
            rest.stop_above_cumulative_nll = options.stop_above_cumulative_nll - spent;
            rest.max_new_tokens = options.max_new_tokens - (static_cast<int>(generation.tokens.size()) - generation.typed_tokens);
            if (rest.max_new_tokens <= 0) {
                generation.stop_reason = lm::StopReason::MaxTokens;
            } else {
                auto context = prefix_ids;
                for (const auto& t : generation.tokens) context.push_back(t.id);
                auto more = session.generate(context, rest, cancel);
                generation.tokens.insert(generation.tokens.end(), std::make_move_iterator(more.tokens.begin()),
                                         std::make_move_iterator(more.tokens.end()));
                generation.stop_reason = more.stop_reason;
            }
        }
    } else {
        generation = session.generate(prefix_ids, options, cancel);
    }

    Suggestion s;
    s.line_suffix = std::string(request.line_suffix);
    s.prompt_engine = prompt_engine;
    s.stop_reason = generation.stop_reason;
    s.reused_prefix_tokens = generation.reused_prefix_tokens;
    if (policy.instruct && !policy.instruct_forced) keep_completion_tokens(tok, request.prefix, generation, s);
    if (!generation.required_prefix_done) {  // stopped before the typed text was regenerated: nothing to suggest
        generation.tokens.clear();
        generation.typed_tokens = 0;
    }
    const text::BpeTokenizer* cut_tokenizer = &assistant.tokenizer();
    if (self_scored) {
        s.tokens = std::move(generation.tokens);
        s.typed_prefix = healed.removed;
        s.typed_tokens = static_cast<std::size_t>(generation.typed_tokens);
    } else if (!generation.tokens.empty() && generation.stop_reason != lm::StopReason::Cancelled) {
        // A different likelihood model: score the generated text under its own tokenization,
        // healed the same way (its own backed-up tokens regenerated, typed tokens counted 0). The
        // token completing the typed text keeps its unconditioned log-prob there: renormalising it
        // would need that model's whole distribution at the position, which score() does not return.
        std::string generated;
        for (const auto& t : generation.tokens) generated += assistant.tokenizer().token_bytes(t.id);
        generated.erase(0, healed.removed.size());
        cut_tokenizer = &request.likelihood->tokenizer();
        lm::HealedPrompt context;
        context.ids = cut_tokenizer->encode(request.prefix);
        if (heal) context = lm::back_up_prompt(*cut_tokenizer, std::move(context.ids));
        lm::ScoreRequest r{context.ids, cut_tokenizer->encode(context.removed + generated)};
        s.tokens = std::move(request.likelihood->score(std::span(&r, 1), request.top_k).front());
        s.typed_prefix = context.removed;
        std::size_t covered = 0;
        for (auto& t : s.tokens) {
            const auto size = cut_tokenizer->token_bytes(t.id).size();
            if (covered + size > context.removed.size()) break;
            covered += size;
            t.logprob = 0;
            ++s.typed_tokens;
        }
    }
    recut(s, policy, *cut_tokenizer);
    s.latency_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    return s;
}

}  // namespace ew::empower

// Suggestion policies of the paper (Sec. 5.1 baselines): Empower-η (generate to a cap, cut where
// the likelihood model's cumulative NLL passes η), Base (uncut), Base-N (first N tokens).
#pragma once
#include "empower/nll_units.h"
#include "lm/chat_template.h"
#include "lm/language_model.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ew::empower {

enum class PolicyKind { Empower, Base, BaseN };

struct SuggestionPolicy {
    PolicyKind kind = PolicyKind::Empower;
    double eta = 8.0;  // in `unit`
    NllUnit unit = NllUnit::Nats;
    int n = 10;        // Base-N's N
    int max_tokens = 64;
    // Empower only: generation stops once the cumulative NLL passes lookahead × η, so that η can be
    // raised up to that factor and re-cut without a model call, yet latency stays bounded.
    // Infinity: always generate to max_tokens (dataset building, benchmarks).
    double lookahead = 2.0;
    // Instruct models (App. D.1-D.2): prompt with the paper's system prompt and few-shot turns.
    // forced: the reply is pre-filled with the re-typed code, so every generated token is
    // completion; free: the model re-types the code itself and the completion is parsed out.
    bool instruct = false;
    bool instruct_forced = true;
    // Token healing (lm/token_healing.h): back the prompt up to a natural token boundary and
    // regenerate the typed text, constrained; the cut counts only text beyond it. Off: the
    // prompt is used as encoded (the paper's setting, and what datasets are built with).
    bool heal = true;
    // Plain completion: the tokens of context before the caret the model sees (0: all it serves).
    // A real model prefills ~65 tokens/s on a 2-core CPU, so a whole 6 KB file would cost ~20 s
    // before the first suggestion; Tabby and llama.vim cap their context too. Instruct prompts are
    // not cut (their system prompt and few-shot turns come first).
    int context_tokens = 1024;
    // Empower-auto (issue 16 §2): Empower whose η is chosen per user from what they kept of earlier
    // suggestions (empower/adaptive_eta.h); whoever holds the calibrator sets `eta` before each one.
    bool adaptive = false;

    // The longest pass a suggestion runs — the capped context plus what it generates — for sizing the
    // memory check's KV cache (lm::LoadOptions::context_tokens). 0 when unbounded: a whole-file
    // context, or an instruct prompt (never cut).
    std::uint64_t reach_tokens() const;

    // "empower", "empower-auto", "base", "base-10", ... (case-insensitive), optionally followed by
    // "+instruct" or "+instruct-free"; nullopt if unrecognised.
    static std::optional<SuggestionPolicy> parse(std::string_view name);
    std::string label() const;  // "Empower-η=8 nats", "Base", "Base-10", "Base-10 · instruct"
};

struct Suggestion {
    std::string text;                       // what the editor would insert: the kept tokens, minus typed_prefix
    // Every generated token, log-probs under the likelihood model. With healing the first
    // `typed_tokens` spell only typed text (log-prob 0) and the next one is conditioned on it.
    std::vector<lm::ScoredToken> tokens;
    std::vector<double> cumulative_nll;     // nats, per token
    std::size_t cut = 0;                    // tokens kept
    lm::StopReason stop_reason = lm::StopReason::MaxTokens;
    std::int64_t reused_prefix_tokens = 0;
    double latency_ms = 0;
    bool retyped = true;  // instruct-free only: false when the reply did not re-type the code (no suggestion)
    // Healing: the typed text the tokens begin with (backed up from the prompt and regenerated),
    // and how many leading tokens lie wholly inside it. Empty / 0 without healing.
    std::string typed_prefix;
    std::size_t typed_tokens = 0;
    // Mid-line (empower/line_suffix.h): the closers after the caret. `text` is then fitted in
    // front of them (first line only, without the closers they already provide); the tokens and
    // the cut are the model's, unchanged.
    std::string line_suffix;
    // Instruct policies: how the prompt was rendered (the checkpoint's chat template or the built-in
    // fallback); empty for plain completion.
    std::string prompt_engine;
};

struct SuggestRequest {
    std::string_view prefix;
    SuggestionPolicy policy;
    int top_k = 0;  // alternatives per token, for the visualizer
    const lm::LanguageModel* likelihood = nullptr;  // null: the assistant scores its own tokens
    // The rest of the caret's line when it is only closing brackets/quotes (allows_suggestion_before);
    // empty at the end of a line.
    std::string_view line_suffix = {};
    // Empower with lookahead: called (on the generating thread) as soon as the cut is final — the
    // cumulative NLL has passed η and can only grow — with the suggestion as it will be shown.
    // Generation then goes on to lookahead × η for the η slider, and suggest() returns that.
    // The editor shows the ghost text here instead of waiting for the lookahead tokens.
    std::function<void(const Suggestion&)> on_cut_final = {};
    // Streaming: called on the generating thread with each piece of the suggestion's text once it
    // is final — its tokens are inside the cut already and can no longer leave it (the cumulative
    // NLL only grows). In order; the pieces put together are a prefix of Suggestion::text, and the
    // rest of that text is what a caller sends at the end. Never called where the text is decided
    // only at the end: instruct policies, another likelihood model, or fitting before a line suffix.
    std::function<void(std::string_view)> on_final_text = {};
    // Instruct policies: what the chat template sees (enable_thinking, the date).
    lm::ChatOptions chat = {};
    // Sampling (0: greedy, the paper's setting and the editor's); the cut still uses the model's
    // own log-probs at temperature 1. `seed` makes a sampled suggestion reproducible.
    float temperature = 0.0f;
    float top_p = 1.0f;
    std::uint64_t seed = 0;
};

// Generates with `session` (the assistant's, so its KV cache is reused across keystrokes) and cuts.
// When the likelihood model is the assistant, the generation's own log-probs are used: no second
// forward pass. Otherwise the generated text is re-tokenized and scored in one pass.
Suggestion suggest(const lm::LanguageModel& assistant, lm::GenerationSession& session, const SuggestRequest& request,
                   const std::atomic<bool>* cancel = nullptr);

// Re-applies a policy's cut to an existing suggestion (η slider): no model call.
void recut(Suggestion& suggestion, const SuggestionPolicy& policy, const text::BpeTokenizer& tokenizer);

}  // namespace ew::empower

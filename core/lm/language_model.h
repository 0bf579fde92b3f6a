// The interface every scoring/generating model implements (the default transformer now,
// Llama/Qwen checkpoints later). Torch-free: callers see token ids and log-probabilities only.
//
// Two split responsibilities, as in llama.cpp's model/context:
//   LanguageModel      — immutable weights; thread-safe; teacher-forced scoring.
//   GenerationSession  — one document's KV cache; not thread-safe; reuses the cached prefix when
//                        the context only grew since the last call.
#pragma once
#include "text/bpe_tokenizer.h"
#include "text/sequence_template.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <limits>
#include <memory>
#include <span>
#include <string>
#include <vector>

namespace ew::lm {

struct ChatTemplate;  // lm/chat_template.h

using text::TokenId;

struct Alternative {
    TokenId id;
    float logprob;  // natural log
};

// One scored position: the token that is there, its log-probability given everything before it,
// and the model's top-k candidates at that position (most likely first).
struct ScoredToken {
    TokenId id;
    float logprob;
    std::vector<Alternative> top;
};

struct ScoreRequest {
    // Text ids, framed by the tokenizer's special tokens (text/sequence_template.h): Llama-3's
    // BOS goes first, Qwen gets none. May be empty (then the empty-context token conditions).
    std::vector<TokenId> context;
    std::vector<TokenId> continuation;  // the tokens to score
    // false: `context` is the whole sequence as it stands — a prompt rendered from a chat
    // template writes its own BOS (transformers' add_special_tokens=False).
    bool add_special_tokens = true;
};

enum class StopReason { MaxTokens, EndOfText, StopString, Cancelled, ContextFull, LikelihoodBudget };
const char* to_string(StopReason reason);

struct GenerationOptions {
    int max_new_tokens = 64;
    // At most this many context tokens before the generation (0: as many as the model serves).
    // The window start moves in strides of a quarter of it, so consecutive keystrokes keep
    // sharing the KV cache; a longer context only costs prefill time.
    int max_context_tokens = 0;
    // As ScoreRequest::add_special_tokens: false for a rendered chat prompt.
    bool add_special_tokens = true;
    float temperature = 0.0f;  // 0: greedy
    float top_p = 1.0f;
    std::uint64_t seed = 0;
    std::vector<std::string> stop_strings;  // generation stops once the text contains one (excluded)
    bool stop_at_end_of_text = true;    // the tokenizer's end-of-text / end-of-turn tokens and config's eos
    std::vector<TokenId> stop_token_ids;  // further tokens that end generation (not included)
    int top_k_alternatives = 0;  // alternatives recorded per generated token
    bool use_kv_cache = true;    // false: recompute everything each token (reference/benchmark path)
    // Stop once the generated tokens' cumulative NLL (nats) exceeds this: past it nothing will be
    // kept by an Empower cut, so generating further only costs latency.
    double stop_above_cumulative_nll = std::numeric_limits<double>::infinity();
    // Token healing (token_healing.h): text the generation must begin with — the bytes backed up
    // from the prompt. Until it is regenerated only consistent tokens are allowed, and the
    // recorded log-probs are conditioned on it (0 inside it; renormalised for the token that
    // completes it), so they measure only text beyond it.
    std::string required_prefix;
    // Called on the generating thread with each token as it is added to Generation::tokens (a
    // token a stop string trims is not reported), so a caller can stream the text as it comes.
    std::function<void(const ScoredToken&)> on_token;
};

struct Generation {
    // Log-probs are under the model's own distribution (temperature 1), whatever the sampling
    // temperature: they are what the Empower cut needs, so no second scoring pass is required.
    std::vector<ScoredToken> tokens;
    StopReason stop_reason = StopReason::MaxTokens;
    std::int64_t reused_prefix_tokens = 0;    // context tokens served from the KV cache
    std::int64_t computed_prefix_tokens = 0;  // context tokens that had to be run
    // Healing: leading tokens whose bytes lie inside required_prefix (the person's typed text),
    // and whether the whole required_prefix was regenerated (false: stopped before, no completion).
    int typed_tokens = 0;
    bool required_prefix_done = true;
};

class GenerationSession {
public:
    virtual ~GenerationSession() = default;
    // `cancel` is polled between tokens; a cancelled call returns what it has with StopReason::Cancelled.
    virtual Generation generate(std::span<const TokenId> context, const GenerationOptions& options,
                                const std::atomic<bool>* cancel = nullptr) = 0;
    virtual void reset() = 0;  // forget the cached prefix
};

class LanguageModel {
public:
    virtual ~LanguageModel() = default;
    virtual const text::BpeTokenizer& tokenizer() const = 0;
    // The special tokens the tokenizer puts around a text (BOS); score() and generation add them.
    virtual const text::SequenceTemplate& sequence_template() const = 0;
    // The checkpoint's chat template; nullptr when its directory has none (lm/chat_template.h).
    virtual const ChatTemplate* chat_template() const { return nullptr; }
    virtual std::string name() const = 0;
    virtual std::string device() const = 0;  // "cpu", "cuda:0", ...
    // How the weights are held and computed ("bf16 weights, fp32 compute (avx2)"), for the status bar.
    virtual std::string weight_format() const = 0;
    // weight_format() and, where "auto" chose the kind, what it chose and why: recorded with every
    // run, evaluation and study phase, because the weight kind can move an Empower cut.
    virtual std::string weights_provenance() const { return weight_format(); }
    virtual int context_length() const = 0;

    // Teacher-forced log-probs for every request in ONE batched (right-padded) forward pass.
    virtual std::vector<std::vector<ScoredToken>> score(std::span<const ScoreRequest> requests, int top_k) const = 0;

    virtual std::unique_ptr<GenerationSession> new_session() const = 0;
};

}  // namespace ew::lm

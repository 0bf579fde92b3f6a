// A suggestion as the HTTP protocols hand it out: the text a client inserts (after the client's
// `stop` strings, which end it early and are not included), the tokens that text is made of with
// their log-probs, cumulative NLL and byte offsets in it, every generated token for the Empower
// extension, and why it ended in OpenAI's words ("stop": the η cut, end of text or a stop string;
// "length": max_tokens reached first).
#pragma once
#include "empower/suggestion_policy.h"
#include "text/bpe_tokenizer.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ew::serve {

struct ServedToken {
    std::string text;         // the token's bytes (may be part of a UTF-8 character)
    double logprob = 0;
    double cumulative_nll = 0;  // nats, from the first token after the typed text
    std::size_t offset = 0;     // bytes into ServedCompletion::text where it starts
    bool shown = false;         // inside the text handed out
    std::vector<std::pair<std::string, double>> top;  // alternatives: bytes, log-prob
};

struct ServedCompletion {
    std::string text;
    std::vector<ServedToken> tokens;  // every generated token after the typed ones; `shown` marks the text's
    std::size_t shown_tokens = 0;
    std::string finish_reason;        // "stop" | "length"
};

ServedCompletion served_completion(const empower::Suggestion& suggestion, const text::BpeTokenizer& tokenizer,
                                   const std::vector<std::string>& stop);

// The Empower extension of a response: the policy, the cut and the per-token scores behind it.
nlohmann::json empower_extension(const ServedCompletion& completion, const empower::Suggestion& suggestion,
                                 const empower::SuggestionPolicy& policy);

}  // namespace ew::serve

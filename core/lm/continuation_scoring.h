// Scoring the text after an offset given the text before it — the one path behind
// `empower score`, the editor's "text after the caret" view and the episode viewer.
//
// It encodes once, heals the boundary (token_healing.h) and clamps to the model's context:
//   - Healing: the prefix's last token(s) are backed up (back_up_prompt) and re-scored as the
//     start of the continuation, so an offset inside a token ("ran|ge") is scored as the model
//     would have tokenized the text, not after an out-of-distribution fragment. Tokens wholly
//     inside the backed-up (typed) text get log-prob 0; the token that completes it gets
//     log p(t) − log Σ_{a consistent with the rest of the typed text} p(a) — exactly what
//     healed generation records (transformer_language_model.cpp), so a suggestion and its
//     re-scoring agree. The boundary used is reported.
//   - Clamping: at most max_tokens untyped tokens, and never more than fits the context; the
//     context keeps its most recent tokens (LanguageModel::score).
#pragma once
#include "lm/language_model.h"

#include <string>
#include <string_view>
#include <vector>

namespace ew::lm {

struct ContinuationScoringOptions {
    std::size_t max_tokens = 0;  // untyped continuation tokens to score; 0: as many as fit
    int top_k = 5;               // alternatives per position
    bool heal = true;            // false: the paper's setting (the prefix encoded as it is)
};

struct ScoredContinuation {
    std::vector<ScoredToken> tokens;  // the first `typed_tokens` spell typed text only (log-prob 0)
    std::string typed_prefix;         // bytes before the offset re-scored with the continuation
    std::size_t typed_tokens = 0;
    std::size_t boundary = 0;         // byte offset in the prefix where the scored context ends
    bool truncated = false;           // the continuation had more tokens than were scored
};

ScoredContinuation score_continuation(const LanguageModel& model, std::string_view prefix, std::string_view continuation,
                                      const ContinuationScoringOptions& options = {});

}  // namespace ew::lm

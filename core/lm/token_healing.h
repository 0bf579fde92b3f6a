// Token healing: a person stops typing where a byte-level BPE rarely ends a token ("for ", "ran"),
// so the prompt's last token is one the model almost never saw at the end of a context, and its
// continuation is wrong from the first character. Healing backs the prompt up to a more natural
// boundary and has the model regenerate the removed text, constrained to tokens consistent with it.
//
// The rule, applied by every suggestion path (editor, CLI suggest, evaluation, studies):
//   1. Back up: remove the prompt's last token; keep removing while the removed text is only
//      whitespace, or begins inside a word (its first byte and the byte before it are both word
//      characters: letters, digits, '_'); at most kMaxHealTokens tokens / kMaxHealBytes bytes,
//      never an added/special token.
//   2. Constrain: while part R of the removed text is not yet regenerated, only tokens t with
//      bytes(t) a prefix of R or R a prefix of bytes(t) may be generated.
//   3. Condition (what the Empower cut counts): a token whose bytes lie inside R carries only text
//      the person typed, so its NLL is 0. The token that completes R and goes beyond it (the
//      "straddling" token) gets log p(t) - log Σ_{a allowed} p(a): its probability given that the
//      text continues with what was typed, renormalised over the allowed set at that step. Tokens
//      after R are unconstrained and keep log p(t). So the cumulative NLL measures only text the
//      person has not typed, and a suggestion is never penalised for the token boundary.
#pragma once
#include "text/bpe_tokenizer.h"

#include <string>
#include <string_view>
#include <vector>

namespace ew::lm {

constexpr int kMaxHealTokens = 4;
constexpr std::size_t kMaxHealBytes = 32;

struct HealedPrompt {
    std::vector<text::TokenId> ids;  // the prompt without the removed tokens
    std::string removed;             // their bytes: what generation must regenerate first
    int removed_tokens = 0;
};

// Step 1 on an encoded prompt.
HealedPrompt back_up_prompt(const text::BpeTokenizer& tokenizer, std::vector<text::TokenId> ids);

// Step 2: may a token with these bytes be generated while `remaining` is still to be regenerated?
inline bool consistent_with_typed(std::string_view token, std::string_view remaining) {
    if (token.empty()) return false;
    return token.size() >= remaining.size() ? token.starts_with(remaining) : remaining.starts_with(token);
}

}  // namespace ew::lm

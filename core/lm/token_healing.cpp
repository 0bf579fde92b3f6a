#include "lm/token_healing.h"

#include <algorithm>

namespace ew::lm {

namespace {

bool is_word_byte(unsigned char c) { return std::isalnum(c) || c == '_' || c >= 0x80; }

bool all_whitespace(std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](unsigned char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; });
}

}  // namespace

HealedPrompt back_up_prompt(const text::BpeTokenizer& tokenizer, std::vector<text::TokenId> ids) {
    HealedPrompt healed;
    // At least one token stays: a model without a BOS token cannot generate from nothing.
    while (ids.size() > 1 && healed.removed_tokens < kMaxHealTokens) {
        const auto last = ids.back();
        if (tokenizer.is_added(last)) break;  // chat markers and end-of-text stay in the prompt
        const std::string& bytes = tokenizer.token_bytes(last);
        if (bytes.empty() || healed.removed.size() + bytes.size() > kMaxHealBytes) break;
        if (healed.removed_tokens > 0) {
            // Remove one more only while what is removed is whitespace or starts inside a word.
            const bool inside_word = is_word_byte(static_cast<unsigned char>(healed.removed.front())) &&
                                     is_word_byte(static_cast<unsigned char>(bytes.back()));
            if (!all_whitespace(healed.removed) && !inside_word) break;
        }
        healed.removed.insert(0, bytes);
        ids.pop_back();
        ++healed.removed_tokens;
    }
    healed.ids = std::move(ids);
    return healed;
}

}  // namespace ew::lm

// Splits text into chunks that BPE merges never cross (words, number runs, whitespace runs), with a
// PCRE2 pattern so real Llama-3 / Qwen patterns (\p{L}, (?!\S), ...) drop in unchanged.
// Every input byte lands in exactly one chunk, invalid UTF-8 included: that is what makes
// encode/decode an exact round trip.
#pragma once
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace ew::text {

// GPT-2's split pattern: contractions, optional-space + letters, optional-space + digits,
// optional-space + other symbols, whitespace runs that leave one space for the next word.
inline constexpr std::string_view kGpt2SplitPattern =
    R"('s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+)";

// A PCRE2 pattern that matches `literal` exactly (tokenizer.json's Split {"String": ...}).
std::string regex_for_literal(std::string_view literal);

// tokenizer.json's Split "behavior": what becomes of a match. Isolated: its own chunk (the regex
// splits of Llama 3 and Qwen); MergedWith…: joined to the text before / after it.
enum class SplitBehavior { Isolated, MergedWithPrevious, MergedWithNext };

class PreTokenizer {
public:
    // An empty pattern means "no split": the whole text is one chunk.
    explicit PreTokenizer(std::string pattern, SplitBehavior behavior = SplitBehavior::Isolated);
    ~PreTokenizer();
    PreTokenizer(PreTokenizer&&) noexcept;
    PreTokenizer& operator=(PreTokenizer&&) noexcept;
    PreTokenizer(const PreTokenizer& other);
    PreTokenizer& operator=(const PreTokenizer& other);

    // Thread-safe: match data is per call. A match that fails with a PCRE2 error (match limit,
    // depth limit) throws ew::Error naming it.
    std::vector<std::string_view> split(std::string_view text) const;
    const std::string& pattern() const { return pattern_; }
    SplitBehavior behavior() const { return behavior_; }

private:
    struct Compiled;
    std::string pattern_;
    SplitBehavior behavior_ = SplitBehavior::Isolated;
    std::unique_ptr<Compiled> compiled_;
};

}  // namespace ew::text

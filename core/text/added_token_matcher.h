// Finds added tokens ("<|im_start|>", Gemma's "\n" and "<table>") in raw text the way Hugging Face
// does: the leftmost occurrence wins, and the longest token among those starting there. A byte
// trie, so a tokenizer with thousands of added tokens (Gemma 3 has 6,415) costs one short walk per
// text position instead of one search of the whole text per token.
#pragma once
#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace ew::text {

class AddedTokenMatcher {
public:
    struct Match {
        std::size_t at, length;
        std::int32_t id;
    };

    AddedTokenMatcher() = default;
    void add(std::string_view content, std::int32_t id);
    bool empty() const { return nodes_.size() <= 1; }
    // The first match at or after `from`; nullopt when there is none.
    std::optional<Match> find(std::string_view text, std::size_t from) const;

private:
    struct Node {
        std::vector<std::pair<unsigned char, std::int32_t>> children;  // sorted by byte
        std::int32_t id = -1;                                          // a token ends here
    };
    std::int32_t child(std::int32_t node, unsigned char byte) const;
    std::vector<Node> nodes_{Node{}};
    std::array<bool, 256> starts_{};  // bytes some token starts with: the rest are skipped at once
};

}  // namespace ew::text

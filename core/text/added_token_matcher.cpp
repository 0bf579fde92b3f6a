#include "text/added_token_matcher.h"

#include <algorithm>

namespace ew::text {

std::int32_t AddedTokenMatcher::child(std::int32_t node, unsigned char byte) const {
    const auto& c = nodes_[static_cast<std::size_t>(node)].children;
    auto it = std::lower_bound(c.begin(), c.end(), byte, [](const auto& entry, unsigned char b) { return entry.first < b; });
    return it != c.end() && it->first == byte ? it->second : -1;
}

void AddedTokenMatcher::add(std::string_view content, std::int32_t id) {
    if (content.empty()) return;
    starts_[static_cast<unsigned char>(content.front())] = true;
    std::int32_t node = 0;
    for (unsigned char byte : content) {
        std::int32_t next = child(node, byte);
        if (next < 0) {
            next = static_cast<std::int32_t>(nodes_.size());
            nodes_.emplace_back();
            auto& c = nodes_[static_cast<std::size_t>(node)].children;
            c.insert(std::lower_bound(c.begin(), c.end(), byte, [](const auto& entry, unsigned char b) { return entry.first < b; }),
                     {byte, next});
        }
        node = next;
    }
    // The first of two tokens with the same content keeps it, as a vocabulary lookup would.
    if (nodes_[static_cast<std::size_t>(node)].id < 0) nodes_[static_cast<std::size_t>(node)].id = id;
}

std::optional<AddedTokenMatcher::Match> AddedTokenMatcher::find(std::string_view text, std::size_t from) const {
    if (empty()) return std::nullopt;
    for (std::size_t at = from; at < text.size(); ++at) {
        if (!starts_[static_cast<unsigned char>(text[at])]) continue;
        std::optional<Match> best;
        std::int32_t node = 0;
        for (std::size_t i = at; i < text.size(); ++i) {
            node = child(node, static_cast<unsigned char>(text[i]));
            if (node < 0) break;
            if (auto id = nodes_[static_cast<std::size_t>(node)].id; id >= 0) best = Match{at, i + 1 - at, id};
        }
        if (best) return best;
    }
    return std::nullopt;
}

}  // namespace ew::text

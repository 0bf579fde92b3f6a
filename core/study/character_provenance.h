// Where every character of a document came from, kept exact across any sequence of edits, so
// "characters of accepted suggestions that were later deleted" is a count, not an estimate.
// Positions and lengths are in Unicode code points.
#pragma once
#include <cstdint>
#include <map>
#include <vector>

namespace ew::study {

class CharacterProvenance {
public:
    // Origin of a character: 0 = written by the human (typed, pasted, starter code, ...);
    // a positive value = the id of the suggestion it was accepted from.
    using Origin = std::int64_t;

    explicit CharacterProvenance(std::int64_t initial_length = 0);

    // Throw ew::Error when the edit does not fit the document (the log and the editor disagree).
    void insert(std::int64_t pos, std::int64_t length, Origin origin);
    void remove(std::int64_t pos, std::int64_t length);
    // Starts over with a document of `length` human characters (a snapshot replaced the text).
    void reset(std::int64_t length);

    std::int64_t length() const { return static_cast<std::int64_t>(origins_.size()); }
    Origin origin_at(std::int64_t pos) const { return origins_.at(static_cast<std::size_t>(pos)); }
    // Characters of suggestion `id` inserted so far, deleted so far, still present.
    std::int64_t accepted_chars(Origin id) const;
    std::int64_t deleted_chars(Origin id) const;
    std::int64_t surviving_chars(Origin id) const;
    const std::map<Origin, std::int64_t>& deleted_by_suggestion() const { return deleted_; }

private:
    // One entry per character: simple and exact; study documents are a few thousand characters,
    // so an edit's O(n) shift costs microseconds.
    std::vector<Origin> origins_;
    std::map<Origin, std::int64_t> accepted_, deleted_;
};

}  // namespace ew::study

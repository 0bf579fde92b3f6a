#include "study/character_provenance.h"

#include "support/error.h"

#include <string>

namespace ew::study {

CharacterProvenance::CharacterProvenance(std::int64_t initial_length) { reset(initial_length); }

void CharacterProvenance::reset(std::int64_t length) {
    if (length < 0) throw Error("document length cannot be negative");
    origins_.assign(static_cast<std::size_t>(length), 0);
}

void CharacterProvenance::insert(std::int64_t pos, std::int64_t length, Origin origin) {
    if (pos < 0 || pos > this->length() || length < 0)
        throw Error("insertion of " + std::to_string(length) + " characters at " + std::to_string(pos) +
                    " does not fit a document of " + std::to_string(this->length()));
    origins_.insert(origins_.begin() + pos, static_cast<std::size_t>(length), origin);
    if (origin > 0) accepted_[origin] += length;
}

void CharacterProvenance::remove(std::int64_t pos, std::int64_t length) {
    if (pos < 0 || length < 0 || pos + length > this->length())
        throw Error("deletion of " + std::to_string(length) + " characters at " + std::to_string(pos) +
                    " does not fit a document of " + std::to_string(this->length()));
    for (std::int64_t i = pos; i < pos + length; ++i)
        if (const Origin o = origins_[static_cast<std::size_t>(i)]; o > 0) ++deleted_[o];
    origins_.erase(origins_.begin() + pos, origins_.begin() + pos + length);
}

std::int64_t CharacterProvenance::accepted_chars(Origin id) const {
    auto it = accepted_.find(id);
    return it == accepted_.end() ? 0 : it->second;
}

std::int64_t CharacterProvenance::deleted_chars(Origin id) const {
    auto it = deleted_.find(id);
    return it == deleted_.end() ? 0 : it->second;
}

std::int64_t CharacterProvenance::surviving_chars(Origin id) const {
    std::int64_t n = 0;
    for (Origin o : origins_) n += o == id;
    return n;
}

}  // namespace ew::study

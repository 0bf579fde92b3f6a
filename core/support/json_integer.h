// Reading an integer out of parsed JSON into a bounded range. nlohmann's get<int>() narrows with a
// silent wrap (3000000000 reads as a negative id) and converts floats with undefined behaviour
// when they are out of range (1e30); every integer a hostile file can set goes through here.
#pragma once
#include "support/error.h"

#include <cstdint>
#include <string>

namespace ew {

// `value` as JSON text for an error message, cut to 80 characters (a field may hold megabytes).
template <class Json>
std::string json_brief(const Json& value) {
    std::string text = value.dump();
    if (text.size() <= 80) return text;
    std::size_t cut = 77;
    while (cut > 0 && (static_cast<unsigned char>(text[cut]) & 0xC0) == 0x80) --cut;  // not inside a UTF-8 character
    return text.substr(0, cut) + "...";
}

// `value` as an integer in [lo, hi]; otherwise throws ew::Error("<what> must be an integer in
// lo..hi, not <value>"). `what` names the field and its file ("tokenizer.json: vocab entry \"x\"").
template <class Json>
std::int64_t json_integer_in_range(const Json& value, std::int64_t lo, std::int64_t hi, const std::string& what) {
    bool ok = value.is_number_integer();
    if (ok && value.is_number_unsigned())
        ok = hi >= 0 && value.template get<std::uint64_t>() <= static_cast<std::uint64_t>(hi);
    std::int64_t v = 0;
    if (ok) {
        v = value.template get<std::int64_t>();  // in range of int64 now (unsigned values are ≤ hi)
        ok = v >= lo && v <= hi;
    }
    if (!ok) throw Error(what + " must be an integer in " + std::to_string(lo) + ".." + std::to_string(hi) + ", not " + json_brief(value));
    return v;
}

}  // namespace ew

// Reading one typed field of a parsed JSON object, strictly. nlohmann's value() and get<T>() convert
// between kinds of number without a word (2.5 epochs reads as 2, a seed of -1 as 18446744073709551615)
// and with undefined behaviour when a float is out of an integer's range (1e120 — the fuzzer found it
// in study designs). Every field a user's or a hostile file sets goes through here instead.
#pragma once
#include "support/error.h"
#include "support/json_integer.h"

#include <cmath>
#include <cstdint>
#include <limits>
#include <string>
#include <type_traits>

namespace ew {

// The value of `key` in `object` as a T, or `fallback` when the key is absent. Integers must be
// JSON integers within T's range, floating-point fields finite numbers, booleans true/false and
// strings strings; anything else throws ew::Error naming `origin` and the field.
template <class T, class Json>
T json_field(const Json& object, const char* key, T fallback, const std::string& origin) {
    if (!object.contains(key)) return fallback;
    const auto& v = object.at(key);
    const std::string what = origin + ": field \"" + key + "\"";
    if constexpr (std::is_same_v<T, bool>) {
        if (!v.is_boolean()) throw Error(what + " must be true or false, not " + json_brief(v));
        return v.template get<bool>();
    } else if constexpr (std::is_integral_v<T>) {
        constexpr auto int64_max = std::numeric_limits<std::int64_t>::max();
        const std::int64_t lo = std::is_signed_v<T> ? static_cast<std::int64_t>(std::numeric_limits<T>::min()) : 0;
        const std::int64_t hi = static_cast<std::uint64_t>(std::numeric_limits<T>::max()) > static_cast<std::uint64_t>(int64_max)
                                    ? int64_max
                                    : static_cast<std::int64_t>(std::numeric_limits<T>::max());
        return static_cast<T>(json_integer_in_range(v, lo, hi, what));
    } else if constexpr (std::is_floating_point_v<T>) {
        if (!v.is_number()) throw Error(what + " must be a number, not " + json_brief(v));
        const double d = v.template get<double>();
        if (!std::isfinite(d) || std::fabs(d) > static_cast<double>(std::numeric_limits<T>::max()))
            throw Error(what + " must be a finite number, not " + json_brief(v));
        return static_cast<T>(d);
    } else if constexpr (std::is_constructible_v<T, std::string>) {
        if (!v.is_string()) throw Error(what + " must be a string, not " + json_brief(v));
        return T(v.template get<std::string>());
    } else {
        try {
            return v.template get<T>();
        } catch (const std::exception&) {
            throw Error(what + " has the wrong type");
        }
    }
}

// As json_field, for a field that must be present.
template <class T, class Json>
T json_required_field(const Json& object, const char* key, const std::string& origin) {
    if (!object.contains(key)) throw Error(origin + ": field \"" + key + "\" is missing");
    return json_field<T>(object, key, T{}, origin);
}

}  // namespace ew

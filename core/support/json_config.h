// Reading JSON configuration files (run.json, eval.json): the shared strictness rules.
#pragma once
#include "support/error.h"

#include <nlohmann/json.hpp>
#include <string>

namespace ew {

// Parses `text` as a JSON object whose every key must also be a key of `defaults` (a typo in a
// field name is an error naming the field, not a silently ignored setting).
inline nlohmann::ordered_json parse_config_object(const std::string& text, const nlohmann::ordered_json& defaults,
                                                  const std::string& origin) {
    nlohmann::ordered_json j;
    try {
        j = nlohmann::ordered_json::parse(text);
    } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for a number like 1e99999
        throw Error(origin + ": not valid JSON (" + e.what() + ")");
    }
    if (!j.is_object()) throw Error(origin + ": expected a JSON object");
    for (auto it = j.begin(); it != j.end(); ++it)
        if (!defaults.contains(it.key())) throw Error(origin + ": unknown field \"" + it.key() + "\"");
    return j;
}

}  // namespace ew

// JSON as text for files, logs and the wire. Text from a model or a user may hold bytes that are not
// UTF-8 (a token can end mid-character); nlohmann's dump() throws on those by default, so every
// writer here replaces them with U+FFFD instead — a malformed byte must not cost a log line, a
// study event or an HTTP answer.
#pragma once
#include <nlohmann/json.hpp>
#include <string>

namespace ew {

// Compact (indent -1) or indented, with invalid UTF-8 replaced.
inline std::string json_text(const nlohmann::json& j, int indent = -1) {
    return j.dump(indent, ' ', false, nlohmann::json::error_handler_t::replace);
}

}  // namespace ew

// A strict RFC 4180 reader for tests: what a statistician's CSV parser makes of our exports.
// Throws std::runtime_error on anything a conforming writer would not produce (a quote inside an
// unquoted field, a bare CR, an unterminated quoted field).
#pragma once
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ew::testing {

inline std::vector<std::vector<std::string>> read_rfc4180(std::string_view text) {
    std::vector<std::vector<std::string>> rows;
    std::vector<std::string> row;
    std::string field;
    bool quoted = false, was_quoted = false;
    auto end_field = [&] {
        row.push_back(std::move(field));
        field.clear();
        was_quoted = false;
    };
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (quoted) {
            if (c != '"') field += c;
            else if (i + 1 < text.size() && text[i + 1] == '"') field += '"', ++i;
            else quoted = false;
        } else if (c == '"') {
            if (!field.empty() || was_quoted) throw std::runtime_error("quote inside an unquoted field at byte " + std::to_string(i));
            quoted = was_quoted = true;
        } else if (c == ',') {
            end_field();
        } else if (c == '\n' || (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n')) {
            if (c == '\r') ++i;
            end_field();
            rows.push_back(std::move(row));
            row.clear();
        } else if (c == '\r') {
            throw std::runtime_error("bare CR in an unquoted field at byte " + std::to_string(i));
        } else {
            if (was_quoted) throw std::runtime_error("text after a closing quote at byte " + std::to_string(i));
            field += c;
        }
    }
    if (quoted) throw std::runtime_error("unterminated quoted field");
    if (!field.empty() || !row.empty() || was_quoted) {
        end_field();
        rows.push_back(std::move(row));
    }
    return rows;
}

}  // namespace ew::testing

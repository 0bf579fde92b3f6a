#include "empower/line_suffix.h"

#include <vector>

namespace ew::empower {

namespace {

bool is_space(char c) { return c == ' ' || c == '\t' || c == '\r'; }
bool is_quote(char c) { return c == '\'' || c == '"'; }
bool is_closer(char c) { return c == ')' || c == ']' || c == '}'; }
bool is_opener(char c) { return c == '(' || c == '[' || c == '{'; }
char closer_of(char opener) { return opener == '(' ? ')' : opener == '[' ? ']' : '}'; }

// Index of the first unescaped `quote` in `text` from `from`, or npos.
std::size_t find_string_end(std::string_view text, std::size_t from, char quote) {
    for (std::size_t i = from; i < text.size(); ++i) {
        if (text[i] == '\\') ++i;  // an escape takes the next character with it
        else if (text[i] == quote) return i;
    }
    return std::string_view::npos;
}

std::string trimmed_right(std::string_view text) {
    while (!text.empty() && is_space(text.back())) text.remove_suffix(1);
    return std::string(text);
}

}  // namespace

bool allows_suggestion_before(std::string_view after_caret) {
    for (char c : after_caret)
        if (!is_space(c) && !is_quote(c) && !is_closer(c)) return false;
    return true;
}

bool is_mid_line(std::string_view after_caret) {
    for (char c : after_caret)
        if (!is_space(c)) return true;
    return false;
}

std::string fit_before_suffix(std::string_view completion, std::string_view line_suffix) {
    const auto first_closer = line_suffix.find_first_not_of(" \t\r");
    if (first_closer == std::string_view::npos) return std::string(completion);
    const std::string_view line = completion.substr(0, completion.find('\n'));
    // The caret is inside a string whose closing quote is on screen: the completion's first
    // unescaped quote of that kind ends the string, and brackets before it are plain text.
    if (is_quote(line_suffix[first_closer])) {
        const auto end = find_string_end(line, 0, line_suffix[first_closer]);
        return end == std::string_view::npos ? std::string(line) : trimmed_right(line.substr(0, end));
    }
    // Inside brackets: follow what the completion opens itself (brackets, and strings whose
    // contents are skipped); the first closer it did not open belongs to the suffix.
    std::vector<char> open;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (is_quote(c)) {
            const auto end = find_string_end(line, i + 1, c);
            if (end == std::string_view::npos) return std::string(line);  // an unfinished string runs to the end
            i = end;
        } else if (is_opener(c)) {
            open.push_back(closer_of(c));
        } else if (is_closer(c)) {
            if (open.empty() || open.back() != c) return trimmed_right(line.substr(0, i));
            open.pop_back();
        }
    }
    return std::string(line);
}

}  // namespace ew::empower

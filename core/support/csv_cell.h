// Writing one CSV cell (RFC 4180) that a spreadsheet cannot mistake for a formula.
//
// Text cells whose first character is = + - @ TAB or CR are formulas to Excel, LibreOffice and
// Google Sheets ("=HYPERLINK(...)" typed by a participant would run when the export is opened), so
// they get a leading ' . So that the original text stays recoverable, a text cell that already
// begins with ' gets one more too: the rule to undo it is always "drop one leading ' from a text
// cell that begins with one". Numbers the exporters write as numbers (-1, 0.250000) are not text
// cells and stay numbers.
#pragma once
#include <string>
#include <string_view>

namespace ew {

// RFC 4180: a field holding a comma, quote, CR or LF is quoted, its quotes doubled.
inline std::string csv_quoted(std::string_view value) {
    if (value.find_first_of(",\"\r\n") == std::string_view::npos) return std::string(value);
    std::string out = "\"";
    for (char c : value) {
        if (c == '"') out += '"';
        out += c;
    }
    return out + "\"";
}

// A text cell: neutralised as above, then quoted.
inline std::string csv_text_cell(std::string_view value) {
    if (!value.empty() && std::string_view("=+-@\t\r'").find(value.front()) != std::string_view::npos)
        return csv_quoted("'" + std::string(value));
    return csv_quoted(value);
}

}  // namespace ew

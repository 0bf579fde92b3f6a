#include "first_character_accuracy.h"

#include <fstream>
#include <iterator>

namespace ew::bench {

namespace {

bool is_word(char c) { return std::isalnum(static_cast<unsigned char>(c)) || c == '_'; }

enum class CutKind { None, AfterSpace, MidWord };

// What kind of pause the position `at` (the bytes before it typed) is in `code`.
CutKind kind_at(const std::string& code, std::size_t at) {
    if (at == 0 || at >= code.size() || code[at] == '\n') return CutKind::None;
    const char before = code[at - 1], next = code[at];
    if (before == ' ' && next != ' ') {
        // Inside a line: something other than indentation precedes the space.
        const auto line_start = code.rfind('\n', at - 1);
        const auto text_start = code.find_first_not_of(' ', line_start == std::string::npos ? 0 : line_start + 1);
        return text_start < at - 1 ? CutKind::AfterSpace : CutKind::None;
    }
    if (is_word(before) && is_word(next) && at >= 2 && is_word(code[at - 2])) return CutKind::MidWord;
    return CutKind::None;
}

void count(FirstCharacterFigures& f, const std::string& suggestion, char real_next) {
    ++f.cuts;
    if (suggestion.empty()) {
        ++f.empty;
        return;
    }
    if (suggestion.front() == real_next) ++f.first_char_right;
    if (suggestion.front() == ' ' || suggestion.front() == '\t') ++f.starts_with_space;
}

}  // namespace

FirstCharacterReport measure_first_character(const lm::LanguageModel& model, const std::vector<std::filesystem::path>& files,
                                             empower::SuggestionPolicy policy, bool heal, int per_file) {
    policy.heal = heal;
    FirstCharacterReport report;
    for (const auto& file : files) {
        std::ifstream in(file, std::ios::binary);
        const std::string code((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        for (const auto kind : {CutKind::AfterSpace, CutKind::MidWord}) {
            std::vector<std::size_t> cuts;
            for (std::size_t at = 1; at < code.size(); ++at)
                if (kind_at(code, at) == kind) cuts.push_back(at);
            const std::size_t take = std::min<std::size_t>(cuts.size(), static_cast<std::size_t>(per_file));
            auto& figures = kind == CutKind::AfterSpace ? report.after_space : report.mid_word;
            for (std::size_t i = 0; i < take; ++i) {
                const std::size_t at = cuts[i * cuts.size() / take];  // evenly spread, deterministic
                auto session = model.new_session();
                const auto s = empower::suggest(model, *session, {std::string_view(code).substr(0, at), policy, 0, nullptr});
                count(figures, s.text, code[at]);
            }
        }
    }
    return report;
}

}  // namespace ew::bench

#include "empower/decision_map.h"

#include "empower/decision_points.h"
#include "lm/document_windows.h"
#include "support/utf8.h"

#include <algorithm>

namespace ew::empower {

FileScores score_file(const lm::LanguageModel& model, std::string_view text, int top_k, const std::atomic<bool>& cancelled,
                      const std::function<void(const FileScores&, std::size_t)>& progress, const FileScores* earlier) {
    const auto& tok = model.tokenizer();
    const auto ids = tok.encode(text);
    // Code point index of every byte boundary: a boundary inside a character counts it as before.
    std::vector<std::size_t> chars_before(text.size() + 1, 0);
    std::size_t chars = 0;
    for (std::size_t i = 0; i < text.size();) {
        const auto c = utf8_char_at(text, i);
        chars_before[i] = chars;
        ++chars;
        for (std::size_t k = 1; k < c.bytes; ++k) chars_before[i + k] = chars;
        i += c.bytes;
    }
    chars_before[text.size()] = chars;

    FileScores out;
    out.total_chars = chars;
    out.complete = ids.empty();
    out.tokens.reserve(ids.size());
    std::size_t byte = 0, line = 1;
    const std::size_t window = lm::whole_file_window(model.context_length());
    // Whole windows of the earlier scores whose tokens (and so their context) are unchanged.
    std::size_t first_window = 0;
    if (earlier) {
        std::size_t same = 0;
        while (same < ids.size() && same < earlier->tokens.size() && earlier->tokens[same].id == ids[same]) ++same;
        first_window = same / window;
        for (std::size_t i = 0; i < first_window * window; ++i) {
            out.tokens.push_back(earlier->tokens[i]);
            byte += out.tokens.back().bytes;
            line = out.tokens.back().line;
        }
        if (!out.tokens.empty()) {
            const auto& last = out.tokens.back();
            line += static_cast<std::size_t>(std::count(text.begin() + long(last.byte_offset), text.begin() + long(byte), '\n'));
        }
        if (first_window > 0 && progress) progress(out, ids.size());
    }
    lm::score_document(model, ids, window, window, top_k, cancelled, [&](std::size_t done, std::size_t total, const auto& scored) {
        for (const auto& s : scored) {
            FileToken t;
            t.byte_offset = byte;
            t.bytes = tok.token_bytes(s.id).size();
            const std::size_t end = std::min(text.size(), byte + t.bytes);
            t.offset = chars_before[byte];
            t.chars = chars_before[end] - t.offset;
            t.line = line;
            t.id = s.id;
            t.nll = std::max(0.0, -double(s.logprob));
            t.top = s.top;
            for (std::size_t r = 0; r < s.top.size(); ++r)
                if (s.top[r].id == s.id) t.rank = static_cast<int>(r) + 1;
            for (std::size_t i = byte; i < end; ++i) line += text[i] == '\n';
            byte = end;
            out.tokens.push_back(std::move(t));
        }
        out.complete = done == total;
        if (progress) progress(out, total);
    }, first_window);
    out.complete = out.tokens.size() == ids.size();
    return out;
}

DecisionMap decision_map(const FileScores& scores, double eta) {
    std::vector<double> nll;
    std::vector<std::size_t> chars;
    for (const auto& t : scores.tokens) {
        nll.push_back(t.nll);
        chars.push_back(t.chars);
    }
    DecisionMap map;
    map.eta = eta;
    map.points = decision_points(nll, eta);
    for (const auto c : chars) map.total_chars += c;  // the whole file's once scoring is complete
    std::size_t decided = 0;
    for (const auto i : map.points) decided += chars[i];
    map.completable_chars = map.total_chars - decided;
    for (const double e : share_curve_etas()) map.by_eta.push_back({e, completable_share(nll, chars, e)});
    return map;
}

}  // namespace ew::empower

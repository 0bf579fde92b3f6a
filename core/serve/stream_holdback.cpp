#include "serve/stream_holdback.h"

#include <algorithm>

namespace ew::serve {

namespace {

// Bytes at the end of `s` that begin a UTF-8 character not yet complete (0: it ends on a boundary).
std::size_t incomplete_utf8_tail(const std::string& s) {
    for (std::size_t back = 1; back <= std::min<std::size_t>(4, s.size()); ++back) {
        const auto byte = static_cast<unsigned char>(s[s.size() - back]);
        if ((byte & 0xC0) == 0x80) continue;  // a continuation byte: the lead is further back
        const std::size_t length = byte < 0x80 ? 1 : (byte & 0xE0) == 0xC0 ? 2 : (byte & 0xF0) == 0xE0 ? 3 : (byte & 0xF8) == 0xF0 ? 4 : 1;
        return length > back ? back : 0;
    }
    return 0;  // only continuation bytes: invalid, sent as it is (the JSON writer replaces it)
}

}  // namespace

StreamHoldback::StreamHoldback(std::vector<std::string> stop) {
    for (auto& s : stop)
        if (!s.empty()) stop_.push_back(std::move(s));
}

std::string StreamHoldback::push(std::string_view piece) {
    if (stopped_) return {};
    text_ += piece;
    std::size_t safe = text_.size();
    for (const auto& s : stop_)
        if (const auto at = text_.find(s); at != std::string::npos && at < safe) {
            safe = at;
            stopped_ = true;
        }
    if (!stopped_) {
        // The longest end of the text that a stop string begins with may become that stop string.
        for (const auto& s : stop_)
            for (std::size_t k = std::min(s.size() - 1, text_.size()); k > 0; --k)
                if (text_.compare(text_.size() - k, k, s, 0, k) == 0) {
                    safe = std::min(safe, text_.size() - k);
                    break;
                }
        if (safe == text_.size()) safe -= incomplete_utf8_tail(text_);
    }
    // Never split a character where a stop string or its prefix starts mid-character either.
    while (safe > sent_.size() && safe < text_.size() && (static_cast<unsigned char>(text_[safe]) & 0xC0) == 0x80) --safe;
    if (safe <= sent_.size()) return {};
    std::string out = text_.substr(sent_.size(), safe - sent_.size());
    sent_ += out;
    return out;
}

std::string StreamHoldback::finish(const std::string& served_text) {
    if (served_text.compare(0, sent_.size(), sent_) != 0 || served_text.size() < sent_.size()) return {};
    std::string rest = served_text.substr(sent_.size());
    sent_ = served_text;
    return rest;
}

}  // namespace ew::serve

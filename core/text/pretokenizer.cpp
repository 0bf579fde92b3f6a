#include "text/pretokenizer.h"

#include "support/error.h"

#include <cctype>

#define PCRE2_CODE_UNIT_WIDTH 8
#include <pcre2.h>

namespace ew::text {

struct PreTokenizer::Compiled {
    pcre2_code* code = nullptr;
    ~Compiled() { pcre2_code_free(code); }
};

std::string regex_for_literal(std::string_view literal) {
    std::string out;
    for (char c : literal) {
        const auto u = static_cast<unsigned char>(c);
        // An escaped ASCII punctuation character is itself; letters, digits and UTF-8 bytes stay as they are.
        if (u < 0x80 && !std::isalnum(u)) out += '\\';
        out += c;
    }
    return out;
}

PreTokenizer::PreTokenizer(std::string pattern, SplitBehavior behavior) : pattern_(std::move(pattern)), behavior_(behavior) {
    if (pattern_.empty()) return;
    int error_code = 0;
    PCRE2_SIZE error_offset = 0;
    // MATCH_INVALID_UTF: invalid byte sequences are never matched (they become gap chunks below)
    // instead of making every match call fail.
    pcre2_code* code = pcre2_compile(reinterpret_cast<PCRE2_SPTR>(pattern_.data()), pattern_.size(),
                                     PCRE2_UTF | PCRE2_UCP | PCRE2_MATCH_INVALID_UTF, &error_code,
                                     &error_offset, nullptr);
    if (!code) {
        PCRE2_UCHAR message[256];
        pcre2_get_error_message(error_code, message, sizeof message);
        throw Error("pre-tokenizer pattern does not compile at offset " + std::to_string(error_offset) +
                    ": " + reinterpret_cast<const char*>(message));
    }
    pcre2_jit_compile(code, PCRE2_JIT_COMPLETE);  // optional speed-up; falls back silently
    compiled_ = std::make_unique<Compiled>();
    compiled_->code = code;
}

PreTokenizer::~PreTokenizer() = default;
PreTokenizer::PreTokenizer(PreTokenizer&&) noexcept = default;
PreTokenizer& PreTokenizer::operator=(PreTokenizer&&) noexcept = default;
PreTokenizer::PreTokenizer(const PreTokenizer& other) : PreTokenizer(other.pattern_, other.behavior_) {}
PreTokenizer& PreTokenizer::operator=(const PreTokenizer& other) {
    if (this != &other) *this = PreTokenizer(other.pattern_, other.behavior_);
    return *this;
}

std::vector<std::string_view> PreTokenizer::split(std::string_view text) const {
    std::vector<std::string_view> chunks;
    if (text.empty()) return chunks;
    if (!compiled_) {
        chunks.push_back(text);
        return chunks;
    }
    const std::unique_ptr<pcre2_match_data, decltype(&pcre2_match_data_free)> match_data(
        pcre2_match_data_create_from_pattern(compiled_->code, nullptr), pcre2_match_data_free);
    pcre2_match_data* match = match_data.get();
    const auto* subject = reinterpret_cast<PCRE2_SPTR>(text.data());
    // Chunks are [start, end) byte ranges; `open` is the start of a chunk still to be closed.
    std::size_t pos = 0;
    std::size_t covered = 0;  // bytes before this are already in a chunk (or in the open one)
    std::size_t open = 0;
    const auto close_at = [&](std::size_t end) {
        if (end > open) chunks.push_back(text.substr(open, end - open));
        open = end;
    };
    while (pos < text.size()) {
        int rc = pcre2_match(compiled_->code, subject, text.size(), pos, 0, match, nullptr);
        if (rc == PCRE2_ERROR_NOMATCH) break;  // the tail becomes a gap chunk
        if (rc < 0) {
            // A failed match (match or depth limit, a pattern that backtracks catastrophically)
            // is not "no more matches": carrying on would tokenize the rest as one chunk.
            PCRE2_UCHAR message[256];
            pcre2_get_error_message(rc, message, sizeof message);
            throw Error("pre-tokenizer pattern failed at byte " + std::to_string(pos) + " of a " + std::to_string(text.size()) +
                        "-byte text: " + reinterpret_cast<const char*>(message) + " (PCRE2 error " + std::to_string(rc) + ")");
        }
        PCRE2_SIZE* ov = pcre2_get_ovector_pointer(match);
        std::size_t begin = ov[0], end = ov[1];
        if (end == begin) {  // empty match: step one byte so the loop always advances
            pos = end + 1;
            continue;
        }
        const bool gap = begin > covered;
        switch (behavior_) {
            case SplitBehavior::Isolated:  // "the", "-", "final"
                close_at(begin);
                close_at(end);
                break;
            case SplitBehavior::MergedWithPrevious:  // "the-", "final-", "-": a match after a match stands alone
                if (!gap) close_at(begin);
                close_at(end);
                break;
            case SplitBehavior::MergedWithNext:  // "the", "-final", "-", "-countdown"
                close_at(begin);
                break;
        }
        covered = pos = end;
    }
    close_at(text.size());
    return chunks;
}

}  // namespace ew::text

// How a long document is scored token by token in bounded work: consecutive windows of fresh
// tokens, each scored after at most `context` tokens that precede it. Every token is scored once,
// every pass is at most context + fresh tokens long, so scoring time and memory grow linearly with
// the document (one pass over a whole file would grow quadratically in attention, and its
// activations with the file). The price: a token more than `context` tokens into a window's past
// is not seen — the same bounded view a suggestion's capped context has.
#pragma once
#include "lm/language_model.h"

#include <atomic>
#include <cstddef>
#include <functional>
#include <vector>

namespace ew::lm {

struct DocumentWindow {
    std::size_t context_begin = 0;  // the tokens [context_begin, begin) condition the window
    std::size_t begin = 0;          // the tokens [begin, end) are scored
    std::size_t end = 0;
};

// The editor's whole-file colouring (and the decision-point map): windows of at most this many
// fresh tokens after as many preceding ones, so a pass is at most twice this long, and Stop or an
// edit waits for one window at most. The load's memory estimate sizes the KV cache from it.
inline constexpr std::size_t kWholeFileWindow = 512;

// kWholeFileWindow, or less where the model's context cannot hold two of them.
std::size_t whole_file_window(int context_length);

// Windows covering [0, tokens) in order; `fresh` ≥ 1 tokens scored per window.
std::vector<DocumentWindow> document_windows(std::size_t tokens, std::size_t fresh, std::size_t context);

// Scores every token of `ids` window by window, one model call per window. After each window,
// `progress(scored so far, ids.size(), the window's tokens)` (may be empty). Returns early, with
// what was scored, once `cancelled` is set (checked before every window). `first_window` skips the
// windows before it (a caller that kept their tokens from an earlier pass over the same ids):
// the result then starts at that window's first token, and the counts passed to progress include
// the skipped tokens.
std::vector<ScoredToken> score_document(const LanguageModel& model, const std::vector<TokenId>& ids, std::size_t fresh,
                                        std::size_t context, int top_k, const std::atomic<bool>& cancelled,
                                        const std::function<void(std::size_t, std::size_t, const std::vector<ScoredToken>&)>& progress = {},
                                        std::size_t first_window = 0);

}  // namespace ew::lm

// A whole file's decision points (issue 16 §1), shared by `empower map` and the editor: the file
// scored token by token by the likelihood model, each token placed in the text, then walked at η
// by decision_points(). Scoring is the costly part and depends on the text only; the walk is
// cheap, so moving η re-walks the cached scores without a model call.
//
// Windows: the file is scored in the whole-file colouring's windows (lm/document_windows.h) —
// at most kWholeFileWindow fresh tokens, each after at most as many tokens before them — so a file
// longer than the model's context is covered to its end in linear time and memory, every token
// seeing at least the kWholeFileWindow tokens before its window and at most twice that.
#pragma once
#include "lm/language_model.h"

#include <atomic>
#include <cstddef>
#include <functional>
#include <string_view>
#include <vector>

namespace ew::empower {

struct FileToken {
    std::size_t byte_offset = 0, bytes = 0;
    std::size_t offset = 0;  // Unicode code points before the token (a token that starts inside a character: the next one)
    std::size_t chars = 0;   // code points that start inside the token
    std::size_t line = 1;    // of its first byte, from 1
    lm::TokenId id = 0;
    double nll = 0;          // −log p, nats
    int rank = 0;            // 1 = the model's likeliest token; 0 = not among `top`
    std::vector<lm::Alternative> top;
};

struct FileScores {
    std::vector<FileToken> tokens;
    std::size_t total_chars = 0;
    bool complete = true;  // false: cancelled before the end (tokens holds the part scored)
};

// progress(what is scored so far, tokens in the file) after each window, so a view can paint the
// file as it is scored; `cancelled` is checked before each window.
//
// `earlier`: the scores of an earlier version of the file (after an edit), by the same model with
// the same top_k. Its windows that end before the first token that differs are kept as they are
// and scoring starts at the window holding that token — the same windows and the same numbers as
// scoring the new text from the start, for the cost of the windows from the edit on.
FileScores score_file(const lm::LanguageModel& model, std::string_view text, int top_k, const std::atomic<bool>& cancelled,
                      const std::function<void(const FileScores&, std::size_t)>& progress = {}, const FileScores* earlier = nullptr);

struct SharePoint {
    double eta = 0;
    double completable_share = 0;
};

struct DecisionMap {
    double eta = 0;                   // nats
    std::vector<std::size_t> points;  // indices into FileScores::tokens, ascending
    std::size_t completable_chars = 0, total_chars = 0;  // of the tokens scored (all of them unless cancelled)
    std::vector<SharePoint> by_eta;   // share_curve_etas()
};

DecisionMap decision_map(const FileScores& scores, double eta);

}  // namespace ew::empower

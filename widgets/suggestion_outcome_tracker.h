// What became of each suggestion the editor showed, for the adaptive η (issue 16 §2): how many of
// its shown tokens the person kept — accepted with Tab / Ctrl+Right / Ctrl+Down, or typed through
// character by character — before it ended: rejected with Esc, accepted to its end, dismissed by
// another edit or a caret move, or replaced by the next suggestion. One judgement per suggestion,
// emitted when it ends — also for one whose cut showed nothing (0 shown, 0 kept).
#pragma once
#include "empower/adaptive_eta.h"

#include <QObject>
#include <memory>

namespace ew::widgets {

class CodeEditor;
class SuggestionController;
struct ShownSuggestion;

class SuggestionOutcomeTracker : public QObject {
    Q_OBJECT
public:
    SuggestionOutcomeTracker(CodeEditor* editor, SuggestionController* controller, QObject* parent = nullptr);
    // The tokenizer of the model that makes the suggestions (their token boundaries); null: nothing is judged.
    void setTokenizer(std::shared_ptr<const text::BpeTokenizer> tokenizer) { tokenizer_ = std::move(tokenizer); }

signals:
    // `profile`: the suggestion as generated, with profile.shown tokens shown; `kept`: of those, kept.
    void judged(const empower::SuggestionProfile& profile, std::size_t kept);

private:
    void begin(const std::shared_ptr<const ShownSuggestion>& shown);
    void finish();
    void finishLater();  // after the signals of the same event (a whole accept also clears) are in

    std::shared_ptr<const text::BpeTokenizer> tokenizer_;
    empower::SuggestionProfile profile_;
    quint64 request_ = 0;
    std::size_t keptBytes_ = 0;
    bool open_ = false;
    quint64 generation_ = 0;  // which suggestion a deferred finish belongs to
};

}  // namespace ew::widgets

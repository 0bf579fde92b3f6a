#include "suggestion_outcome_tracker.h"

#include "code_editor.h"
#include "suggestion_controller.h"

#include <QTimer>

namespace ew::widgets {

SuggestionOutcomeTracker::SuggestionOutcomeTracker(CodeEditor* editor, SuggestionController* controller, QObject* parent)
    : QObject(parent) {
    connect(controller, &SuggestionController::suggestionShown, this, [this](const std::shared_ptr<const ShownSuggestion>& shown) {
        // The same model call shown again (η moved and it was re-cut): the same suggestion, newly cut.
        if (open_ && shown->request == request_) {
            if (tokenizer_) profile_ = empower::profile_of(shown->suggestion, *tokenizer_);
            return;
        }
        finish();
        begin(shown);
    });
    connect(controller, &SuggestionController::suggestionExtended, this, [this](const std::shared_ptr<const ShownSuggestion>& shown) {
        if (open_ && shown->request == request_ && tokenizer_) profile_ = empower::profile_of(shown->suggestion, *tokenizer_);
    });
    // The controller clears on the same signals the editor sends for an accept or a reject, perhaps
    // before this tracker hears them: finish once this event's signals are all in.
    connect(controller, &SuggestionController::suggestionCleared, this, [this] { finishLater(); });
    connect(editor, &CodeEditor::ghostAccepted, this, [this](const QString& part, bool whole) {
        if (!open_) return;
        keptBytes_ += static_cast<std::size_t>(part.toUtf8().size());
        if (whole) finish();
    });
    connect(editor, &CodeEditor::ghostTypedThrough, this, [this](const QString& typed) {
        if (open_) keptBytes_ += static_cast<std::size_t>(typed.toUtf8().size());
    });
    connect(editor, &CodeEditor::ghostRejected, this, [this] { finish(); });
}

void SuggestionOutcomeTracker::begin(const std::shared_ptr<const ShownSuggestion>& shown) {
    if (!tokenizer_) return;
    profile_ = empower::profile_of(shown->suggestion, *tokenizer_);
    request_ = shown->request;
    keptBytes_ = 0;
    // One that showed nothing is judged too (kept 0 of 0 shown): what it would have shown at a
    // larger η is what keeps the adaptive η's floor honest (empower/adaptive_eta.h).
    open_ = !profile_.cumulative_nll.empty();
    ++generation_;
}

void SuggestionOutcomeTracker::finish() {
    if (!open_) return;
    open_ = false;
    ++generation_;
    emit judged(profile_, empower::tokens_within(profile_, keptBytes_));
}

void SuggestionOutcomeTracker::finishLater() {
    if (!open_) return;
    QTimer::singleShot(0, this, [this, generation = generation_] {
        if (generation == generation_) finish();
    });
}

}  // namespace ew::widgets

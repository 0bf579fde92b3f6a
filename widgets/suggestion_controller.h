// Drives live suggestions for one editor: debounces keystrokes (fixed or adaptive to the user's
// typing rhythm), sends the prefix to the model worker (cancelling stale requests), drops results
// that no longer match the editor, shows the cut as ghost text, and re-cuts on η changes without
// a model call.
#pragma once
#include <functional>
#include "empower/suggestion_policy.h"
#include "lm/language_model.h"

#include <QElapsedTimer>
#include <QObject>
#include <QTimer>
#include <deque>
#include <memory>

namespace ew::widgets {

class CodeEditor;
class ModelWorker;

// What the editor shows and the visualizer draws: one suggestion and the prefix it was made for.
struct ShownSuggestion {
    QByteArray prefix;
    empower::Suggestion suggestion;  // tokens, cumulative NLL, cut under the current policy
    empower::SuggestionPolicy policy;
    double latencyMs = 0;            // debounce fire -> ghost text shown
    quint64 request = 0;             // the model call it came from (the same for suggestionExtended)
};

class SuggestionController : public QObject {
    Q_OBJECT
public:
    SuggestionController(CodeEditor* editor, ModelWorker* worker, QObject* parent = nullptr);

    void setModel(std::shared_ptr<const lm::LanguageModel> model);
    void setPolicy(const empower::SuggestionPolicy& policy);
    const empower::SuggestionPolicy& policy() const { return policy_; }
    void setDebounceMs(int ms) { debounceMs_ = ms; }
    int debounceMs() const { return debounceMs_; }
    void setAdaptiveDebounce(bool on) { adaptive_ = on; }
    int effectiveDebounceMs() const;
    void setTopK(int k) { topK_ = k; }
    void setEnabled(bool on);

    void requestNow();  // skip the debounce (tests, "suggest" shortcut)
    // Runs the prompt for the caret (or, with the caret at the top of a file just opened, for the
    // end of the file) through the model in the background, so the first suggestion there reuses
    // the KV cache instead of prefilling the whole context while the person waits. Called when a
    // model is set and when the caret comes to rest somewhere new; cancelled by the next jump.
    void prefillNow();
    int prefillsStarted() const { return prefillsStarted_; }
    int prefillsFinished() const { return prefillsFinished_; }  // ran to the end (not cancelled)
    std::shared_ptr<const ShownSuggestion> current() const { return current_; }
    int modelCalls() const { return modelCalls_; }
    // A model call will start when the debounce fires: tests assert "nothing will be asked" on
    // this (and a spy on requested()), not by waiting longer than the debounce.
    bool requestPending() const { return debounce_.isActive(); }

signals:
    void requested();  // a model call was started for the text before the caret
    void suggestionShown(std::shared_ptr<const ShownSuggestion> shown);
    // The lookahead tokens behind the ghost text now on screen arrived (same cut and text, more
    // tokens for the η slider and the visualizer); not a new suggestion.
    void suggestionExtended(std::shared_ptr<const ShownSuggestion> shown);
    void suggestionCleared();
    void failed(const QString& message);

private:
    std::function<void(const QString&)> reportFailure();  // slot errors become failed() (guarded_call.h)
    void onEdited();
    void fire();
    void onCaretRested();
    void showCurrent();
    void deliver(quint64 id, long anchor, const QByteArray& prefix, empower::Suggestion s, qint64 firedAtNs, bool early);

    CodeEditor* editor_;
    ModelWorker* worker_;
    std::shared_ptr<const lm::LanguageModel> model_;
    std::shared_ptr<lm::GenerationSession> session_;
    empower::SuggestionPolicy policy_;
    std::shared_ptr<const ShownSuggestion> current_;
    QTimer debounce_;
    QTimer prefillTimer_;         // the caret has rested after a jump: prefill there
    QByteArray lastModelPrefix_;  // the text before the caret of the latest model call (suggestion or prefill)
    QElapsedTimer clock_;
    std::deque<qint64> keyIntervalsMs_;
    qint64 lastEditMs_ = -1;
    int debounceMs_ = 150;
    bool adaptive_ = false;
    bool enabled_ = true;
    int topK_ = 5;
    quint64 latestRequest_ = 0;
    quint64 shownRequest_ = 0;  // the request whose suggestion current_ holds
    int modelCalls_ = 0;
    int prefillsStarted_ = 0;
    int prefillsFinished_ = 0;
};

}  // namespace ew::widgets

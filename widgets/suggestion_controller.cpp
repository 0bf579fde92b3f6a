#include "suggestion_controller.h"

#include "guarded_call.h"

#include "code_editor.h"
#include "empower/line_suffix.h"
#include "model_worker.h"
#include "support/failure_message.h"

#include <QPointer>
#include <algorithm>
#include <cmath>

namespace ew::widgets {

std::function<void(const QString&)> SuggestionController::reportFailure() {
    return [this](const QString& message) { emit failed(message); };
}

SuggestionController::SuggestionController(CodeEditor* editor, ModelWorker* worker, QObject* parent)
    : QObject(parent), editor_(editor), worker_(worker) {
    debounce_.setSingleShot(true);
    prefillTimer_.setSingleShot(true);
    prefillTimer_.setInterval(400);
    clock_.start();
    connect(&debounce_, &QTimer::timeout, this, guard(reportFailure(), {}, [this] { fire(); }));
    connect(&prefillTimer_, &QTimer::timeout, this, guard(reportFailure(), {}, [this] { onCaretRested(); }));
    connect(editor_, &QsciScintilla::cursorPositionChanged, this, [this] { prefillTimer_.start(); });
    connect(editor_, &CodeEditor::userEdited, this, guard(reportFailure(), {}, [this] { onEdited(); }));
    connect(editor_, &CodeEditor::caretMovedAway, this, guard(reportFailure(), {}, [this] {
        current_.reset();
        emit suggestionCleared();
        worker_->cancel("suggest");
        debounce_.start(effectiveDebounceMs());
    }));
    connect(editor_, &CodeEditor::ghostRejected, this, guard(reportFailure(), {}, [this] {
        ++latestRequest_;  // a result already on its way (the lookahead after an early ghost) is stale
        current_.reset();
        worker_->cancel("suggest");
        debounce_.stop();
        emit suggestionCleared();
    }));
    connect(editor_, &CodeEditor::ghostAccepted, this, guard(reportFailure(), {}, [this](const QString&, bool whole) {
        if (!whole) return;  // the rest of the suggestion stays on screen
        current_.reset();
        emit suggestionCleared();
        debounce_.start(effectiveDebounceMs());  // offer the continuation
    }));
}

void SuggestionController::setModel(std::shared_ptr<const lm::LanguageModel> model) {
    worker_->cancel("suggest");
    worker_->cancel("prefill");
    model_ = std::move(model);
    session_ = model_ ? std::shared_ptr<lm::GenerationSession>(model_->new_session()) : nullptr;
    current_.reset();
    lastModelPrefix_.clear();
    editor_->clearGhostText();
    if (model_) prefillNow();
}

void SuggestionController::setEnabled(bool on) {
    enabled_ = on;
    if (!on) {
        ++latestRequest_;
        debounce_.stop();
        worker_->cancel("suggest");
        editor_->clearGhostText();
        current_.reset();
        emit suggestionCleared();
    }
}

int SuggestionController::effectiveDebounceMs() const {
    if (!adaptive_ || keyIntervalsMs_.size() < 5) return debounceMs_;
    // Tabby-style: wait a bit longer than this user's usual pause between keys (75th percentile),
    // so suggestions arrive when they pause, not mid-word.
    std::vector<qint64> sorted(keyIntervalsMs_.begin(), keyIntervalsMs_.end());
    std::sort(sorted.begin(), sorted.end());
    const auto p75 = sorted[sorted.size() * 3 / 4];
    return static_cast<int>(std::clamp<qint64>(p75 * 6 / 5, 50, 600));
}

void SuggestionController::onEdited() {
    const qint64 now = clock_.elapsed();
    if (lastEditMs_ >= 0 && now - lastEditMs_ < 2000) {
        keyIntervalsMs_.push_back(now - lastEditMs_);
        if (keyIntervalsMs_.size() > 30) keyIntervalsMs_.pop_front();
    }
    lastEditMs_ = now;
    if (current_) {
        current_.reset();
        emit suggestionCleared();
    }
    worker_->cancel("suggest");
    if (enabled_) debounce_.start(effectiveDebounceMs());
}

void SuggestionController::onCaretRested() {
    // Typing moves the caret too, but then the suggestion request covers it.
    if (debounce_.isActive() || (lastEditMs_ >= 0 && clock_.elapsed() - lastEditMs_ < 1000)) return;
    prefillNow();
}

void SuggestionController::prefillNow() {
    if (!enabled_ || !model_ || !session_) return;
    QByteArray prefix = editor_->bytesBeforeCaret();
    if (prefix.isEmpty()) prefix = editor_->textBytes(0, static_cast<int>(editor_->SendScintilla(QsciScintilla::SCI_GETLENGTH)));
    if (prefix.isEmpty() || prefix == lastModelPrefix_) return;
    lastModelPrefix_ = prefix;
    ++prefillsStarted_;
    // The suggestion code path itself with one token to generate: the same healing and context
    // window, so the cached tokens are exactly the ones the next suggestion here asks for.
    auto policy = policy_;
    policy.max_tokens = 1;
    QPointer<SuggestionController> self(this);
    worker_->submit("prefill", [self, prefix, model = model_, session = session_, policy](const std::atomic<bool>& cancelled) {
        try {
            const auto s = empower::suggest(
                *model, *session, {std::string_view(prefix.constData(), static_cast<std::size_t>(prefix.size())), policy, 0, nullptr}, &cancelled);
            if (cancelled.load() || s.stop_reason == lm::StopReason::Cancelled) return;
            QMetaObject::invokeMethod(self, [self] { if (self) ++self->prefillsFinished_; }, Qt::QueuedConnection);
        } catch (const std::exception&) {
            // Nothing to show: the suggestion that follows reports the same error where the person looks.
        }
    });
}

void SuggestionController::requestNow() {
    debounce_.stop();
    fire();
}

void SuggestionController::fire() {
    if (!enabled_ || !model_ || editor_->hasSelectedText()) return;
    // At a line's end, or mid-line before nothing but closers (`print(|)`); elsewhere the person is editing.
    const QByteArray rest = editor_->restOfCaretLine();
    const std::string_view restView(rest.constData(), static_cast<std::size_t>(rest.size()));
    if (!empower::allows_suggestion_before(restView)) return;
    const QByteArray lineSuffix = empower::is_mid_line(restView) ? rest : QByteArray();
    const quint64 id = ++latestRequest_;
    const long anchor = editor_->caretByteOffset();
    const QByteArray prefix = editor_->bytesBeforeCaret();
    lastModelPrefix_ = prefix;
    worker_->cancel("prefill");  // this request computes the same prompt, for where the caret is now
    const qint64 firedAt = clock_.nsecsElapsed();
    ++modelCalls_;
    emit requested();
    QPointer<SuggestionController> self(this);
    worker_->submit("suggest", [self, id, anchor, prefix, lineSuffix, firedAt, model = model_, session = session_, policy = policy_,
                                topK = topK_](const std::atomic<bool>& cancelled) {
        // Posts a result to the UI thread; `early`: the cut is final, lookahead tokens still to come.
        auto post = [self, id, anchor, prefix, firedAt](empower::Suggestion s, QString error, bool early) {
            QMetaObject::invokeMethod(
                self, [self, id, anchor, prefix, s = std::move(s), firedAt, error, early]() mutable {
                    if (!self) return;
                    if (!error.isEmpty()) {
                        emit self->failed(error);
                        return;
                    }
                    guarded(self->reportFailure(), {}, [&] { self->deliver(id, anchor, prefix, std::move(s), firedAt, early); });
                },
                Qt::QueuedConnection);
        };
        empower::Suggestion s;
        QString error;
        try {
            empower::SuggestRequest request{std::string_view(prefix.constData(), prefix.size()), policy, topK, nullptr};
            request.line_suffix = std::string_view(lineSuffix.constData(), static_cast<std::size_t>(lineSuffix.size()));
            // Show the ghost text as soon as its cut is final; the lookahead for the η slider follows.
            request.on_cut_final = [&](const empower::Suggestion& early) {
                if (!cancelled.load()) post(early, QString(), true);
            };
            s = empower::suggest(*model, *session, request, &cancelled);
        } catch (const std::exception& e) {
            error = QString::fromStdString(report_failure(e, "suggestion"));
        }
        if (cancelled.load() || s.stop_reason == lm::StopReason::Cancelled) return;
        post(std::move(s), error, false);
    });
}

void SuggestionController::deliver(quint64 id, long anchor, const QByteArray& prefix, empower::Suggestion s, qint64 firedAtNs,
                                   bool early) {
    // Stale: a newer request exists, or the editor moved on since this one was made.
    if (id != latestRequest_ || editor_->caretByteOffset() != anchor || editor_->bytesBeforeCaret() != prefix) return;
    const QString text = QString::fromUtf8(s.text.data(), static_cast<qsizetype>(s.text.size()));
    if (!early && current_ && shownRequest_ == id) {
        // The lookahead behind a ghost already on screen: same cut, more tokens for the η slider.
        // Only while the ghost is untouched (a partial accept moved the caret and made this stale).
        if (!editor_->hasGhostText() && !text.isEmpty()) return;
        auto shown = std::make_shared<ShownSuggestion>(*current_);
        shown->suggestion = std::move(s);
        current_ = shown;
        emit suggestionExtended(current_);
        return;
    }
    auto shown = std::make_shared<ShownSuggestion>();
    shown->prefix = prefix;
    shown->suggestion = std::move(s);
    shown->policy = policy_;
    shown->request = id;
    current_ = shown;
    shownRequest_ = id;
    showCurrent();
    shown->latencyMs = double(clock_.nsecsElapsed() - firedAtNs) / 1e6;
    emit suggestionShown(current_);
}

void SuggestionController::showCurrent() {
    const auto& text = current_->suggestion.text;
    if (text.empty()) editor_->clearGhostText();
    else editor_->showGhostText(QString::fromUtf8(text.data(), static_cast<qsizetype>(text.size())));
}

void SuggestionController::setPolicy(const empower::SuggestionPolicy& policy) {
    const bool sameGeneration = policy.kind == policy_.kind && policy.max_tokens == policy_.max_tokens &&
                                policy.context_tokens == policy_.context_tokens &&
                                (policy.kind != empower::PolicyKind::BaseN || policy.n == policy_.n);
    policy_ = policy;
    if (!current_) return;
    if (!sameGeneration) {  // a different policy needs different tokens: ask the model again
        current_.reset();
        editor_->clearGhostText();
        emit suggestionCleared();
        if (enabled_) debounce_.start(0);
        return;
    }
    // η (or units) changed: re-cut the tokens we already have. If generation stopped early at
    // lookahead × the old η and the new η reaches past what was generated, ask again instead.
    const auto& old = current_->suggestion;
    const double needNats = empower::to_nats(policy.eta, policy.unit);
    if (old.stop_reason == lm::StopReason::LikelihoodBudget && !old.cumulative_nll.empty() &&
        needNats >= old.cumulative_nll.back()) {
        if (enabled_) debounce_.start(0);
        return;
    }
    // Only when the full ghost is still on screen at its anchor (no partial accept/typing yet).
    const bool untouched = editor_->hasGhostText() &&
                           editor_->ghostText() == QString::fromUtf8(old.text.data(), static_cast<qsizetype>(old.text.size()));
    if (!untouched && !old.text.empty()) return;
    if (old.text.empty() && editor_->bytesBeforeCaret() != current_->prefix) return;
    auto shown = std::make_shared<ShownSuggestion>(*current_);
    empower::recut(shown->suggestion, policy, model_->tokenizer());
    shown->policy = policy;
    current_ = shown;
    showCurrent();
    emit suggestionShown(current_);
}

}  // namespace ew::widgets

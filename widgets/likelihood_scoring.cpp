#include "likelihood_scoring.h"

#include "likelihood_view.h"
#include "lm/continuation_scoring.h"
#include "lm/transformer_language_model.h"
#include "model_worker.h"
#include "support/failure_message.h"


namespace ew::widgets {

void scoreIntoView(ModelWorker* worker, const QString& jobKind, std::shared_ptr<lm::TransformerLanguageModel> model,
                   LikelihoodScoring what, LikelihoodView* view, std::function<bool()> stillWanted, std::function<void()> shown) {
    QPointer<LikelihoodView> target(view);
    worker->submit(jobKind, [target, model, what = std::move(what), stillWanted = std::move(stillWanted),
                             shown = std::move(shown)](const std::atomic<bool>& cancelled) {
        lm::ScoredContinuation scored;
        QString error;
        try {
            // The same healed, clamped path as `empower score` and the suggestions' own scores.
            if (!what.continuation.empty()) scored = lm::score_continuation(*model, what.prefix, what.continuation, {what.max_tokens, 5, true});
        } catch (const std::exception& e) {
            error = QString::fromStdString(report_failure(e, "likelihood view: scoring"));
        }
        if (cancelled.load()) return;
        QMetaObject::invokeMethod(
            target,
            [target, model, scored = std::move(scored), error, empty = what.empty_message, stillWanted, shown] {
                if (!target || (stillWanted && !stillWanted())) return;
                if (!error.isEmpty()) target->clearTokens(error);
                else if (scored.tokens.size() <= scored.typed_tokens) target->clearTokens(empty);
                else target->setTokens(model->tokenizer(), scored.tokens, scored.typed_prefix.size());
                if (shown) shown();
            },
            Qt::QueuedConnection);
    });
}

}  // namespace ew::widgets

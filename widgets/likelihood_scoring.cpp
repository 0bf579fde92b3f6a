#include "likelihood_scoring.h"

#include "likelihood_view.h"
#include "lm/transformer_language_model.h"
#include "model_worker.h"

#include <span>

namespace ew::widgets {

void scoreIntoView(ModelWorker* worker, const QString& jobKind, std::shared_ptr<lm::TransformerLanguageModel> model,
                   LikelihoodScoring what, LikelihoodView* view, std::function<bool()> stillWanted, std::function<void()> shown) {
    QPointer<LikelihoodView> target(view);
    worker->submit(jobKind, [target, model, what = std::move(what), stillWanted = std::move(stillWanted),
                             shown = std::move(shown)](const std::atomic<bool>& cancelled) {
        std::vector<lm::ScoredToken> scored;
        QString error;
        try {
            const auto& tok = model->tokenizer();
            lm::ScoreRequest r{tok.encode(what.prefix), tok.encode(what.continuation)};
            if (what.max_tokens && r.continuation.size() > what.max_tokens) r.continuation.resize(what.max_tokens);
            if (!r.continuation.empty()) scored = model->score(std::span(&r, 1), 5).front();
        } catch (const std::exception& e) {
            error = QString::fromUtf8(e.what());
        }
        if (cancelled.load()) return;
        QMetaObject::invokeMethod(
            target,
            [target, model, scored = std::move(scored), error, empty = what.empty_message, stillWanted, shown] {
                if (!target || (stillWanted && !stillWanted())) return;
                if (!error.isEmpty()) target->clearTokens(error);
                else if (scored.empty()) target->clearTokens(empty);
                else target->setTokens(model->tokenizer(), scored);
                if (shown) shown();
            },
            Qt::QueuedConnection);
    });
}

}  // namespace ew::widgets

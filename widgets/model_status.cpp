#include "model_status.h"

#include "empower/suggestion_policy.h"
#include "lm/document_windows.h"
#include "lm/model_registry.h"
#include "support/failure_message.h"

#include <QSettings>
#include <QtConcurrent>

#include <algorithm>

namespace ew::widgets {

ModelStatus::ModelStatus(QObject* parent) : QObject(parent) {
    connect(&watcher_, &QFutureWatcher<Result>::finished, this, [this] {
        auto r = watcher_.result();
        if (!r.model) {
            emit failed(r.error);
            return;
        }
        model_ = r.model;
        emit loaded();
    });
}

lm::LoadOptions ModelStatus::loadOptions() {
    lm::LoadOptions options;
    const auto weights = QSettings().value("model/weights", "auto").toString().toStdString();
    if (weights == "fp32" || weights == "bf16" || weights == "int8") options.weights = weights;  // anything else: auto
    // The memory check sizes the KV cache for the longest pass the window runs: a suggestion (the
    // Suggestions panel's context and length) or a whole-file colouring pass (two windows).
    // A whole-file suggestion context has no bound: the default estimate.
    empower::SuggestionPolicy suggesting;
    suggesting.context_tokens = QSettings().value("suggest/contextTokens", suggesting.context_tokens).toInt();
    suggesting.max_tokens = QSettings().value("suggest/maxTokens", 48).toInt();
    const std::uint64_t reach = suggesting.reach_tokens();
    const std::uint64_t colouring = 2 * lm::kWholeFileWindow;
    options.context_tokens = reach == 0 ? 0 : std::max(reach, colouring);
    return options;
}

void ModelStatus::load(const QString& modelDir) {
    watcher_.setFuture(QtConcurrent::run([dir = modelDir.toStdString(), options = loadOptions()]() -> Result {
        try {
            return {lm::load_shared_model(dir, options), {}};  // one copy per process, shared with every other user
        } catch (const std::exception& e) {
            return {nullptr, QString::fromStdString(report_failure(e, "loading model " + dir))};
        }
    }));
}

QString ModelStatus::description() const {
    if (!model_) return tr("no model");
    const double millions = double(model_->config().parameter_count()) / 1e6;
    return tr("%1 · %2M parameters · %3 · %4")
        .arg(QString::fromStdString(model_->name()))
        .arg(millions, 0, 'f', 1)
        .arg(QString::fromStdString(model_->device()))
        .arg(QString::fromStdString(model_->weight_format()));
}

}  // namespace ew::widgets

#include "model_status.h"

#include "lm/model_registry.h"

#include <QtConcurrent>

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

void ModelStatus::load(const QString& modelDir) {
    watcher_.setFuture(QtConcurrent::run([dir = modelDir.toStdString()]() -> Result {
        try {
            return {lm::load_shared_model(dir), {}};  // one copy per process, shared with every other user
        } catch (const std::exception& e) {
            return {nullptr, QString::fromStdString(e.what())};
        }
    }));
}

QString ModelStatus::description() const {
    if (!model_) return tr("no model");
    const double millions = double(model_->config().parameter_count()) / 1e6;
    return tr("%1 · %2M parameters · %3")
        .arg(QString::fromStdString(model_->name()))
        .arg(millions, 0, 'f', 1)
        .arg(QString::fromStdString(model_->device()));
}

}  // namespace ew::widgets

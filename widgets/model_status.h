// Loads the language model off the UI thread and reports it: the window never blocks on a model.
#pragma once
#include "lm/transformer_language_model.h"

#include <QFutureWatcher>
#include <QObject>
#include <memory>

namespace ew::widgets {

class ModelStatus : public QObject {
    Q_OBJECT
public:
    explicit ModelStatus(QObject* parent = nullptr);
    void load(const QString& modelDir);
    std::shared_ptr<lm::TransformerLanguageModel> model() const { return model_; }
    QString description() const;  // "default · 5.3M parameters · cpu · fp32 weights, fp32 compute (avx2)"
    // How every model of the GUI is loaded: the weights setting of Preferences ("model/weights").
    static lm::LoadOptions loadOptions();

signals:
    void loaded();
    void failed(const QString& message);

private:
    struct Result {
        std::shared_ptr<lm::TransformerLanguageModel> model;
        QString error;
    };
    QFutureWatcher<Result> watcher_;
    std::shared_ptr<lm::TransformerLanguageModel> model_;
};

}  // namespace ew::widgets

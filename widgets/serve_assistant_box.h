// "Serve to other editors" in the Suggestions dock (issue 17): serves the assistant the editor uses
// — its model and policy — over HTTP on loopback, with the same server as `empower serve`, so the
// paper's tab_frontend, OpenAI-style clients or llama.cpp plugins get the same suggestions as the
// editor. The server runs on threads of its own (the UI thread never waits on a request) and is
// restarted when the model or the policy changes. Empower-auto is not served: it learns from what
// this editor's user keeps, which a remote client's user does not tell it.
#pragma once
#include "empower/suggestion_policy.h"
#include "lm/language_model.h"

#include <QGroupBox>
#include <memory>
#include <thread>

class QLabel;
class QPushButton;
class QSpinBox;

namespace ew::serve {
class HttpServer;
}

namespace ew::widgets {

class ServeAssistantBox : public QGroupBox {
    Q_OBJECT
public:
    explicit ServeAssistantBox(QWidget* parent = nullptr);
    ~ServeAssistantBox() override;

    // The editor's assistant now; a running server restarts with it.
    void setAssistant(std::shared_ptr<const lm::LanguageModel> model, const empower::SuggestionPolicy& policy);
    void setServing(bool on);  // the button
    bool serving() const { return server_ != nullptr; }
    QString url() const;       // where it serves; empty when not serving
    void setPort(int port);    // 0: any free port
    QString statusText() const;

signals:
    void message(const QString& text);

private:
    bool start();
    void stop();
    void showState();

    QSpinBox* port_;
    QPushButton* toggle_;
    QLabel* status_;
    std::shared_ptr<const lm::LanguageModel> model_;
    empower::SuggestionPolicy policy_;
    std::unique_ptr<serve::HttpServer> server_;
    std::thread listener_;
    int boundPort_ = 0;
    QString error_;
};

}  // namespace ew::widgets

#include "serve_assistant_box.h"

#include "serve/http_server.h"

#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>

namespace ew::widgets {

ServeAssistantBox::ServeAssistantBox(QWidget* parent)
    : QGroupBox(tr("Serve to other editors"), parent), port_(new QSpinBox(this)), toggle_(new QPushButton(tr("Serve on port"), this)),
      status_(new QLabel(this)) {
    port_->setRange(0, 65535);
    port_->setValue(QSettings().value("serve/port", 8080).toInt());
    port_->setToolTip(tr("0 picks a free port"));
    toggle_->setCheckable(true);
    toggle_->setToolTip(tr("Serve this assistant on loopback: tab_frontend (POST /), OpenAI (/v1/completions), llama.cpp (/infill)"));
    status_->setWordWrap(true);
    status_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    auto* form = new QFormLayout(this);
    auto* row = new QHBoxLayout;
    row->addWidget(toggle_);
    row->addWidget(port_, 1);
    form->addRow(row);
    form->addRow(status_);
    connect(toggle_, &QPushButton::toggled, this, [this](bool on) { setServing(on); });
    connect(port_, qOverload<int>(&QSpinBox::valueChanged), this, [](int p) { QSettings().setValue("serve/port", p); });
    showState();
}

ServeAssistantBox::~ServeAssistantBox() { stop(); }

void ServeAssistantBox::setPort(int port) { port_->setValue(port); }

QString ServeAssistantBox::url() const { return serving() ? QString("http://127.0.0.1:%1").arg(boundPort_) : QString(); }

QString ServeAssistantBox::statusText() const { return status_->text(); }

void ServeAssistantBox::setAssistant(std::shared_ptr<const lm::LanguageModel> model, const empower::SuggestionPolicy& policy) {
    const bool sameModel = model == model_;
    model_ = std::move(model);
    policy_ = policy;
    if (!serving()) return;
    if (sameModel && !policy.adaptive) {  // η moved, or another policy: no restart, the next request gets it
        server_->set_policy(policy);
    } else {
        stop();
        start();
    }
    showState();
}

void ServeAssistantBox::setServing(bool on) {
    if (on == serving()) {
        showState();
        return;
    }
    error_.clear();
    if (on)
        start();
    else
        stop();
    showState();
}

bool ServeAssistantBox::start() {
    if (!model_) {
        error_ = tr("No model is loaded yet.");
        return false;
    }
    if (policy_.adaptive) {
        error_ = tr("Empower-auto learns from what you keep in this editor; a remote editor's user does not tell it. Choose Empower-η to serve.");
        return false;
    }
    serve::ServeOptions options;
    options.port = port_->value();
    options.policy = policy_;
    try {
        auto server = std::make_unique<serve::HttpServer>(model_, options);
        boundPort_ = server->bind();
        server_ = std::move(server);
        listener_ = std::thread([s = server_.get()] { s->listen(); });
        emit message(tr("Serving %1 at %2").arg(QString::fromStdString(policy_.label()), url()));
        return true;
    } catch (const std::exception& e) {
        error_ = QString::fromUtf8(e.what());
        return false;
    }
}

void ServeAssistantBox::stop() {
    if (!server_) return;
    // On the UI thread: stop() cancels the running generation between tokens and drops the
    // waiting requests, so this waits at most one decode step, not for the queue to be served.
    server_->stop();
    if (listener_.joinable()) listener_.join();
    server_.reset();
    boundPort_ = 0;
}

void ServeAssistantBox::showState() {
    const QSignalBlocker block(toggle_);
    toggle_->setChecked(serving());
    toggle_->setText(serving() ? tr("Stop serving") : tr("Serve on port"));
    port_->setEnabled(!serving());
    if (serving())
        status_->setText(tr("Serving %1 at %2\ntab_frontend: POST /   OpenAI: /v1/completions   llama.cpp: /infill")
                             .arg(QString::fromStdString(policy_.label()), url()));
    else
        status_->setText(error_.isEmpty() ? tr("Not serving.") : error_);
}

}  // namespace ew::widgets

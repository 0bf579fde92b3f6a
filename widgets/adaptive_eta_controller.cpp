#include "adaptive_eta_controller.h"

#include "store/workspace.h"

#include <nlohmann/json.hpp>

namespace ew::widgets {

namespace {
empower::AdaptiveEtaOptions with_prior(double eta) {
    empower::AdaptiveEtaOptions o;
    o.prior_eta = eta;
    return o;
}
}  // namespace

AdaptiveEtaController::AdaptiveEtaController(const QString& workspacePath, double priorEtaNats, QObject* parent)
    : QObject(parent), workspacePath_(workspacePath), options_(with_prior(priorEtaNats)), state_(options_) {}

AdaptiveEtaController::~AdaptiveEtaController() = default;

store::Workspace& AdaptiveEtaController::workspace() {
    if (!workspace_) workspace_ = std::make_unique<store::Workspace>(workspacePath_.toStdString());
    return *workspace_;
}

void AdaptiveEtaController::setProfile(const QString& profile) {
    profile_ = profile;
    state_ = empower::AdaptiveEta(options_);
    try {
        const auto text = workspace().adaptive_eta_state(profile.toStdString());
        if (!text.empty()) state_ = empower::AdaptiveEta::from_json(nlohmann::json::parse(text), options_);
    } catch (const std::exception& e) {
        emit failed(tr("The learned η of profile %1 could not be read (%2); learning starts again from η = %3")
                        .arg(profile, QString::fromUtf8(e.what()))
                        .arg(options_.prior_eta));
    }
    emit changed(state_.eta());
}

void AdaptiveEtaController::observe(const empower::SuggestionProfile& suggestion, std::size_t kept) {
    state_.observe(suggestion, suggestion.shown, kept);
    try {
        workspace().save_adaptive_eta_state(profile_.toStdString(), state_.to_json().dump());
    } catch (const std::exception& e) {
        emit failed(tr("The learned η could not be saved: %1").arg(QString::fromUtf8(e.what())));
    }
    emit changed(state_.eta());
}

void AdaptiveEtaController::reset() {
    state_ = empower::AdaptiveEta(options_);
    try {
        workspace().reset_adaptive_eta_state(profile_.toStdString());
    } catch (const std::exception& e) {
        emit failed(tr("The learned η could not be reset: %1").arg(QString::fromUtf8(e.what())));
    }
    emit changed(state_.eta());
}

}  // namespace ew::widgets

// Empower-auto in the editor (issue 16 §2): the learned η of one user profile, kept in the
// workspace (schema 9, `adaptive_eta`) so it carries over between sessions, fed by every editor's
// SuggestionOutcomeTracker, and choosing the η the next suggestion is cut at. A state that cannot be
// read (damaged, or from another version) is reported and learning starts again from the prior.
#pragma once
#include "empower/adaptive_eta.h"

#include <QObject>
#include <QString>
#include <memory>

namespace ew::store {
class Workspace;
}

namespace ew::widgets {

class AdaptiveEtaController : public QObject {
    Q_OBJECT
public:
    AdaptiveEtaController(const QString& workspacePath, double priorEtaNats, QObject* parent = nullptr);
    ~AdaptiveEtaController() override;

    void setProfile(const QString& profile);  // loads that profile's state
    const QString& profile() const { return profile_; }
    const empower::AdaptiveEta& state() const { return state_; }
    // One judged suggestion: learn from it, store the state, choose η again.
    void observe(const empower::SuggestionProfile& suggestion, std::size_t kept);
    void reset();  // forget this profile's state: the prior η again

signals:
    void changed(double etaNats);
    void failed(const QString& message);

private:
    store::Workspace& workspace();
    QString workspacePath_;
    std::unique_ptr<store::Workspace> workspace_;
    empower::AdaptiveEtaOptions options_;
    QString profile_;
    empower::AdaptiveEta state_;
};

}  // namespace ew::widgets

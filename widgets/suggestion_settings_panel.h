// The suggestion settings dock: model directory, policy (Empower-η / Base / Base-N / Empower-auto),
// η with its units, maximum suggestion length, debounce (fixed or adaptive). Persisted with
// QSettings. With Empower-auto the η box is read-only (the learned η sets it) and a "Learned η"
// group shows the user profile, what was learned (KeepCurveChart) and a Reset button.
#pragma once
#include "empower/adaptive_eta.h"
#include "empower/suggestion_policy.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QGroupBox;
class QLabel;
class QPushButton;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace ew::widgets {

class KeepCurveChart;

class SuggestionSettingsPanel : public QWidget {
    Q_OBJECT
public:
    explicit SuggestionSettingsPanel(QWidget* parent = nullptr);

    empower::SuggestionPolicy policy() const;
    void setEta(double eta);  // from the visualizer's slider
    QString modelDir() const;
    void setModelDir(const QString& dir);
    int debounceMs() const;
    bool adaptiveDebounce() const;
    bool suggestionsEnabled() const;
    void setAdaptive(bool on);           // selects Empower-auto (or Empower-η)
    QString adaptiveProfile() const;     // whose learned η: the user profile
    void showAdaptiveState(const empower::AdaptiveEta& state);
    KeepCurveChart* keepCurveChart() const { return keepChart_; }
    QString adaptiveSummary() const;
    void save() const;  // QSettings
    void restore();

signals:
    void policyChanged(const empower::SuggestionPolicy& policy);
    void modelDirChosen(const QString& dir);
    void timingChanged(int debounceMs, bool adaptive);
    void enabledChanged(bool enabled);
    void adaptiveProfileChanged(const QString& profile);
    void adaptiveResetRequested();

private:
    void emitPolicy();
    QLineEdit* modelDir_;
    QComboBox* policyBox_;
    QSpinBox* baseN_;
    QDoubleSpinBox* eta_;
    QComboBox* units_;
    QSpinBox* maxTokens_;
    QSpinBox* contextTokens_;
    QSpinBox* debounce_;
    QCheckBox* adaptive_;
    QCheckBox* enabled_;
    QGroupBox* learned_;
    QLineEdit* profile_;
    QLabel* learnedSummary_;
    KeepCurveChart* keepChart_;
    QPushButton* resetLearned_;
};

}  // namespace ew::widgets

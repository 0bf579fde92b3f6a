// The suggestion settings dock: model directory, policy (Empower-η / Base / Base-N), η with its
// units, maximum suggestion length, debounce (fixed or adaptive). Persisted with QSettings.
#pragma once
#include "empower/suggestion_policy.h"

#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLineEdit;
class QSpinBox;

namespace ew::widgets {

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
    void save() const;  // QSettings
    void restore();

signals:
    void policyChanged(const empower::SuggestionPolicy& policy);
    void modelDirChosen(const QString& dir);
    void timingChanged(int debounceMs, bool adaptive);
    void enabledChanged(bool enabled);

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
};

}  // namespace ew::widgets

// The New-experiment form of the Experiments dock: the common shape of the paper's grid — base
// model, corpus, methods with their η or N, untrained arms, fine-tuning settings, problems and
// simulated humans — as fields, with the spec it writes and the exact command that runs it shown
// as they are edited. Whatever the form cannot say (per-method overrides, LLM humans) is a spec
// file away: the dock's Open… takes any spec.
#pragma once
#include <QDialog>
#include <nlohmann/json.hpp>

class QCheckBox;
class QDialogButtonBox;
class QDoubleSpinBox;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;

namespace ew::widgets {

class MessageBar;

class ExperimentFormDialog : public QDialog {
    Q_OBJECT
public:
    // `workspacePath`: the preview's --workspace; `defaultFolder`: where the spec is saved unless changed.
    ExperimentFormDialog(const QString& workspacePath, const QString& defaultFolder, QWidget* parent = nullptr);

    // The spec as JSON; throws ew::Error naming the field when a field is not valid (a list that is
    // not numbers, no arm at all, ...), and the spec reader's own error for the rest.
    nlohmann::json spec() const;
    QString specPath() const;     // where Create writes it
    QString commandPreview() const;
    QString problem() const;      // why Create is disabled; empty when the form is valid
    bool runAfterCreate() const;  // "Create and run" was pressed

    // For tests and for cloning: fields by name.
    QLineEdit* nameField() const { return name_; }
    QLineEdit* baseModelField() const { return baseModel_; }
    QLineEdit* corpusField() const { return corpus_; }
    QLineEdit* problemsField() const { return problems_; }
    QLineEdit* empowerEtasField() const { return empowerEtas_; }
    QLineEdit* sftField() const { return sft_; }
    QLineEdit* sftRandField() const { return sftRand_; }
    QLineEdit* untrainedField() const { return untrained_; }
    QLineEdit* noisySeedsField() const { return noisySeeds_; }
    QSpinBox* epochsField() const { return epochs_; }
    QSpinBox* maxRoundsField() const { return maxRounds_; }

private:
    void updatePreview();
    QString folderFor(const QString& name) const;

    QString workspace_, defaultFolder_;
    bool runAfter_ = false;
    bool folderEdited_ = false;
    QLineEdit* name_;
    QLineEdit* folder_;
    QLineEdit* baseModel_;
    QLineEdit* corpus_;
    QLineEdit* datasetSeeds_;
    QLineEdit* empowerEtas_;
    QLineEdit* sft_;
    QLineEdit* sftRand_;
    QLineEdit* untrained_;
    QSpinBox* epochs_;
    QSpinBox* batch_;
    QDoubleSpinBox* learningRate_;
    QSpinBox* seqLen_;
    QSpinBox* repeats_;
    QLineEdit* problems_;
    QCheckBox* replay_;
    QLineEdit* noisySeeds_;
    QSpinBox* maxRounds_;
    QSpinBox* threads_;
    QPlainTextEdit* preview_;
    MessageBar* problem_;
    QDialogButtonBox* buttons_;
};

}  // namespace ew::widgets

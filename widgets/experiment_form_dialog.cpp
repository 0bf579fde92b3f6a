#include "experiment_form_dialog.h"

#include "experiment/experiment_spec.h"
#include "message_bar.h"
#include "support/command_runner.h"
#include "support/error.h"
#include "support/resource_paths.h"
#include "train/source_corpus.h"

#include <QCheckBox>
#include <QCoreApplication>
#include <QDialogButtonBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QVBoxLayout>

#include <cmath>

namespace ew::widgets {

namespace {

using json = nlohmann::json;

// "4, 8" or "4 8" → the items; empty → none.
QStringList items(const QLineEdit* field) {
    return field->text().split(QRegularExpression("[,\\s]+"), Qt::SkipEmptyParts);
}

QWidget* withBrowse(QLineEdit* field, bool folder, QWidget* parent) {
    auto* row = new QWidget(parent);
    auto* layout = new QHBoxLayout(row);
    layout->setContentsMargins(0, 0, 0, 0);
    auto* browse = new QPushButton(QCoreApplication::translate("ew::widgets::ExperimentFormDialog", "Browse…"), row);
    layout->addWidget(field, 1);
    layout->addWidget(browse);
    QObject::connect(browse, &QPushButton::clicked, field, [field, folder] {
        const QString chosen = folder ? QFileDialog::getExistingDirectory(field, QString(), field->text())
                                      : QFileDialog::getSaveFileName(field, QString(), field->text(), "JSON (*.json)");
        if (!chosen.isEmpty()) field->setText(chosen);
    });
    return row;
}

}  // namespace

ExperimentFormDialog::ExperimentFormDialog(const QString& workspacePath, const QString& defaultFolder, QWidget* parent)
    : QDialog(parent), workspace_(workspacePath), defaultFolder_(defaultFolder), name_(new QLineEdit("my-experiment", this)),
      folder_(new QLineEdit(this)), baseModel_(new QLineEdit(this)), corpus_(new QLineEdit(this)), datasetSeeds_(new QLineEdit("0", this)),
      empowerEtas_(new QLineEdit("4, 8", this)), sft_(new QLineEdit("10, 20", this)), sftRand_(new QLineEdit("1-30", this)),
      untrained_(new QLineEdit("base, base-10", this)), epochs_(new QSpinBox(this)), batch_(new QSpinBox(this)),
      learningRate_(new QDoubleSpinBox(this)), seqLen_(new QSpinBox(this)), repeats_(new QSpinBox(this)), problems_(new QLineEdit(this)),
      replay_(new QCheckBox(tr("Replay (types the reference, keeps what matches it)"), this)), noisySeeds_(new QLineEdit("0, 1, 2", this)),
      maxRounds_(new QSpinBox(this)), threads_(new QSpinBox(this)), preview_(new QPlainTextEdit(this)), problem_(new MessageBar(this)),
      buttons_(new QDialogButtonBox(this)) {
    setWindowTitle(tr("New experiment"));
    baseModel_->setPlaceholderText(tr("the bundled model"));
    baseModel_->setToolTip(tr("The base model: the datasets' likelihood model and what every assistant is fine-tuned from"));
    corpus_->setText(QString::fromStdString(train::default_python_stdlib().string()));  // as paper-mini
    corpus_->setToolTip(tr("A folder of .py files or a JSONL file, as for empower dataset --corpus. Keep it apart from the "
                           "evaluation problems"));
    datasetSeeds_->setToolTip(tr("One dataset per seed and method (comma-separated)"));
    empowerEtas_->setToolTip(tr("Empower: one dataset per η in nats (comma-separated); empty: no Empower arm"));
    sft_->setToolTip(tr("SFT-N: the first N tokens of each completion, one arm per N; empty: none"));
    sftRand_->setToolTip(tr("SFT-RAND-A-B: a random length between A and B tokens, one arm per range (e.g. 1-30); empty: none"));
    untrained_->setToolTip(tr("Policies evaluated on the base model itself: base, base-N, empower"));
    epochs_->setRange(1, 1000);
    epochs_->setValue(2);
    batch_->setRange(1, 4096);
    batch_->setValue(8);
    learningRate_->setDecimals(6);
    learningRate_->setRange(1e-6, 1.0);
    learningRate_->setSingleStep(1e-4);
    learningRate_->setValue(3e-4);
    seqLen_->setRange(16, 32768);
    seqLen_->setValue(384);
    repeats_->setRange(1, 100);
    repeats_->setToolTip(tr("Assistants fine-tuned per dataset, with fine-tuning seeds 0, 1, …"));
    problems_->setText(QString::fromStdString(projects_dir().string()));
    problems_->setToolTip(tr("Problem-set folders (comma-separated), each holding problem folders"));
    replay_->setChecked(true);
    noisySeeds_->setToolTip(tr("Seeded noisy-replay humans: overlook some correct suggestions, type uneven bursts; one per "
                               "seed, pooled in one table row. Empty: none"));
    maxRounds_->setRange(1, 10000);
    maxRounds_->setValue(200);
    threads_->setRange(0, 256);
    threads_->setValue(2);
    threads_->setSpecialValueText(tr("libtorch's choice"));
    folder_->setToolTip(tr("Where the spec file is written; its stages go next to it in <name>.stages"));
    for (auto* path : {folder_, baseModel_, corpus_, problems_}) path->setMinimumWidth(300);
    preview_->setReadOnly(true);
    preview_->setMinimumHeight(160);

    auto* form = new QFormLayout;
    form->addRow(tr("Name:"), name_);
    form->addRow(tr("Spec file:"), withBrowse(folder_, false, this));
    form->addRow(tr("Base model:"), withBrowse(baseModel_, true, this));
    form->addRow(tr("Training corpus:"), withBrowse(corpus_, true, this));
    form->addRow(tr("Dataset seeds:"), datasetSeeds_);
    auto* methods = new QGroupBox(tr("Trained arms"), this);
    auto* methodForm = new QFormLayout(methods);
    methodForm->addRow(tr("Empower η:"), empowerEtas_);
    methodForm->addRow(tr("SFT-N, N:"), sft_);
    methodForm->addRow(tr("SFT-RAND ranges:"), sftRand_);
    methodForm->addRow(tr("Epochs:"), epochs_);
    methodForm->addRow(tr("Batch size:"), batch_);
    methodForm->addRow(tr("Learning rate:"), learningRate_);
    methodForm->addRow(tr("Sequence length:"), seqLen_);
    methodForm->addRow(tr("Repeats:"), repeats_);
    auto* evaluation = new QGroupBox(tr("Evaluation"), this);
    auto* evalForm = new QFormLayout(evaluation);
    evalForm->addRow(tr("Untrained arms:"), untrained_);
    evalForm->addRow(tr("Problem sets:"), problems_);
    evalForm->addRow(tr("Humans:"), replay_);
    evalForm->addRow(tr("Noisy replay seeds:"), noisySeeds_);
    evalForm->addRow(tr("Rounds per episode:"), maxRounds_);
    evalForm->addRow(tr("Threads per stage:"), threads_);

    auto* create = buttons_->addButton(tr("Create"), QDialogButtonBox::AcceptRole);
    auto* createRun = buttons_->addButton(tr("Create and run"), QDialogButtonBox::AcceptRole);
    buttons_->addButton(QDialogButtonBox::Cancel);
    connect(create, &QPushButton::clicked, this, [this] { runAfter_ = false; });
    connect(createRun, &QPushButton::clicked, this, [this] { runAfter_ = true; });
    connect(buttons_, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(buttons_, &QDialogButtonBox::rejected, this, &QDialog::reject);

    auto* columns = new QHBoxLayout;
    auto* left = new QVBoxLayout;
    left->addLayout(form);
    left->addWidget(methods);
    columns->addLayout(left);
    auto* right = new QVBoxLayout;
    right->addWidget(evaluation);
    right->addWidget(new QLabel(tr("Command and spec:"), this));
    right->addWidget(preview_, 1);
    columns->addLayout(right, 1);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(problem_);
    layout->addWidget(buttons_);

    folder_->setText(folderFor(name_->text()));
    connect(folder_, &QLineEdit::textEdited, this, [this] { folderEdited_ = true; });
    connect(name_, &QLineEdit::textChanged, this, [this](const QString& name) {
        if (!folderEdited_) folder_->setText(folderFor(name));
    });
    for (auto* field : findChildren<QLineEdit*>()) connect(field, &QLineEdit::textChanged, this, &ExperimentFormDialog::updatePreview);
    for (auto* box : findChildren<QSpinBox*>()) connect(box, &QSpinBox::valueChanged, this, &ExperimentFormDialog::updatePreview);
    connect(learningRate_, &QDoubleSpinBox::valueChanged, this, &ExperimentFormDialog::updatePreview);
    connect(replay_, &QCheckBox::toggled, this, &ExperimentFormDialog::updatePreview);
    updatePreview();
}

QString ExperimentFormDialog::folderFor(const QString& name) const { return QDir(defaultFolder_).filePath(name + ".json"); }

QString ExperimentFormDialog::specPath() const { return folder_->text(); }

bool ExperimentFormDialog::runAfterCreate() const { return runAfter_; }

json ExperimentFormDialog::spec() const {
    const auto numbers = [](const QLineEdit* field, const QString& what, bool integers) {
        json out = json::array();
        for (const auto& item : items(field)) {
            bool ok = false;
            const double v = item.toDouble(&ok);
            if (!ok || (integers && (v < 0 || v != std::floor(v))))
                throw Error(what.toStdString() + ": \"" + item.toStdString() + "\" is not " + (integers ? "a whole number" : "a number"));
            if (integers) out.push_back(static_cast<std::uint64_t>(v));
            else out.push_back(v);
        }
        return out;
    };
    const QString name = name_->text().trimmed();
    if (name.isEmpty()) throw Error(tr("Name: give the experiment a name").toStdString());
    json methods = json::array();
    if (const auto etas = numbers(empowerEtas_, tr("Empower η"), false); !etas.empty()) methods.push_back({{"method", "empower"}, {"eta", etas}});
    for (const auto& n : numbers(sft_, tr("SFT-N"), true)) methods.push_back({{"method", "sft-" + std::to_string(n.get<std::uint64_t>())}});
    for (const auto& range : items(sftRand_)) methods.push_back({{"method", "sft-rand-" + range.toStdString()}});
    json untrained = json::array();
    for (const auto& policy : items(untrained_)) untrained.push_back(policy.toStdString());
    json problems = json::array();
    for (const auto& folder : items(problems_)) problems.push_back(folder.toStdString());
    json humans = json::array();
    if (replay_->isChecked()) humans.push_back({{"human", "replay"}});
    if (const auto seeds = numbers(noisySeeds_, tr("Noisy replay seeds"), true); !seeds.empty())
        humans.push_back({{"human", "noisy-replay"}, {"seeds", seeds}});
    if (humans.empty()) throw Error(tr("Humans: choose the replay human, noisy-replay seeds or both").toStdString());
    json settings = {{"max_rounds", maxRounds_->value()}};
    json fineTune = {{"epochs", epochs_->value()}, {"batch_size", batch_->value()}, {"learning_rate", learningRate_->value()},
                     {"seq_len", seqLen_->value()}};
    if (threads_->value() > 0) {
        settings["threads"] = threads_->value();
        fineTune["threads"] = threads_->value();
    }
    json spec = {{"name", name.toStdString()},
                 {"base_model", baseModel_->text().trimmed().toStdString()},
                 {"corpus", corpus_->text().trimmed().toStdString()},
                 {"dataset", {{"seeds", numbers(datasetSeeds_, tr("Dataset seeds"), true)}}},
                 {"methods", methods},
                 {"fine_tune", fineTune},
                 {"repeats", repeats_->value()},
                 {"untrained", untrained},
                 {"evaluation", {{"problems", problems}, {"humans", humans}, {"settings", settings}}}};
    // The spec reader's own checks (method names, policies, settings the eval reader rejects).
    experiment::ExperimentSpec::from_json_text(spec.dump(), tr("the form").toStdString(), QFileInfo(specPath()).absolutePath().toStdString());
    return spec;
}

QString ExperimentFormDialog::commandPreview() const {
    return QString::fromStdString("empower experiment run --spec " + shell_quote(specPath().toStdString()) + " --workspace " +
                                  shell_quote(workspace_.toStdString()));
}

QString ExperimentFormDialog::problem() const { return problem_->text(); }

void ExperimentFormDialog::updatePreview() {
    QString error;
    json j;
    try {
        j = spec();
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what());
    }
    if (error.isEmpty()) problem_->clearAll();
    else problem_->showError({}, error);
    for (auto* b : buttons_->buttons())
        if (buttons_->buttonRole(b) == QDialogButtonBox::AcceptRole) b->setEnabled(error.isEmpty());
    preview_->setPlainText(commandPreview() + "\n\n" + (error.isEmpty() ? QString::fromStdString(j.dump(2)) : QString()));
}

}  // namespace ew::widgets

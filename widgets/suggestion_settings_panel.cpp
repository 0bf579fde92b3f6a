#include "suggestion_settings_panel.h"

#include "keep_curve_chart.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QLabel>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QSignalBlocker>
#include <QSpinBox>
#include <QVBoxLayout>

namespace ew::widgets {

SuggestionSettingsPanel::SuggestionSettingsPanel(QWidget* parent)
    : QWidget(parent), modelDir_(new QLineEdit(this)), policyBox_(new QComboBox(this)), baseN_(new QSpinBox(this)),
      eta_(new QDoubleSpinBox(this)), units_(new QComboBox(this)), maxTokens_(new QSpinBox(this)),
      contextTokens_(new QSpinBox(this)), debounce_(new QSpinBox(this)), adaptive_(new QCheckBox(tr("Adapt to my typing rhythm"), this)),
      enabled_(new QCheckBox(tr("Show suggestions while typing"), this)), learned_(new QGroupBox(tr("Learned η"), this)),
      profile_(new QLineEdit(this)), learnedSummary_(new QLabel(this)), keepChart_(new KeepCurveChart(this)),
      resetLearned_(new QPushButton(tr("Reset"), this)) {
    auto* browse = new QPushButton(tr("Browse…"), this);
    auto* modelRow = new QHBoxLayout;
    modelRow->addWidget(modelDir_, 1);
    modelRow->addWidget(browse);
    modelDir_->setToolTip(tr("A folder with config.json, model.safetensors and tokenizer.json"));

    policyBox_->addItem(tr("Empower-η (cut at η)"));
    policyBox_->addItem(tr("Base (uncut)"));
    policyBox_->addItem(tr("Base-N (first N tokens)"));
    policyBox_->addItem(tr("Empower-auto (η learned from you)"));
    policyBox_->setItemData(3, tr("Empower whose η follows what you keep of suggestions: longer where you read on, shorter where you "
                                  "stop"), Qt::ToolTipRole);
    baseN_->setRange(1, 256);
    baseN_->setValue(10);
    baseN_->setPrefix(tr("N = "));
    eta_->setRange(0, 40);
    eta_->setDecimals(1);
    eta_->setSingleStep(0.5);
    eta_->setValue(8.0);
    units_->addItem(tr("nats"), "nats");
    units_->addItem(tr("bits"), "bits");
    auto* etaRow = new QHBoxLayout;
    etaRow->addWidget(eta_, 1);
    etaRow->addWidget(units_);
    maxTokens_->setRange(1, 256);
    maxTokens_->setValue(48);
    maxTokens_->setSuffix(tr(" tokens"));
    // 0 shows as "Whole file": the model's own limit. Large real models prefill slowly on a CPU.
    contextTokens_->setRange(0, 32768);
    contextTokens_->setSingleStep(256);
    contextTokens_->setValue(1024);
    contextTokens_->setSuffix(tr(" tokens"));
    contextTokens_->setSpecialValueText(tr("Whole file"));
    contextTokens_->setToolTip(tr("How much of the text before the caret the model reads. Each token costs prefill "
                                  "time: a 0.6B model on a 2-core CPU reads about 65 tokens a second."));
    debounce_->setRange(0, 2000);
    debounce_->setValue(150);
    debounce_->setSuffix(tr(" ms"));
    enabled_->setChecked(true);

    auto* form = new QFormLayout(this);
    form->addRow(tr("Model:"), modelRow);
    form->addRow(tr("Policy:"), policyBox_);
    form->addRow(QString(), baseN_);
    form->addRow(tr("η:"), etaRow);
    form->addRow(tr("Maximum length:"), maxTokens_);
    form->addRow(tr("Context:"), contextTokens_);
    form->addRow(tr("Debounce:"), debounce_);
    form->addRow(QString(), adaptive_);
    form->addRow(QString(), enabled_);
    profile_->setText(QSettings().value("suggest/profile", qEnvironmentVariable("USER", QStringLiteral("default"))).toString());
    profile_->setToolTip(tr("Whose learned η this is: each profile keeps its own, in the workspace"));
    learnedSummary_->setWordWrap(true);
    resetLearned_->setToolTip(tr("Forget what was learned for this profile and start again from the prior η"));
    auto* learnedForm = new QFormLayout(learned_);
    learnedForm->addRow(tr("Profile:"), profile_);
    learnedForm->addRow(learnedSummary_);
    learnedForm->addRow(keepChart_);
    learnedForm->addRow(QString(), resetLearned_);
    form->addRow(learned_);
    connect(profile_, &QLineEdit::editingFinished, this, [this] {
        QSettings().setValue("suggest/profile", adaptiveProfile());
        emit adaptiveProfileChanged(adaptiveProfile());
    });
    connect(resetLearned_, &QPushButton::clicked, this, &SuggestionSettingsPanel::adaptiveResetRequested);

    connect(browse, &QPushButton::clicked, this, [this] {
        auto dir = QFileDialog::getExistingDirectory(this, tr("Choose a model directory"), modelDir_->text());
        if (!dir.isEmpty()) {
            modelDir_->setText(dir);
            emit modelDirChosen(dir);
        }
    });
    connect(modelDir_, &QLineEdit::editingFinished, this, [this] { emit modelDirChosen(modelDir_->text()); });
    auto policyEdited = [this] {
        baseN_->setEnabled(policyBox_->currentIndex() == 2);
        eta_->setEnabled(policyBox_->currentIndex() == 0);  // Empower-auto: the learned η sets it
        learned_->setVisible(policyBox_->currentIndex() == 3);
        emitPolicy();
    };
    connect(policyBox_, &QComboBox::currentIndexChanged, this, policyEdited);
    connect(baseN_, &QSpinBox::valueChanged, this, policyEdited);
    connect(eta_, &QDoubleSpinBox::valueChanged, this, policyEdited);
    connect(units_, &QComboBox::currentIndexChanged, this, policyEdited);
    connect(maxTokens_, &QSpinBox::valueChanged, this, policyEdited);
    connect(contextTokens_, &QSpinBox::valueChanged, this, policyEdited);
    auto timing = [this] { emit timingChanged(debounce_->value(), adaptive_->isChecked()); };
    connect(debounce_, &QSpinBox::valueChanged, this, timing);
    connect(adaptive_, &QCheckBox::toggled, this, timing);
    connect(enabled_, &QCheckBox::toggled, this, &SuggestionSettingsPanel::enabledChanged);
    policyEdited();
}

empower::SuggestionPolicy SuggestionSettingsPanel::policy() const {
    empower::SuggestionPolicy p;
    const int index = policyBox_->currentIndex();
    p.kind = index == 1 ? empower::PolicyKind::Base : index == 2 ? empower::PolicyKind::BaseN : empower::PolicyKind::Empower;
    p.adaptive = index == 3;
    p.n = baseN_->value();
    p.eta = eta_->value();
    p.unit = units_->currentData().toString() == "bits" ? empower::NllUnit::Bits : empower::NllUnit::Nats;
    p.max_tokens = maxTokens_->value();
    p.context_tokens = contextTokens_->value();
    return p;
}

void SuggestionSettingsPanel::emitPolicy() { emit policyChanged(policy()); }

void SuggestionSettingsPanel::setEta(double eta) {
    if (std::abs(eta - eta_->value()) < 1e-9) return;
    eta_->setValue(eta);  // emits policyChanged once
}

void SuggestionSettingsPanel::setAdaptive(bool on) { policyBox_->setCurrentIndex(on ? 3 : 0); }

QString SuggestionSettingsPanel::adaptiveProfile() const {
    const QString p = profile_->text().trimmed();
    return p.isEmpty() ? QStringLiteral("default") : p;
}

void SuggestionSettingsPanel::showAdaptiveState(const empower::AdaptiveEta& state) {
    const auto& curve = state.curve();
    const double eta = empower::from_nats(state.eta(), policy().unit);
    const QString unit = QString::fromLatin1(empower::unit_name(policy().unit));
    learnedSummary_->setText(curve.suggestions() < state.options().min_suggestions
                                 ? tr("η = %1 %2, the prior: %3 of %4 suggestions judged so far")
                                       .arg(eta, 0, 'g', 3)
                                       .arg(unit)
                                       .arg(curve.suggestions())
                                       .arg(state.options().min_suggestions)
                                 : tr("η = %1 %2, learned from %3 suggestions").arg(eta, 0, 'g', 3).arg(unit).arg(curve.suggestions()));
    keepChart_->show(curve, state.eta());
}

QString SuggestionSettingsPanel::adaptiveSummary() const { return learnedSummary_->text(); }

QString SuggestionSettingsPanel::modelDir() const { return modelDir_->text(); }
void SuggestionSettingsPanel::setModelDir(const QString& dir) { modelDir_->setText(dir); }
int SuggestionSettingsPanel::debounceMs() const { return debounce_->value(); }
bool SuggestionSettingsPanel::adaptiveDebounce() const { return adaptive_->isChecked(); }
bool SuggestionSettingsPanel::suggestionsEnabled() const { return enabled_->isChecked(); }

void SuggestionSettingsPanel::save() const {
    QSettings s;
    s.setValue("suggest/policy", policyBox_->currentIndex());
    s.setValue("suggest/n", baseN_->value());
    s.setValue("suggest/eta", eta_->value());
    s.setValue("suggest/units", units_->currentData());
    s.setValue("suggest/maxTokens", maxTokens_->value());
    s.setValue("suggest/contextTokens", contextTokens_->value());
    s.setValue("suggest/debounceMs", debounce_->value());
    s.setValue("suggest/adaptive", adaptive_->isChecked());
    s.setValue("suggest/enabled", enabled_->isChecked());
}

void SuggestionSettingsPanel::restore() {
    QSettings s;
    policyBox_->setCurrentIndex(s.value("suggest/policy", 0).toInt());
    baseN_->setValue(s.value("suggest/n", 10).toInt());
    eta_->setValue(s.value("suggest/eta", 8.0).toDouble());
    units_->setCurrentIndex(units_->findData(s.value("suggest/units", "nats")));
    maxTokens_->setValue(s.value("suggest/maxTokens", 48).toInt());
    contextTokens_->setValue(s.value("suggest/contextTokens", 1024).toInt());
    debounce_->setValue(s.value("suggest/debounceMs", 150).toInt());
    adaptive_->setChecked(s.value("suggest/adaptive", false).toBool());
    enabled_->setChecked(s.value("suggest/enabled", true).toBool());
}

}  // namespace ew::widgets

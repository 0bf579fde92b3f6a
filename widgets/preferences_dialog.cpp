#include "preferences_dialog.h"

#include "app_theme.h"
#include "ui_language.h"
#include "sandbox/sandbox.h"

#include <QComboBox>
#include <algorithm>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QSettings>
#include <QVBoxLayout>

namespace ew::widgets {

QComboBox* PreferencesDialog::makeLanguageBox(QWidget* parent) {
    auto* box = new QComboBox(parent);
    box->addItem(tr("System default"), QString());
    for (const auto& l : availableUiLanguages()) box->addItem(l.nativeName, l.code);
    box->setCurrentIndex(std::max(0, box->findData(chosenUiLanguage())));
    return box;
}

QComboBox* PreferencesDialog::makeThemeBox(QWidget* parent) {
    auto* box = new QComboBox(parent);
    box->addItem(tr("Follow the desktop"), "auto");
    box->addItem(tr("Light"), "light");
    box->addItem(tr("Dark"), "dark");
    box->setCurrentIndex(std::max(0, box->findData(chosenTheme())));
    return box;
}

void PreferencesDialog::saveChoices(QComboBox* language, QComboBox* theme) {
    setChosenUiLanguage(language->currentData().toString());
    const QString t = theme->currentData().toString();
    if (t != chosenTheme()) {
        setChosenTheme(t);
        applyTheme(t);
    }
}

void PreferencesDialog::applyChosenIsolation() {
    const bool weaker = QSettings().value("sandbox/isolation").toString() == "unshare";
    sandbox::set_isolation(weaker ? sandbox::Isolation::Unshare : sandbox::Isolation::Bubblewrap);
}

PreferencesDialog::PreferencesDialog(QWidget* parent)
    : QDialog(parent), language_(makeLanguageBox(this)), theme_(makeThemeBox(this)), isolation_(new QComboBox(this)),
      weights_(new QComboBox(this)), restartNote_(new QLabel(this)) {
    setWindowTitle(tr("Preferences"));
    const QString startLanguage = language_->currentData().toString();
    restartNote_->setWordWrap(true);
    connect(language_, &QComboBox::currentIndexChanged, this, [this, startLanguage] {
        restartNote_->setText(language_->currentData().toString() == startLanguage
                                  ? QString()
                                  : tr("The new language is used from the next start of the workbench."));
    });
    auto* form = new QFormLayout;
    form->addRow(tr("Language:"), language_);
    form->addRow(QString(), restartNote_);
    form->addRow(tr("Theme:"), theme_);
    isolation_->addItem(tr("bubblewrap (recommended)"), "bubblewrap");
    isolation_->addItem(tr("unshare only (weaker: the program may see more of this computer)"), "unshare");
    isolation_->setCurrentIndex(sandbox::configured_isolation() == sandbox::Isolation::Unshare ? 1 : 0);
    isolation_->setToolTip(tr("How generated and participants' code is isolated when it is run against tests. "
                              "Without bubblewrap, tests are refused unless the weaker isolation is chosen here."));
    form->addRow(tr("Sandbox:"), isolation_);
    weights_->addItem(tr("Automatic (the fastest here that keeps results; see empower calibrate-weights)"), "auto");
    weights_->addItem(tr("fp32 (4 bytes per weight)"), "fp32");
    weights_->addItem(tr("bf16 (half the memory; rounds fp32 checkpoints)"), "bf16");
    weights_->addItem(tr("int8 (a quarter of the memory; scores move slightly, check with empower calibrate-weights)"), "int8");
    weights_->setCurrentIndex(std::max(0, weights_->findData(QSettings().value("model/weights", "auto").toString())));
    weights_->setToolTip(tr("How the CPU holds a model's weights; arithmetic is fp32 either way. Applies to the next model loaded."));
    form->addRow(tr("Model weights:"), weights_);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        saveChoices(language_, theme_);
        QSettings().setValue("sandbox/isolation", isolation_->currentData().toString());
        QSettings().setValue("model/weights", weights_->currentData().toString());
        applyChosenIsolation();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(buttons);
}

}  // namespace ew::widgets

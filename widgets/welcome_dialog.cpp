#include "welcome_dialog.h"

#include "preferences_dialog.h"
#include "support/resource_paths.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFormLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QSettings>
#include <QVBoxLayout>

namespace ew::widgets {

bool WelcomeDialog::shouldShowAtStart() { return !QSettings().value("ui/welcomed", false).toBool(); }
void WelcomeDialog::markShown() { QSettings().setValue("ui/welcomed", true); }

void WelcomeDialog::setModelDescription(const QString& description) {
    model_->setText(description.isEmpty() ? tr("Model: the bundled default model (loading…)") : tr("Model: %1").arg(description));
}

WelcomeDialog::WelcomeDialog(const QString& modelDescription, QWidget* parent)
    : QDialog(parent), projects_(new QListWidget(this)), language_(PreferencesDialog::makeLanguageBox(this)),
      theme_(PreferencesDialog::makeThemeBox(this)) {
    setWindowTitle(tr("Welcome to Empower Workbench"));
    auto* intro = new QLabel(
        tr("<h2>Welcome</h2>"
           "<p>A base language model scores your code as you type. The <b>Empower</b> suggestion is the longest "
           "continuation whose cumulative negative log-likelihood stays under <b>η</b>: it completes the obvious and "
           "stops where you have a decision to make.</p>"
           "<p>Tab accepts a suggestion, Esc rejects it. The Token likelihood panel shows where and why a suggestion "
           "was cut. Training, Evaluation and User study are in the View menu.</p>"),
        this);
    intro->setWordWrap(true);
    model_ = new QLabel(this);
    setModelDescription(modelDescription);

    // Every sample project shipped in projects/, by its title.
    const QDir root(QString::fromStdString(projects_dir().string()));
    for (const auto& name : root.entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name)) {
        QFile manifest(root.filePath(name + "/project.json"));
        if (!manifest.open(QIODevice::ReadOnly)) continue;
        const auto title = QJsonDocument::fromJson(manifest.readAll()).object().value("title").toString(name);
        auto* item = new QListWidgetItem(title, projects_);
        item->setData(Qt::UserRole, root.filePath(name));
        item->setToolTip(root.filePath(name));
    }
    const auto lava = projects_->findItems(QStringLiteral("Lava"), Qt::MatchStartsWith);
    projects_->setCurrentRow(lava.isEmpty() ? 0 : projects_->row(lava.first()));

    auto* form = new QFormLayout;
    form->addRow(tr("Language:"), language_);
    form->addRow(tr("Theme:"), theme_);

    auto* buttons = new QDialogButtonBox(this);
    auto* openSample = buttons->addButton(tr("Open the sample project"), QDialogButtonBox::AcceptRole);
    auto* openOther = buttons->addButton(tr("Open a folder…"), QDialogButtonBox::ActionRole);
    auto* close = buttons->addButton(QDialogButtonBox::Close);
    openSample->setDefault(true);
    auto finish = [this] {
        PreferencesDialog::saveChoices(language_, theme_);
        markShown();
        accept();
    };
    connect(openSample, &QPushButton::clicked, this, [this, finish] {
        if (auto* item = projects_->currentItem()) project_ = item->data(Qt::UserRole).toString();
        finish();
    });
    connect(projects_, &QListWidget::itemActivated, openSample, &QPushButton::click);
    connect(openOther, &QPushButton::clicked, this, [this, finish] {
        const QString dir = QFileDialog::getExistingDirectory(this, tr("Open Project"));
        if (dir.isEmpty()) return;
        project_ = dir;
        finish();
    });
    connect(close, &QPushButton::clicked, this, [finish] { finish(); });

    auto* layout = new QVBoxLayout(this);
    layout->addWidget(intro);
    layout->addWidget(new QLabel(tr("Sample projects (each opens with the bundled model):"), this));
    layout->addWidget(projects_, 1);
    layout->addWidget(model_);
    layout->addLayout(form);
    layout->addWidget(buttons);
    resize(560, 520);
}

}  // namespace ew::widgets

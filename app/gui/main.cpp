// `empower-workbench`: the GUI entry point. Parses the command line and shows the main window.
#include "app_theme.h"
#include "main_window.h"
#include "model_status.h"
#include "preferences_dialog.h"
#include "ui_language.h"
#include "welcome_dialog.h"
#include "support/resource_paths.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QIcon>
#include <QTimer>
#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("EmpowerWorkbench");
    QApplication::setApplicationName("empower-workbench");
    QApplication::setApplicationVersion(EW_VERSION);
    QIcon icon(":/icons/empower-workbench.svg");
    for (int size : {16, 22, 24, 32, 48, 64, 128, 256, 512})
        icon.addFile(QString(":/icons/hicolor/%1x%1/apps/empower-workbench.png").arg(size), QSize(size, size));
    QApplication::setWindowIcon(icon);
    // Language and theme before the first widget: widgets read both when they are built.
    ew::widgets::installUiTranslators(ew::widgets::chosenUiLanguage());
    ew::widgets::applyTheme(ew::widgets::chosenTheme());
    ew::widgets::DesktopThemeWatcher themeWatcher;
    ew::widgets::PreferencesDialog::applyChosenIsolation();

    QCommandLineParser parser;
    parser.setApplicationDescription(QApplication::translate("main", "Empower Workbench: empowerment-maximizing code assistants"));
    parser.addHelpOption();
    parser.addVersionOption();
    QCommandLineOption project("project", QApplication::translate("main", "Project folder to open."), "dir",
                               QString::fromStdString((ew::projects_dir() / "lava-trap").string()));
    QCommandLineOption model("model", QApplication::translate("main", "Model directory (config.json, model.safetensors, tokenizer.json)."),
                             "dir", QString::fromStdString(ew::default_model_dir().string()));
    QCommandLineOption workspace("workspace", QApplication::translate("main", "Workspace database (runs, metrics); default: per-user."), "file");
    parser.addOption(project);
    parser.addOption(model);
    QCommandLineOption smoke("smoke-test", QApplication::translate("main", "Open the window, wait for the model, print one line and exit "
                                                                        "(0 when the model loaded): checks an installation."));
    parser.addOption(workspace);
    parser.addOption(smoke);
    parser.process(app);

    ew::widgets::MainWindow window(QDir(parser.value(project)).absolutePath(), QDir(parser.value(model)).absolutePath(), nullptr,
                                   parser.value(workspace));
    window.show();
    // First run: the welcome screen, unless a script or the user already said what to open.
    if (!parser.isSet(smoke) && !parser.isSet(project) && ew::widgets::WelcomeDialog::shouldShowAtStart())
        QTimer::singleShot(0, &window, [&window] { window.showWelcome(); });
    if (parser.isSet(smoke)) {
        // Exit with the model's outcome, or fail after a minute: an installation check for scripts.
        QObject::connect(window.modelStatus(), &ew::widgets::ModelStatus::loaded, &app, [&] {
            std::printf("ok: %s\n", window.modelStatus()->description().toUtf8().constData());
            app.exit(0);
        });
        QObject::connect(window.modelStatus(), &ew::widgets::ModelStatus::failed, &app, [&](const QString& m) {
            std::printf("failed: %s\n", m.toUtf8().constData());
            app.exit(1);
        });
        QTimer::singleShot(60000, &app, [&] { app.exit(2); });
    }
    return app.exec();
}

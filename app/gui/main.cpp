// `empower-workbench`: the GUI entry point. Parses the command line and shows the main window.
#include "main_window.h"
#include "model_status.h"
#include "support/resource_paths.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>
#include <QTimer>
#include <cstdio>

int main(int argc, char** argv) {
    QApplication app(argc, argv);
    QApplication::setOrganizationName("EmpowerWorkbench");
    QApplication::setApplicationName("empower-workbench");
    QApplication::setApplicationVersion(EW_VERSION);

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

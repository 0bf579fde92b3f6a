// `empower-workbench`: the GUI entry point. Parses the command line and shows the main window.
#include "main_window.h"
#include "support/resource_paths.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QDir>

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
    parser.addOption(workspace);
    parser.process(app);

    ew::widgets::MainWindow window(QDir(parser.value(project)).absolutePath(), QDir(parser.value(model)).absolutePath(), nullptr,
                                   parser.value(workspace));
    window.show();
    return app.exec();
}

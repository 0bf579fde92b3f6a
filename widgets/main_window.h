// The workbench window: project tree, editor tabs, problem statement, model status.
// Wiring only: each panel is its own class.
#pragma once
#include <QMainWindow>

class QTabWidget;
class QTreeView;
class QFileSystemModel;
class QTextBrowser;
class QLabel;

namespace ew::widgets {

class CodeEditor;
class ModelStatus;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    MainWindow(const QString& projectDir, const QString& modelDir, QWidget* parent = nullptr);

    bool openProject(const QString& dir);
    CodeEditor* openFile(const QString& path);
    CodeEditor* currentEditor() const;
    ModelStatus* modelStatus() const { return modelStatus_; }
    QString projectDir() const { return projectDir_; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildMenus();
    bool saveCurrent();
    bool maybeSaveAll();

    QString projectDir_;
    QTabWidget* tabs_;
    QTreeView* tree_;
    QFileSystemModel* files_;
    QTextBrowser* statement_;
    QLabel* modelLabel_;
    ModelStatus* modelStatus_;
};

}  // namespace ew::widgets

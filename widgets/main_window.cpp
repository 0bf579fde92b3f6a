#include "main_window.h"

#include "code_editor.h"
#include "model_status.h"

#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileSystemModel>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QSettings>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeView>

namespace ew::widgets {

MainWindow::MainWindow(const QString& projectDir, const QString& modelDir, QWidget* parent)
    : QMainWindow(parent), tabs_(new QTabWidget(this)), tree_(new QTreeView(this)), files_(new QFileSystemModel(this)),
      statement_(new QTextBrowser(this)), modelLabel_(new QLabel(this)), modelStatus_(new ModelStatus(this)) {
    setWindowTitle(tr("Empower Workbench"));
    tabs_->setTabsClosable(true);
    tabs_->setDocumentMode(true);
    setCentralWidget(tabs_);
    connect(tabs_, &QTabWidget::tabCloseRequested, this, [this](int index) {
        auto* editor = qobject_cast<CodeEditor*>(tabs_->widget(index));
        if (editor && editor->isModified()) {
            auto answer = QMessageBox::question(this, tr("Unsaved changes"), tr("Save %1 before closing?").arg(tabs_->tabText(index)),
                                                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
            if (answer == QMessageBox::Cancel) return;
            if (answer == QMessageBox::Save) {
                QString error;
                if (!editor->saveFile(&error)) {
                    QMessageBox::warning(this, tr("Save failed"), error);
                    return;
                }
            }
        }
        tabs_->widget(index)->deleteLater();
        tabs_->removeTab(index);
    });

    files_->setNameFilters({"*.py", "*.md", "*.json", "*.in", "*.out", "*.txt"});
    files_->setNameFilterDisables(false);
    tree_->setModel(files_);
    tree_->setHeaderHidden(true);
    for (int column = 1; column < files_->columnCount(); ++column) tree_->hideColumn(column);
    connect(tree_, &QTreeView::activated, this, [this](const QModelIndex& index) {
        if (!files_->isDir(index)) openFile(files_->filePath(index));
    });
    auto* treeDock = new QDockWidget(tr("Project"), this);
    treeDock->setObjectName("ProjectDock");
    treeDock->setWidget(tree_);
    addDockWidget(Qt::LeftDockWidgetArea, treeDock);

    statement_->setOpenExternalLinks(false);
    auto* statementDock = new QDockWidget(tr("Problem"), this);
    statementDock->setObjectName("ProblemDock");
    statementDock->setWidget(statement_);
    addDockWidget(Qt::RightDockWidgetArea, statementDock);

    modelLabel_->setText(tr("Loading model…"));
    statusBar()->addPermanentWidget(modelLabel_);
    connect(modelStatus_, &ModelStatus::loaded, this, [this] { modelLabel_->setText(tr("Model: %1").arg(modelStatus_->description())); });
    connect(modelStatus_, &ModelStatus::failed, this, [this](const QString& message) {
        modelLabel_->setText(tr("Model failed to load"));
        modelLabel_->setToolTip(message);
        statusBar()->showMessage(message);
    });

    buildMenus();
    QSettings settings;
    restoreGeometry(settings.value("window/geometry").toByteArray());
    restoreState(settings.value("window/state").toByteArray());
    if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(1200, 760);

    openProject(projectDir);
    modelStatus_->load(modelDir);
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* open = file->addAction(tr("&Open Project…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, [this] {
        auto dir = QFileDialog::getExistingDirectory(this, tr("Open Project"), projectDir_);
        if (!dir.isEmpty()) openProject(dir);
    });
    auto* save = file->addAction(tr("&Save"));
    save->setShortcut(QKeySequence::Save);
    connect(save, &QAction::triggered, this, &MainWindow::saveCurrent);
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);
}

bool MainWindow::openProject(const QString& dir) {
    QFile manifest(dir + "/project.json");
    if (!manifest.open(QIODevice::ReadOnly)) {
        statusBar()->showMessage(tr("Not a project (no project.json): %1").arg(dir));
        return false;
    }
    QJsonParseError parseError;
    const auto json = QJsonDocument::fromJson(manifest.readAll(), &parseError).object();
    if (parseError.error != QJsonParseError::NoError) {
        statusBar()->showMessage(tr("%1/project.json is not valid JSON: %2").arg(dir, parseError.errorString()));
        return false;
    }
    projectDir_ = dir;
    tree_->setRootIndex(files_->setRootPath(dir));
    setWindowTitle(tr("%1 — Empower Workbench").arg(json.value("title").toString(QFileInfo(dir).fileName())));
    QFile statement(dir + "/" + json.value("statement").toString("problem.md"));
    if (statement.open(QIODevice::ReadOnly)) statement_->setMarkdown(QString::fromUtf8(statement.readAll()));
    openFile(dir + "/" + json.value("starter").toString("solution.py"));
    QSettings().setValue("project/last", dir);
    return true;
}

CodeEditor* MainWindow::openFile(const QString& path) {
    for (int i = 0; i < tabs_->count(); ++i) {
        auto* editor = qobject_cast<CodeEditor*>(tabs_->widget(i));
        if (editor && editor->filePath() == path) {
            tabs_->setCurrentIndex(i);
            return editor;
        }
    }
    auto* editor = new CodeEditor(tabs_);
    QString error;
    if (!editor->loadFile(path, &error)) {
        delete editor;
        statusBar()->showMessage(error);
        return nullptr;
    }
    const int index = tabs_->addTab(editor, QFileInfo(path).fileName());
    tabs_->setCurrentIndex(index);
    connect(editor, &QsciScintilla::modificationChanged, this, [this, editor](bool modified) {
        const int i = tabs_->indexOf(editor);
        if (i >= 0) tabs_->setTabText(i, QFileInfo(editor->filePath()).fileName() + (modified ? "*" : ""));
    });
    editor->setFocus();
    return editor;
}

CodeEditor* MainWindow::currentEditor() const { return qobject_cast<CodeEditor*>(tabs_->currentWidget()); }

bool MainWindow::saveCurrent() {
    auto* editor = currentEditor();
    if (!editor) return true;
    QString error;
    if (!editor->saveFile(&error)) {
        QMessageBox::warning(this, tr("Save failed"), error);
        return false;
    }
    statusBar()->showMessage(tr("Saved %1").arg(editor->filePath()), 3000);
    return true;
}

bool MainWindow::maybeSaveAll() {
    for (int i = 0; i < tabs_->count(); ++i) {
        auto* editor = qobject_cast<CodeEditor*>(tabs_->widget(i));
        if (!editor || !editor->isModified()) continue;
        auto answer = QMessageBox::question(this, tr("Unsaved changes"), tr("Save %1?").arg(editor->filePath()),
                                            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
        if (answer == QMessageBox::Cancel) return false;
        QString error;
        if (answer == QMessageBox::Save && !editor->saveFile(&error)) {
            QMessageBox::warning(this, tr("Save failed"), error);
            return false;
        }
    }
    return true;
}

void MainWindow::closeEvent(QCloseEvent* event) {
    if (!maybeSaveAll()) {
        event->ignore();
        return;
    }
    QSettings settings;
    settings.setValue("window/geometry", saveGeometry());
    settings.setValue("window/state", saveState());
    event->accept();
}

}  // namespace ew::widgets

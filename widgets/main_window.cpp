#include "main_window.h"
#include "likelihood_scoring.h"
#include "preferences_dialog.h"
#include "welcome_dialog.h"

#include "code_editor.h"
#include "likelihood_view.h"
#include "adaptive_eta_controller.h"
#include "decision_map_panel.h"
#include "decision_marks.h"
#include "suggestion_outcome_tracker.h"
#ifdef EW_WITH_SERVE
#include "serve_assistant_box.h"
#endif
#include "empower/decision_map.h"
#include "lm/document_windows.h"
#include "lm/transformer_language_model.h"
#include "model_status.h"
#include "model_worker.h"
#include "suggestion_controller.h"
#include "suggestion_settings_panel.h"
#include "training_panel.h"
#include "evaluation_panel.h"
#include "guarded_call.h"
#include "help_dialogs.h"
#include "study_panel.h"
#include "experiments_panel.h"

#include <cmath>
#include <QAction>
#include <QApplication>
#include <QCloseEvent>
#include <QDockWidget>
#include <QFile>
#include <QFileDialog>
#include <QFileSystemModel>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QPointer>
#include <QProgressBar>
#include <QToolButton>
#include <QScrollArea>
#include <QVBoxLayout>
#include <QSettings>
#include <QStandardPaths>
#include <QDir>
#include <QStatusBar>
#include <QTabWidget>
#include <QTextBrowser>
#include <QTreeView>

namespace ew::widgets {

MainWindow::MainWindow(const QString& projectDir, const QString& modelDir, QWidget* parent, const QString& workspacePath)
    : QMainWindow(parent), tabs_(new QTabWidget(this)), tree_(new QTreeView(this)), files_(new QFileSystemModel(this)),
      statement_(new QTextBrowser(this)), modelLabel_(new QLabel(this)), latencyLabel_(new QLabel(this)),
      etaLabel_(new QLabel(this)), modelStatus_(new ModelStatus(this)), worker_(new ModelWorker(this)),
      settings_(new SuggestionSettingsPanel(this)), likelihood_(new LikelihoodView(this)) {
    setWindowTitle(tr("Empower Workbench"));
    tabs_->setTabsClosable(true);
    tabs_->setDocumentMode(true);
    setCentralWidget(tabs_);
    connect(tabs_, &QTabWidget::tabCloseRequested, this, guard(reportToStatus(), {}, [this](int index) {
        auto* editor = qobject_cast<CodeEditor*>(tabs_->widget(index));
        if (editor && editor->isModified()) {
            auto answer = QMessageBox::question(this, tr("Unsaved changes"), tr("Save %1 before closing?").arg(tabs_->tabText(index)),
                                                QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel);
            if (answer == QMessageBox::Cancel) return;
            QString error;
            if (answer == QMessageBox::Save && !editor->saveFile(&error)) {
                QMessageBox::warning(this, tr("Save failed"), error);
                return;
            }
        }
        controllers_.remove(editor);
        tabs_->widget(index)->deleteLater();
        tabs_->removeTab(index);
    }));
    connect(tabs_, &QTabWidget::currentChanged, this, guard(reportToStatus(), {}, [this] {
        refreshVisualizer();
        showDecisionMap();
        if (wholeFileWanted() && currentEditor() && !currentEditor()->fileScores()) wholeFileTimer_.start();
    }));

    QString workspace = workspacePath;
    if (workspace.isEmpty()) {
        const QString dir = QStandardPaths::writableLocation(QStandardPaths::AppDataLocation);
        QDir().mkpath(dir);
        workspace = dir + "/workspace.sqlite";
    }
    training_ = new TrainingPanel(workspace, this);
    connect(training_, &TrainingPanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
    evaluation_ = new EvaluationPanel(workspace, this);
    connect(evaluation_, &EvaluationPanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
    study_ = new StudyPanel(workspace, this);
    connect(study_, &StudyPanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
    experiments_ = new ExperimentsPanel(workspace, this);
    connect(experiments_, &ExperimentsPanel::message, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
    // Empower-auto: the learned η of the dock's profile, from 8 nats (the Empower default) until it knows better.
    adaptiveEta_ = new AdaptiveEtaController(workspace, 8.0, this);
    connect(adaptiveEta_, &AdaptiveEtaController::failed, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
    connect(adaptiveEta_, &AdaptiveEtaController::changed, this, [this](double nats) {
        settings_->showAdaptiveState(adaptiveEta_->state());
        if (settings_->policy().adaptive) settings_->setEta(empower::from_nats(nats, settings_->policy().unit));
    });
    connect(settings_, &SuggestionSettingsPanel::adaptiveProfileChanged, adaptiveEta_, &AdaptiveEtaController::setProfile);
    connect(settings_, &SuggestionSettingsPanel::adaptiveResetRequested, adaptiveEta_, &AdaptiveEtaController::reset);
    adaptiveEta_->setProfile(settings_->adaptiveProfile());
    buildDocks();
    modelLabel_->setText(tr("Loading model…"));
    latencyLabel_->setToolTip(tr("Latency of the last suggestion: debounce fired → ghost text shown"));
    // Whole-file colouring of a long file takes a while on a real model: its progress, and Stop.
    wholeFileProgress_ = new QProgressBar(this);
    wholeFileProgress_->setMaximumWidth(220);
    wholeFileProgress_->setFormat(tr("Colouring file: %p%"));
    wholeFileProgress_->setToolTip(tr("Scoring the whole file window by window; the colours appear as it goes"));
    wholeFileProgress_->hide();
    wholeFileStop_ = new QToolButton(this);
    wholeFileStop_->setText(tr("Stop"));
    wholeFileStop_->setToolTip(tr("Stop colouring the file by likelihood"));
    wholeFileStop_->hide();
    statusBar()->addPermanentWidget(wholeFileProgress_);
    statusBar()->addPermanentWidget(wholeFileStop_);
    statusBar()->addPermanentWidget(latencyLabel_);
    statusBar()->addPermanentWidget(etaLabel_);
    statusBar()->addPermanentWidget(modelLabel_);
    connect(modelStatus_, &ModelStatus::loaded, this, guard(reportToStatus(), {}, [this] { onModelLoaded(); }));
    connect(modelStatus_, &ModelStatus::failed, this, guard(reportToStatus(), {}, [this](const QString& message) {
        modelLabel_->setText(tr("Model failed to load"));
        modelLabel_->setToolTip(message);
        statusBar()->showMessage(message);
    }));

    suffixTimer_.setSingleShot(true);
    suffixTimer_.setInterval(200);
    connect(&suffixTimer_, &QTimer::timeout, this, guard(reportToStatus(), {}, [this] { scoreTextAfterCaret(); }));
    wholeFileTimer_.setSingleShot(true);
    wholeFileTimer_.setInterval(600);
    connect(&wholeFileTimer_, &QTimer::timeout, this, guard(reportToStatus(), {}, [this] { scoreWholeFile(); }));
    decisionMapTimer_.setSingleShot(true);
    decisionMapTimer_.setInterval(0);
    connect(&decisionMapTimer_, &QTimer::timeout, this, guard(reportToStatus(), {}, [this] { showDecisionMap(); }));

    buildMenus();
    QSettings settings;
    if (!restoreGeometry(settings.value("window/geometry").toByteArray())) resize(1280, 800);
    restoreState(settings.value("window/state").toByteArray());

    settings_->restore();
    settings_->setModelDir(modelDir);
    likelihood_->setUnit(settings_->policy().unit);
    likelihood_->setEta(settings_->policy().eta);
    etaLabel_->setText(tr("η = %1 %2").arg(settings_->policy().eta).arg(empower::unit_name(settings_->policy().unit)));
    openProject(projectDir);
    modelStatus_->load(modelDir);
}

MainWindow::~MainWindow() = default;

std::function<void(const QString&)> MainWindow::reportToStatus() {
    return [this](const QString& message) { statusBar()->showMessage(message); };
}

void MainWindow::buildDocks() {
    files_->setNameFilters({"*.py", "*.md", "*.json", "*.in", "*.out", "*.txt"});
    files_->setNameFilterDisables(false);
    tree_->setModel(files_);
    tree_->setHeaderHidden(true);
    for (int column = 1; column < files_->columnCount(); ++column) tree_->hideColumn(column);
    connect(tree_, &QTreeView::activated, this, guard(reportToStatus(), {}, [this](const QModelIndex& index) {
        if (!files_->isDir(index)) openFile(files_->filePath(index));
    }));
    auto dock = [this](QWidget* widget, const QString& title, const char* name, Qt::DockWidgetArea area) {
        auto* d = new QDockWidget(title, this);
        d->setObjectName(name);
        d->setWidget(widget);
        addDockWidget(area, d);
        return d;
    };
    dock(tree_, tr("Project"), "ProjectDock", Qt::LeftDockWidgetArea);
    QWidget* suggestionsDock = settings_;
#ifdef EW_WITH_SERVE
    // The same assistant, served to other editors (tab_frontend, OpenAI clients, llama.cpp plugins).
    serveBox_ = new ServeAssistantBox(this);
    connect(serveBox_, &ServeAssistantBox::message, this, [this](const QString& m) { statusBar()->showMessage(m, 10000); });
    suggestionsDock = new QWidget(this);
    auto* column = new QVBoxLayout(suggestionsDock);
    column->setContentsMargins(0, 0, 0, 0);
    column->addWidget(settings_);
    column->addWidget(serveBox_);
#endif
    dock(suggestionsDock, tr("Suggestions"), "SuggestionSettingsDock", Qt::LeftDockWidgetArea);
    auto* problemDock = dock(statement_, tr("Problem"), "ProblemDock", Qt::RightDockWidgetArea);
    auto* likelihoodDock = dock(likelihood_, tr("Token likelihood"), "LikelihoodDock", Qt::BottomDockWidgetArea);
    decisionPanel_ = new DecisionMapPanel(this);
    connect(decisionPanel_, &DecisionMapPanel::pointActivated, this, [this](long byte) {
        if (auto* e = currentEditor()) {
            e->SendScintilla(QsciScintilla::SCI_GOTOPOS, byte);
            e->setFocus();
        }
    });
    auto* decisionDock = dock(decisionPanel_, tr("Decision points"), "DecisionMapDock", Qt::RightDockWidgetArea);
    tabifyDockWidget(problemDock, decisionDock);
    problemDock->raise();
    // The big panels scroll instead of forcing a minimum window size larger than a laptop screen.
    auto scrolled = [this](QWidget* panel) {
        auto* area = new QScrollArea(this);
        area->setWidget(panel);
        area->setWidgetResizable(true);
        area->setFrameShape(QFrame::NoFrame);
        return area;
    };
    auto* trainingDock = dock(scrolled(training_), tr("Training"), "TrainingDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(likelihoodDock, trainingDock);
    auto* evaluationDock = dock(scrolled(evaluation_), tr("Evaluation"), "EvaluationDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(trainingDock, evaluationDock);
    auto* studyDock = dock(scrolled(study_), tr("User study"), "StudyDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(evaluationDock, studyDock);
    auto* experimentsDock = dock(experiments_, tr("Experiments"), "ExperimentsDock", Qt::BottomDockWidgetArea);
    tabifyDockWidget(studyDock, experimentsDock);
    likelihoodDock->raise();

    connect(settings_, &SuggestionSettingsPanel::policyChanged, this, guard(reportToStatus(), {}, [this](const empower::SuggestionPolicy& p) {
        // Empower-auto cuts at the learned η: switching to it (or its units) sets the η box, which comes back here.
        if (p.adaptive) {
            const double learned = empower::from_nats(adaptiveEta_->state().eta(), p.unit);
            if (std::abs(learned - p.eta) >= 0.05) {  // the η box shows one decimal
                settings_->setEta(learned);
                return;
            }
            settings_->showAdaptiveState(adaptiveEta_->state());
        }
        for (auto* c : std::as_const(controllers_)) c->setPolicy(p);
        if (serveBox_) serveBox_->setAssistant(modelStatus_->model(), p);
        likelihood_->setUnit(p.unit);
        likelihood_->setEta(p.eta);
        etaLabel_->setText(tr("η = %1 %2").arg(p.eta).arg(empower::unit_name(p.unit)));
        decisionMapTimer_.start();  // re-walks the cached scores: no model call
    }));
    connect(likelihood_, &LikelihoodView::etaChanged, settings_, &SuggestionSettingsPanel::setEta);
    connect(likelihood_, &LikelihoodView::sourceChanged, this, guard(reportToStatus(), {}, [this] { refreshVisualizer(); }));
    connect(settings_, &SuggestionSettingsPanel::modelDirChosen, this, guard(reportToStatus(), {}, [this](const QString& dir) {
        modelLabel_->setText(tr("Loading model…"));
        modelStatus_->load(dir);
    }));
    connect(settings_, &SuggestionSettingsPanel::timingChanged, this, guard(reportToStatus(), {}, [this](int ms, bool adaptive) {
        for (auto* c : std::as_const(controllers_)) {
            c->setDebounceMs(ms);
            c->setAdaptiveDebounce(adaptive);
        }
    }));
    connect(settings_, &SuggestionSettingsPanel::enabledChanged, this, guard(reportToStatus(), {}, [this](bool on) {
        for (auto* c : std::as_const(controllers_)) c->setEnabled(on);
    }));
}

void MainWindow::buildMenus() {
    auto* file = menuBar()->addMenu(tr("&File"));
    auto* open = file->addAction(tr("&Open Project…"));
    open->setShortcut(QKeySequence::Open);
    connect(open, &QAction::triggered, this, guard(reportToStatus(), {}, [this] {
        auto dir = QFileDialog::getExistingDirectory(this, tr("Open Project"), projectDir_);
        if (!dir.isEmpty()) openProject(dir);
    }));
    recentMenu_ = file->addMenu(tr("Recent Projects"));
    rebuildRecentMenu();
    auto* save = file->addAction(tr("&Save"));
    save->setShortcut(QKeySequence::Save);
    connect(save, &QAction::triggered, this, guard(reportToStatus(), {}, [this] { saveCurrent(); }));
    file->addSeparator();
    auto* preferences = file->addAction(tr("&Preferences…"));
    preferences->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Comma));
    preferences->setMenuRole(QAction::PreferencesRole);
    connect(preferences, &QAction::triggered, this, guard(reportToStatus(), {}, [this] { PreferencesDialog(this).exec(); }));
    file->addSeparator();
    auto* quit = file->addAction(tr("&Quit"));
    quit->setShortcut(QKeySequence::Quit);
    connect(quit, &QAction::triggered, this, &QWidget::close);

    auto* suggest = menuBar()->addMenu(tr("&Suggest"));
    auto* now = suggest->addAction(tr("Suggest Now"));
    now->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Space));
    connect(now, &QAction::triggered, this, guard(reportToStatus(), {}, [this] {
        if (auto* c = controllerFor(currentEditor())) c->requestNow();
    }));
    suggest->addSeparator();
    for (const auto& [text, keys] : {std::pair{tr("Accept suggestion"), tr("Tab")}, std::pair{tr("Accept next word"), tr("Ctrl+Right")},
                                     std::pair{tr("Accept next line"), tr("Ctrl+Down")}, std::pair{tr("Reject suggestion"), tr("Esc")}}) {
        auto* a = suggest->addAction(QStringLiteral("%1\t%2").arg(text, keys));
        a->setEnabled(false);  // documentation of the editor's keys; the editor handles them
    }

    viewMenu_ = menuBar()->addMenu(tr("&View"));
    wholeFileAction_ = viewMenu_->addAction(tr("Colour File by Likelihood"));
    wholeFileAction_->setCheckable(true);
    wholeFileAction_->setToolTip(tr("Colour every token of the open file by −log p under the model"));
    connect(wholeFileAction_, &QAction::toggled, this, guard(reportToStatus(), {}, [this](bool on) {
        if (on) {
            scoreWholeFile();
            return;
        }
        if (!wholeFileWanted()) {
            wholeFileTimer_.stop();
            worker_->cancel("score-file");
            setWholeFileProgress(-1);
        }
        if (auto* e = currentEditor()) e->showLikelihoodColouring({}, {});
    }));
    connect(wholeFileStop_, &QToolButton::clicked, wholeFileAction_, [this] {
        wholeFileAction_->setChecked(false);
        decisionAction_->setChecked(false);
    });
    decisionAction_ = viewMenu_->addAction(tr("Decision Points"));
    decisionAction_->setCheckable(true);
    decisionAction_->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_D));
    decisionAction_->setToolTip(tr("Mark where an Empower-η assistant following the writer would have stopped: the tokens that take the "
                                   "running −log p above η"));
    connect(decisionAction_, &QAction::toggled, this, guard(reportToStatus(), {}, [this](bool on) {
        if (on) {
            if (auto* d = qobject_cast<QDockWidget*>(decisionPanel_->parentWidget())) {
                d->show();
                d->raise();
            }
            auto* e = currentEditor();
            if (e && e->fileScores()) showDecisionMap();
            else scoreWholeFile();
            return;
        }
        if (!wholeFileWanted()) {
            wholeFileTimer_.stop();
            worker_->cancel("score-file");
            setWholeFileProgress(-1);
        }
        showDecisionMap();
    }));
    for (const bool forward : {true, false}) {
        auto* go = viewMenu_->addAction(forward ? tr("Next Decision Point") : tr("Previous Decision Point"));
        go->setShortcut(forward ? QKeySequence(Qt::Key_F8) : QKeySequence(Qt::SHIFT | Qt::Key_F8));
        connect(go, &QAction::triggered, this, guard(reportToStatus(), {}, [this, forward] {
            auto* e = currentEditor();
            if (!e || !decisionAction_->isChecked()) return;
            const bool moved = forward ? e->decisionMarks()->goNext() : e->decisionMarks()->goPrevious();
            if (!moved) statusBar()->showMessage(forward ? tr("No decision point after the caret") : tr("No decision point before the caret"), 3000);
        }));
    }
    viewMenu_->addSeparator();
    for (auto* d : findChildren<QDockWidget*>()) viewMenu_->addAction(d->toggleViewAction());

    auto* help = menuBar()->addMenu(tr("&Help"));
    auto* keys = help->addAction(tr("&Keyboard Shortcuts"));
    keys->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_Slash));
    connect(keys, &QAction::triggered, this, guard(reportToStatus(), {}, [this] { ShortcutsDialog(this).exec(); }));
    connect(help->addAction(tr("&Welcome Screen")), &QAction::triggered, this, guard(reportToStatus(), {}, [this] { showWelcome(); }));
    connect(help->addAction(tr("&About Empower Workbench")), &QAction::triggered, this,
            [this] { AboutDialog(modelStatus_->model() ? modelStatus_->description() : QString(), this).exec(); });
}

void MainWindow::showWelcome() {
    WelcomeDialog welcome(modelStatus_->model() ? modelStatus_->description() : QString(), this);
    connect(modelStatus_, &ModelStatus::loaded, &welcome, [this, &welcome] { welcome.setModelDescription(modelStatus_->description()); });
    if (welcome.exec() == QDialog::Accepted && !welcome.chosenProject().isEmpty()) openProject(welcome.chosenProject());
}

void MainWindow::onModelLoaded() {
    modelLabel_->setText(tr("Model: %1").arg(modelStatus_->description()));
    // The directory, and how the weights came to be held as they are ("auto" says what it timed).
    modelLabel_->setToolTip(settings_->modelDir() + "\n" + QString::fromStdString(modelStatus_->model()->weights_provenance()));
    for (auto* c : std::as_const(controllers_)) c->setModel(modelStatus_->model());
    if (serveBox_) serveBox_->setAssistant(modelStatus_->model(), settings_->policy());
    const auto model = modelStatus_->model();
    for (auto* tracker : findChildren<SuggestionOutcomeTracker*>())
        tracker->setTokenizer(std::shared_ptr<const text::BpeTokenizer>(model, &model->tokenizer()));
    // Scores by the previous model mean nothing now, and cannot seed the next scoring.
    for (int i = 0; i < tabs_->count(); ++i)
        if (auto* e = qobject_cast<CodeEditor*>(tabs_->widget(i))) e->setFileScores(nullptr);
    refreshVisualizer();
    if (wholeFileWanted()) scoreWholeFile();
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
    rememberRecent(dir);
    return true;
}

void MainWindow::rememberRecent(const QString& dir) {
    QSettings settings;
    auto recent = settings.value("project/recent").toStringList();
    recent.removeAll(dir);
    recent.prepend(dir);
    while (recent.size() > 8) recent.removeLast();
    settings.setValue("project/recent", recent);
    settings.setValue("project/last", dir);
    rebuildRecentMenu();
}

void MainWindow::rebuildRecentMenu() {
    if (!recentMenu_) return;
    recentMenu_->clear();
    for (const auto& dir : QSettings().value("project/recent").toStringList())
        connect(recentMenu_->addAction(dir), &QAction::triggered, this, guard(reportToStatus(), {}, [this, dir] { openProject(dir); }));
    recentMenu_->setEnabled(!recentMenu_->isEmpty());
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
    auto* controller = new SuggestionController(editor, worker_, editor);
    controller->setPolicy(settings_->policy());
    controller->setDebounceMs(settings_->debounceMs());
    controller->setAdaptiveDebounce(settings_->adaptiveDebounce());
    controller->setEnabled(settings_->suggestionsEnabled());
    if (modelStatus_->model()) controller->setModel(modelStatus_->model());
    controllers_.insert(editor, controller);
    // What the person keeps of each suggestion teaches Empower-auto its η.
    auto* tracker = new SuggestionOutcomeTracker(editor, controller, editor);
    if (const auto model = modelStatus_->model()) tracker->setTokenizer(std::shared_ptr<const text::BpeTokenizer>(model, &model->tokenizer()));
    connect(tracker, &SuggestionOutcomeTracker::judged, this,
            guard(reportToStatus(), {}, [this](const empower::SuggestionProfile& suggestion, std::size_t kept) {
                if (settings_->policy().adaptive) adaptiveEta_->observe(suggestion, kept);
            }));
    connect(controller, &SuggestionController::suggestionShown, this,
            guard(reportToStatus(), {}, [this, controller](const std::shared_ptr<const ShownSuggestion>& s) { onSuggestionShown(controller, s); }));
    connect(controller, &SuggestionController::suggestionExtended, this,
            guard(reportToStatus(), {}, [this, controller](const std::shared_ptr<const ShownSuggestion>& s) { onSuggestionShown(controller, s); }));
    connect(controller, &SuggestionController::failed, this, [this](const QString& m) { statusBar()->showMessage(m, 8000); });
    auto edited = [this, editor] {
        if (editor != currentEditor()) return;
        if (likelihood_->source() == LikelihoodView::Source::TextAfterCaret) suffixTimer_.start();
        if (wholeFileWanted()) wholeFileTimer_.start();
    };
    connect(editor, &CodeEditor::userEdited, this, guard(reportToStatus(), {}, edited));
    connect(editor, &QsciScintilla::cursorPositionChanged, this, guard(reportToStatus(), {}, [this, editor] {
        if (editor == currentEditor() && likelihood_->source() == LikelihoodView::Source::TextAfterCaret) suffixTimer_.start();
    }));

    const int index = tabs_->addTab(editor, QFileInfo(path).fileName());
    tabs_->setCurrentIndex(index);
    connect(editor, &QsciScintilla::modificationChanged, this, guard(reportToStatus(), {}, [this, editor](bool modified) {
        const int i = tabs_->indexOf(editor);
        if (i >= 0) tabs_->setTabText(i, QFileInfo(editor->filePath()).fileName() + (modified ? "*" : ""));
    }));
    editor->setFocus();
    return editor;
}

CodeEditor* MainWindow::currentEditor() const { return qobject_cast<CodeEditor*>(tabs_->currentWidget()); }

void MainWindow::onSuggestionShown(SuggestionController* controller, const std::shared_ptr<const ShownSuggestion>& shown) {
    latencyLabel_->setText(tr("last suggestion: %1 ms").arg(shown->latencyMs, 0, 'f', 0));
    if (controller != controllerFor(currentEditor()) || likelihood_->source() != LikelihoodView::Source::Suggestion) return;
    // The very tokens the ghost text came from: nothing is scored twice.
    likelihood_->setSuggestion(modelStatus_->model()->tokenizer(), shown->suggestion);
}

void MainWindow::refreshVisualizer() {
    if (!modelStatus_->model()) return;
    if (likelihood_->source() == LikelihoodView::Source::TextAfterCaret) {
        scoreTextAfterCaret();
        return;
    }
    auto* c = controllerFor(currentEditor());
    if (c && c->current())
        likelihood_->setSuggestion(modelStatus_->model()->tokenizer(), c->current()->suggestion);
    else likelihood_->clearTokens(tr("No suggestion yet: type in the editor (or press Ctrl+Space)."));
}

void MainWindow::scoreTextAfterCaret() {
    auto* editor = currentEditor();
    auto model = modelStatus_->model();
    if (!editor || !model) return;
    const long caret = editor->caretByteOffset();
    const QByteArray all = editor->textBytes(0, editor->length());
    QPointer<MainWindow> self(this);
    scoreIntoView(worker_, "score-suffix", model, {all.left(caret).toStdString(), all.mid(caret).toStdString(), 64, tr("No text after the caret.")},
                  likelihood_, [self] { return self && self->likelihood_->source() == LikelihoodView::Source::TextAfterCaret; });
}

void MainWindow::setWholeFileProgress(int percent) {
    wholeFileProgress_->setVisible(percent >= 0);
    wholeFileStop_->setVisible(percent >= 0);
    if (percent >= 0) wholeFileProgress_->setValue(percent);
}

bool MainWindow::wholeFileWanted() const {
    return (wholeFileAction_ && wholeFileAction_->isChecked()) || (decisionAction_ && decisionAction_->isChecked());
}

void MainWindow::scoreWholeFile() {
    auto* editor = currentEditor();
    auto model = modelStatus_->model();
    if (!editor || !model || !wholeFileWanted()) return;
    const QByteArray text = editor->textBytes(0, editor->length());
    QPointer<CodeEditor> target(editor);
    QPointer<MainWindow> self(this);
    setWholeFileProgress(0);
    worker_->submit("score-file", [self, target, model, text, earlier = editor->lastFileScores()](const std::atomic<bool>& cancelled) {
        // Bounded windows: time and memory grow linearly with the file (empower/decision_map.h). The
        // top 5 at each token are for the decision points' hover.
        const auto show = [&](const empower::FileScores& so_far, std::size_t total) {
            const int percent = total ? int(100 * so_far.tokens.size() / total) : 100;
            QMetaObject::invokeMethod(
                target,
                [self, target, text, model, scores = std::make_shared<const empower::FileScores>(so_far), percent] {
                    // Only while colouring or the map is on (a window finishing after Stop paints
                    // nothing), the file is still the text that was scored and the model the same.
                    if (!self || !self->wholeFileWanted() || !target || target->textBytes(0, target->length()) != text ||
                        self->modelStatus_->model() != model)
                        return;
                    target->setFileScores(scores);
                    if (self->wholeFileAction_->isChecked()) {
                        std::vector<std::pair<long, long>> ranges;
                        std::vector<double> nll;
                        for (const auto& t : scores->tokens) {
                            ranges.emplace_back(long(t.byte_offset), long(t.byte_offset + t.bytes));
                            nll.push_back(t.nll);
                        }
                        target->showLikelihoodColouring(ranges, nll);
                    }
                    if (target == self->currentEditor()) self->showDecisionMap();
                    self->setWholeFileProgress(percent < 100 ? percent : -1);
                },
                Qt::QueuedConnection);
        };
        const auto scored = empower::score_file(*model, std::string_view(text.constData(), text.size()), 5, cancelled,
                                                [&](const empower::FileScores& so_far, std::size_t total) {
                                                    if (!cancelled.load()) show(so_far, total);
                                                },
                                                earlier.get());  // after an edit, only the windows from it on
        if (scored.tokens.empty() && !cancelled.load()) show(scored, 0);
    });
}

void MainWindow::showDecisionMap() {
    auto* editor = currentEditor();
    auto model = modelStatus_->model();
    if (!decisionAction_ || !decisionAction_->isChecked() || !editor || !model) {
        if (editor) editor->decisionMarks()->clear();
        decisionPanel_->clear(decisionAction_ && decisionAction_->isChecked()
                                  ? tr("Waiting for the model and an open file.")
                                  : tr("Turn on View → Decision Points to see where an Empower-η assistant would have stopped in this file."));
        return;
    }
    const auto scores = editor->fileScores();
    if (!scores) return;  // being scored again after an edit: the marks move with the text until then
    const auto policy = settings_->policy();
    auto points = std::make_shared<const DecisionPointsAtEta>(scores, empower::to_nats(policy.eta, policy.unit), model, policy.unit);
    std::vector<DecisionMarks::Mark> marks;
    marks.reserve(points->count());
    for (std::size_t k = 0; k < points->count(); ++k) {
        const auto& t = points->token(k);
        marks.push_back({long(t.byte_offset), long(t.byte_offset + t.bytes), k});
    }
    editor->decisionMarks()->show(std::move(marks), [points](std::size_t k) { return points->describe(k); });
    decisionPanel_->showMap(std::move(points));
}

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
    settings_->save();
    event->accept();
}

}  // namespace ew::widgets

// The workbench window: project tree, editor tabs with live suggestions, problem statement,
// suggestion settings, the token-likelihood visualizer, and a status bar (model, device, latency,
// η). Wiring only: each panel is its own class; all model work goes through one ModelWorker.
#pragma once
#include "empower/suggestion_policy.h"

#include <QHash>
#include <QMainWindow>
#include <QTimer>
#include <functional>
#include <memory>

class QTabWidget;
class QTreeView;
class QFileSystemModel;
class QTextBrowser;
class QLabel;
class QProgressBar;
class QToolButton;
class QAction;
class QMenu;

namespace ew::lm {
class TransformerLanguageModel;
}

namespace ew::widgets {

class CodeEditor;
class ModelStatus;
class ModelWorker;
class SuggestionController;
class SuggestionSettingsPanel;
class ServeAssistantBox;
class LikelihoodView;
class TrainingPanel;
class EvaluationPanel;
class StudyPanel;
class ExperimentsPanel;
class DecisionMapPanel;
class AdaptiveEtaController;
struct ShownSuggestion;

class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    // workspacePath empty: the per-user default (QStandardPaths::AppDataLocation/workspace.sqlite).
    MainWindow(const QString& projectDir, const QString& modelDir, QWidget* parent = nullptr, const QString& workspacePath = {});
    ~MainWindow() override;

    bool openProject(const QString& dir);
    void showWelcome();  // the first-run screen; opens the project chosen there
    CodeEditor* openFile(const QString& path);
    CodeEditor* currentEditor() const;
    SuggestionController* controllerFor(CodeEditor* editor) const { return controllers_.value(editor); }
    ModelStatus* modelStatus() const { return modelStatus_; }
    ModelWorker* worker() const { return worker_; }
    LikelihoodView* likelihoodView() const { return likelihood_; }
    SuggestionSettingsPanel* settingsPanel() const { return settings_; }
    ServeAssistantBox* serveBox() const { return serveBox_; }  // null without EW_WITH_SERVE
    TrainingPanel* trainingPanel() const { return training_; }
    EvaluationPanel* evaluationPanel() const { return evaluation_; }
    StudyPanel* studyPanel() const { return study_; }
    ExperimentsPanel* experimentsPanel() const { return experiments_; }
    QAction* wholeFileAction() const { return wholeFileAction_; }
    QProgressBar* wholeFileProgress() const { return wholeFileProgress_; }
    QToolButton* wholeFileStopButton() const { return wholeFileStop_; }
    QAction* decisionPointsAction() const { return decisionAction_; }
    DecisionMapPanel* decisionMapPanel() const { return decisionPanel_; }
    AdaptiveEtaController* adaptiveEta() const { return adaptiveEta_; }
    QString projectDir() const { return projectDir_; }

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    // Where errors from the window's own slots go (guarded_call.h): the status bar.
    std::function<void(const QString&)> reportToStatus();
    void buildMenus();
    void buildDocks();
    bool saveCurrent();
    bool maybeSaveAll();
    void onModelLoaded();
    void onSuggestionShown(SuggestionController* controller, const std::shared_ptr<const ShownSuggestion>& shown);
    void refreshVisualizer();
    void scoreTextAfterCaret();
    void scoreWholeFile();
    void setWholeFileProgress(int percent);  // -1 hides the progress bar and its Stop button
    bool wholeFileWanted() const;            // colouring or decision points are on: the file is scored
    void showDecisionMap();                   // from the current editor's cached scores at the current η
    void rememberRecent(const QString& dir);
    void rebuildRecentMenu();

    QString projectDir_;
    QTabWidget* tabs_;
    QTreeView* tree_;
    QFileSystemModel* files_;
    QTextBrowser* statement_;
    QLabel* modelLabel_;
    QLabel* latencyLabel_;
    QLabel* etaLabel_;
    ModelStatus* modelStatus_;
    ModelWorker* worker_;
    SuggestionSettingsPanel* settings_;
    ServeAssistantBox* serveBox_ = nullptr;
    LikelihoodView* likelihood_;
    TrainingPanel* training_ = nullptr;
    EvaluationPanel* evaluation_ = nullptr;
    StudyPanel* study_ = nullptr;
    ExperimentsPanel* experiments_ = nullptr;
    QAction* wholeFileAction_ = nullptr;
    QProgressBar* wholeFileProgress_ = nullptr;
    QToolButton* wholeFileStop_ = nullptr;
    QAction* decisionAction_ = nullptr;
    DecisionMapPanel* decisionPanel_ = nullptr;
    AdaptiveEtaController* adaptiveEta_ = nullptr;
    QMenu* recentMenu_ = nullptr;
    QMenu* viewMenu_ = nullptr;
    QHash<CodeEditor*, SuggestionController*> controllers_;
    QTimer suffixTimer_;     // debounces "text after caret" scoring
    QTimer wholeFileTimer_;  // debounces whole-file re-colouring after edits
    // η moves redraw the decision map once per pass of the event loop: a drag queues slider steps
    // faster than a long file's map is drawn, and only the last one is worth drawing.
    QTimer decisionMapTimer_;
};

}  // namespace ew::widgets

// The participant's screen for one study session (paper Sec. 5.3, App. E): the problem
// statement, the editor with live suggestions from the assistant of the current phase (shown only
// as "Assistant <slot>"), a countdown, a Run-tests button (through the sandbox), notes after each
// assistant phase and the final ranking questionnaire. Everything is logged through StudyRecorder;
// opening the window on an unfinished session resumes it where the log stops (after a crash too).
// The conductor pauses and resumes with Ctrl+Alt+P.
#pragma once
#include "empower/adaptive_eta.h"
#include "empower/suggestion_policy.h"
#include "lm/language_model.h"
#include "store/workspace.h"
#include "study/event_log.h"
#include "study/study_store.h"

#include <QElapsedTimer>
#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>
#include <functional>
#include <memory>
#include <optional>

class QComboBox;
class QLabel;
class QPlainTextEdit;
class QPushButton;
class QStackedWidget;
class QTextBrowser;

namespace ew::widgets {

class CodeEditor;
class MessageBar;
class ModelWorker;
class StudyRecorder;
class SuggestionController;
class SuggestionOutcomeTracker;

class ParticipantWindow : public QWidget {
    Q_OBJECT
public:
    // The model an arm suggests with (null: the arm shows no suggestions).
    using ModelProvider = std::function<std::shared_ptr<const lm::LanguageModel>(const study::Arm&)>;

    ParticipantWindow(const QString& workspacePath, std::int64_t participantId, ModelProvider models, QWidget* parent = nullptr);
    ~ParticipantWindow() override;

    enum class Page { Intro, Coding, Notes, Questionnaire, Done };
    Page page() const;
    int phaseIndex() const { return phase_; }
    bool paused() const { return paused_; }
    double remainingSeconds() const;
    CodeEditor* editor() const { return editor_; }
    SuggestionController* controller() const { return controller_; }
    study::EventLog* eventLog() const { return log_.get(); }
    MessageBar* messageBar() const { return messageBar_; }

    // The actions behind the buttons, public for the conductor and tests.
    void startOrResume();        // the Intro page's button
    void finishPhase(const QString& reason = "participant");
    void submitNotes(const QString& notes);
    // ranks[item id][slot - 1] = rank; text answers by item id. False (with a message) if invalid.
    bool submitQuestionnaire(const std::map<std::string, std::vector<int>>& ranks,
                             const std::map<std::string, QString>& texts, QString* error = nullptr);
    void setPaused(bool on);
    void runTests();

signals:
    void testsFinished(bool passed);
    void sessionFinished();

protected:
    void closeEvent(QCloseEvent* event) override;

private:
    void buildUi();
    void restoreFromLog();
    void showIntroFor(int phase, bool resuming);
    void beginPhase(bool resuming, const QString& resumeText);
    void afterPhase(int endedPhase);
    void tick();
    void showQuestionnaire();
    QString starterCode() const;
    QString slotTitle(int slot) const;
    void learnFrom(const empower::SuggestionProfile& suggestion, std::size_t kept);  // empower-auto arms

    QString workspacePath_;
    std::unique_ptr<store::Workspace> workspace_;
    std::unique_ptr<study::StudyStore> store_;
    study::StudyRecord study_;
    study::ParticipantRecord participant_;
    study::SessionRecord session_;
    std::unique_ptr<study::EventLog> log_;
    MessageBar* messageBar_ = nullptr;
    ModelProvider models_;

    QStackedWidget* stack_;
    QLabel* introText_;
    QPushButton* introButton_;
    QLabel* header_;
    QLabel* countdown_;
    QLabel* pausedBanner_;
    QTextBrowser* statement_;
    CodeEditor* editor_;
    QPlainTextEdit* testOutput_;
    QPushButton* runTests_;
    QPushButton* doneButton_;
    QLabel* notesPrompt_;
    QPlainTextEdit* notes_;
    QWidget* questionnaire_;
    std::map<std::string, std::vector<QComboBox*>> rankBoxes_;
    std::map<std::string, QPlainTextEdit*> textBoxes_;
    QLabel* questionnaireError_;

    ModelWorker* worker_;
    SuggestionController* controller_;
    StudyRecorder* recorder_;
    SuggestionOutcomeTracker* tracker_;
    empower::SuggestionPolicy policy_;               // the current phase's assistant
    std::optional<empower::AdaptiveEta> adaptive_;  // its learned η, when the arm is empower-auto
    QTimer clock_;
    QElapsedTimer running_;
    QFutureWatcher<QString> tests_;

    int phase_ = -1;                 // the phase being worked on or introduced
    bool resumingPhase_ = false;     // the intro resumes an interrupted phase
    QString resumeText_;
    double activeBefore_ = 0;        // active seconds of the phase before the current run
    bool paused_ = false;
    bool suggestionsOn_ = false;     // this phase has an assistant with a model
    int secondsSinceTick_ = 0;
};

}  // namespace ew::widgets

// The conductor's view of user studies: create a study (the paper's protocol by default) or
// import tab_frontend logs, enrol pseudonymous participants, open a participant's session window
// (full screen), follow progress — by phase and "Assistant <slot>" only while blinded — unblind,
// see the results (tables, tests, Figure 3-style charts) and export them.
#pragma once
#include "study/study_report.h"

#include <QFutureWatcher>
#include <QPointer>
#include <QTimer>
#include <QWidget>
#include <map>
#include <memory>

class QChartView;
class QChart;
class QComboBox;
class QLabel;
class QPushButton;
class QTableWidget;

namespace ew::lm {
class LanguageModel;
}
namespace ew::store {
class Workspace;
}

namespace ew::widgets {

class MessageBar;
class ParticipantWindow;

class StudyPanel : public QWidget {
    Q_OBJECT
public:
    StudyPanel(const QString& workspacePath, QWidget* parent = nullptr);
    ~StudyPanel() override;

    // The actions behind the buttons (no dialogs), for scripting and tests.
    bool createStudy(const study::StudyDesign& design, QString* error = nullptr);
    void selectStudy(const QString& name);
    QString currentStudy() const;
    QString enrolParticipant();                     // returns the new code
    void openSession(const QString& participantCode, bool fullScreen = true);
    void unblindCurrent();
    QString exportCurrent(const QString& directory);  // returns the bundle's path, or an error message
    // Reads the workspace again, off the UI thread (the participant's editor runs on it): only the
    // events logged since the last refresh are replayed. One read runs at a time; asking while
    // one runs queues one more. Never throws: a failure shows in messageBar().
    void refresh();
    // Processes events until every refresh asked for so far is on screen (tests, scripts); false
    // when `timeoutMs` passed first.
    bool waitForRefresh(int timeoutMs = 30000);
    MessageBar* messageBar() const { return messageBar_; }
    const study::StudyReport& report() const { return report_; }
    QTableWidget* participantsTable() const { return participants_; }
    ParticipantWindow* openWindow() const;

signals:
    void message(const QString& text);
    void refreshed();  // a refresh's result (or its error) is on screen

private:
    void newStudyDialog();
    void importDialog();
    void unblindDialog();
    void exportDialog();
    void drawCharts();
    QChart* makeEtaChart() const;  // the η trajectories of report_'s empower-auto groups
    void startOpening(const QString& participantCode, bool fullScreen);  // openSession()'s work; throws
    struct Snapshot;  // what one refresh read, for the UI thread to show
    struct Reader;    // the refresh worker's own connection and replay cache
    void startRefresh();
    void showSnapshot(Snapshot& snapshot);  // throws on data it cannot show
    void showError(const QString& message);
    store::Workspace& workspace() const;

    QString workspacePath_;
    MessageBar* messageBar_;
    mutable std::unique_ptr<store::Workspace> workspace_;
    QComboBox* studies_;
    QLabel* summary_;
    QTableWidget* participants_;
    QTableWidget* groups_;
    QLabel* tests_;
    QChartView* preferenceChart_;
    QChartView* acceptChart_;
    QChartView* lengthChart_;
    QChartView* countChart_;
    QChartView* etaChart_;  // empower-auto arms only: each participant's η as they judged suggestions
    QPushButton* openButton_;
    QPushButton* unblindButton_;
    QTimer poll_;
    QString selected_;  // the study the conductor chose (the combo box follows once it is read)
    std::shared_ptr<Reader> reader_;
    QFutureWatcher<std::shared_ptr<Snapshot>> refreshing_;
    bool refreshPending_ = false;
    quint64 refreshRequested_ = 0, refreshShown_ = 0;  // generations: asked for, on screen
    study::StudyReport report_;
    QPointer<ParticipantWindow> window_;
    // Assistant models by directory, loaded off the UI thread before a session window opens.
    std::map<std::string, std::shared_ptr<const lm::LanguageModel>> models_;
    QFutureWatcher<QString> loading_;
};

}  // namespace ew::widgets

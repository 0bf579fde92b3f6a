// The Experiments dock (issue 15 §2): the paper's grid as one object in the GUI. On the left the
// workspace's experiments — made with the New… form, added from a spec file with Open…, or run
// from the command line with --workspace. For the selected one: its stages grouped by arm with
// state, progress, time and time left; the fine-tunes' loss curves overlaid; Table 1 filling in as
// evaluations finish; Figure 2 per simulated human; export as CSV, LaTeX, SVG and PNG.
//
// Run starts `empower experiment run` as a detached child process, so an experiment goes on when
// the window closes; everything shown is read back from the stage folders (stage.json, each
// stage's own log, the runner's lock), so a reopened window — or one looking at an experiment
// started from a terminal — shows the same. Stop asks the runner to stop (its stage checkpoints);
// Run again resumes. With "on Slurm" Run submits every stage as a Slurm job chained to its
// parents' (afterok) and returns; the stages' states then come from Slurm, asked off the UI
// thread, and Stop cancels the jobs. One stage can be stopped and resumed by itself from its context menu while
// the rest goes on. An edited spec file is re-planned on the next poll: finished stages whose
// inputs did not change stay done. Double-clicking an evaluation stage opens its episodes.
#pragma once
#include "experiment/experiment_plan.h"
#include "experiment/experiment_runner.h"
#include "experiment/experiment_table.h"
#include "jobs/process_identity.h"
#include "store/workspace.h"

#include <QDateTime>
#include <QFutureWatcher>
#include <QTimer>
#include <QWidget>
#include <map>
#include <memory>
#include <optional>

class QChartView;
class QComboBox;
class QLabel;
class QListWidget;
class QPushButton;
class QCheckBox;
class QLineEdit;
class QSpinBox;
class QTableWidget;
class QTreeWidget;

namespace ew::widgets {

class EpisodeViewer;
class MessageBar;
class MetricChart;

class ExperimentsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ExperimentsPanel(const QString& workspacePath, QWidget* parent = nullptr);
    ~ExperimentsPanel() override;

    // Records the spec as an experiment of the workspace (one per stage root) and selects it.
    // False, with the reason in the message bar, when the spec cannot be read.
    bool addSpec(const QString& specPath);
    void newExperiment();  // the New-experiment form
    int experimentCount() const;
    void selectExperiment(int row);
    bool planReady() const { return plan_.has_value(); }
    // Starts `empower experiment run` for the selected experiment; false (message shown) when it cannot.
    bool run();
    bool stop();
    // One stage only (stage_hold.h): Stop holds it — the runner stops it, the rest goes on; Resume
    // releases it — the run going on starts it again, or a run is started for it.
    bool stopStage(const QString& stageId);
    bool resumeStage(const QString& stageId);
    bool running() const { return live_.has_value(); }
    // Run on Slurm instead of this machine: `experiment run --slurm` with these sbatch resources
    // (e.g. "--partition gpu --gpus 1 --time 04:00:00"); status then comes from Slurm, off the UI thread.
    void setSlurm(bool on, const QString& resources = {});
    bool onSlurm() const { return onSlurm_; }  // the selected experiment's stages were submitted to Slurm
    void poll();  // re-reads the selected experiment's stage folders (a timer does it every 2 s)
    QString stageState(const QString& stageId) const;  // as the State column shows it: "done", "running 40 %", ...
    QString summary() const;
    int resultRowCount() const;
    bool exportTo(const QString& path);  // by suffix: .csv, .tex, .svg, .png
    EpisodeViewer* openEpisodes(const QString& stageId);
    QString commandPreview() const;  // the command Run starts
    MessageBar* messageBar() const { return messageBar_; }
    MetricChart* curves() const { return curves_; }
    QTableWidget* results() const { return results_; }
    QTreeWidget* stages() const { return stages_; }

signals:
    void message(const QString& text);
    void planned();  // the selected experiment's stages are known

private:
    struct Planned {
        std::optional<experiment::ExperimentPlan> plan;
        QString error;
        QString specPath;
        QDateTime specModified;
    };
    store::Workspace& workspace() const;
    const store::ExperimentRecord* selected() const;
    void reloadList(const QString& selectRoot = {});
    void planSelected();
    void showPlan();
    void updateStages();
    void updateCurves();
    void updateResults();
    void drawChart();
    void reportRunnerFailure();
    void updateButtons();
    std::vector<std::string> runCommand(const store::ExperimentRecord& record) const;  // what Run starts
    bool launch(const std::vector<std::string>& command);
    void showStageMenu(const QPoint& at);
    std::vector<std::string> slurmResourceArguments() const;  // throws ew::Error naming a bad option
    void applyStatus();  // after status_ changed: the views and buttons

    QString workspacePath_;
    mutable std::unique_ptr<store::Workspace> workspace_;
    std::vector<store::ExperimentRecord> records_;
    std::optional<experiment::ExperimentPlan> plan_;
    QString specPath_;
    QDateTime specModified_;
    std::vector<experiment::StageStatus> status_;
    std::optional<experiment::LiveRun> live_;
    std::map<std::string, QString> shownState_;
    std::map<std::string, std::uintmax_t> curveLogSize_;
    std::string doneEvaluations_;  // which evaluations the table was made from
    experiment::ExperimentTable table_;
    std::optional<jobs::ProcessIdentity> launched_;  // the runner Run started, until it has ended
    std::uintmax_t launchedErrBytes_ = 0;             // its stderr log's size when it started
    QFutureWatcher<Planned> planning_;
    struct SlurmPoll {
        std::vector<experiment::StageStatus> status;
        QString error;
    };
    QFutureWatcher<SlurmPoll> slurmPoll_;  // squeue/sacct per stage: never on the UI thread
    bool onSlurm_ = false;

    MessageBar* messageBar_;
    QListWidget* list_;
    QLabel* title_;
    QLabel* summary_;
    QSpinBox* jobs_;
    QCheckBox* slurm_;
    QLineEdit* slurmResources_;
    QPushButton* run_;
    QPushButton* stop_;
    QPushButton* export_;
    QTreeWidget* stages_;
    MetricChart* curves_;
    QTableWidget* results_;
    QComboBox* human_;
    QChartView* chart_;
    QTimer poll_;
};

}  // namespace ew::widgets

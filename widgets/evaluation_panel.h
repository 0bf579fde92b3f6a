// The evaluation panel: choose assistants (policy × η, on one model), a problem set and a
// simulated human; launch one `empower eval` job per assistant; see a results table with standard
// errors, bar charts with error bars in the style of the paper's Figure 2, and an η sweep (accept
// ratio, DPR and mean suggestion length against η). Results come from the workspace.
#pragma once
#include <QWidget>
#include <QTimer>
#include <memory>
#include <vector>

class QCheckBox;
class QChartView;
class QComboBox;
class QLineEdit;
class QSpinBox;
class QTableWidget;

namespace ew::store {
class Workspace;
}

namespace ew::widgets {

class JobLauncher;
class JobTargetBox;
class EpisodeViewer;
class MessageBar;

struct EvalRow {
    std::int64_t run_id = 0;
    QString name, status, policy, error, where;
    QString models;  // each model the run loaded and how its weights were held, one per line
    double eta = 0;
    double pass = 0, pass_se = 0, accept = 0, accept_se = 0, dpr = 0, dpr_se = 0;
    double read = 0, written = 0, suggestion_chars = 0;
    bool complete = false;
};

class EvaluationPanel : public QWidget {
    Q_OBJECT
public:
    EvaluationPanel(const QString& workspacePath, QWidget* parent = nullptr);
    ~EvaluationPanel() override;

    // One job per (policy, η); returns the run ids launched.
    std::vector<std::int64_t> launch();
    void setProblems(const QString& dir);
    void setModel(const QString& dir);
    void setPolicies(const QStringList& policies, const QList<double>& etas);
    const std::vector<EvalRow>& rows() const { return rows_; }
    void refresh();
    // Opens the episode viewer on a run's episode log (null if the run has none yet, or the
    // workspace cannot be read: then the message bar says why).
    EpisodeViewer* openEpisodeViewer(std::int64_t runId);

    JobTargetBox* jobTarget() const { return target_; }
    MessageBar* messageBar() const { return messageBar_; }

signals:
    void message(const QString& text);

private:
    EpisodeViewer* startEpisodeViewer(std::int64_t runId);  // openEpisodeViewer()'s work; throws
    void drawBars();
    void drawSweep();
    const EvalRow* selectedRow();  // the table's selected run, or nullptr with a message
    store::Workspace& workspace() const;

    std::unique_ptr<JobLauncher> launcher_;
    mutable std::unique_ptr<store::Workspace> workspace_;
    MessageBar* messageBar_;
    QLineEdit* problems_;
    QLineEdit* model_;
    QCheckBox* empower_;
    QCheckBox* base_;
    QCheckBox* baseN_;
    QSpinBox* n_;
    QLineEdit* etas_;
    QComboBox* human_;
    QLineEdit* humanModel_ = nullptr;
    QCheckBox* instruct_ = nullptr;
    JobTargetBox* target_ = nullptr;
    QSpinBox* kh_;
    QSpinBox* rounds_;
    QTableWidget* table_;
    QChartView* bars_;
    QChartView* sweep_;
    QTimer poll_;
    std::vector<EvalRow> rows_;
    int launches_ = 0;
};

}  // namespace ew::widgets

// The training panel: a form for a fine-tuning run with a preview of the exact CLI command,
// Launch, the run list (status, step, losses) with Stop / Resume / Clone / Delete, live charts of
// loss, eval loss and learning rate (smoothing, log scale), a progress bar with ETA and tokens/s,
// and CSV / PNG export. Everything it shows comes from the workspace database, so it re-attaches
// to jobs that kept running while the GUI was closed.
#pragma once
#include "train/fine_tune_config.h"

#include <QHash>
#include <QTimer>
#include <QVector>
#include <QWidget>
#include <memory>
#include <vector>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QProgressBar;
class QPushButton;
class QSlider;
class QSpinBox;
class QTableWidget;

namespace ew::store {
class Workspace;
}

namespace ew::widgets {

class JobLauncher;
class MessageBar;
class MetricChart;
class JobTargetBox;
class RunOutputDialog;

class TrainingPanel : public QWidget {
    Q_OBJECT
public:
    TrainingPanel(const QString& workspacePath, QWidget* parent = nullptr);
    ~TrainingPanel() override;

    train::FineTuneConfig formConfig() const;
    void setFormConfig(const train::FineTuneConfig& config);
    QString commandPreview() const;
    std::int64_t launch();  // returns the run id, 0 on failure (message shown)
    void selectRun(std::int64_t id);
    std::int64_t selectedRun() const;
    std::vector<std::int64_t> selectedRuns() const;
    void compare(const std::vector<std::int64_t>& ids);  // overlaid curves + config diff
    QString comparisonText() const;
    void refresh();  // re-reads the workspace (also driven by a timer)
    bool exportCsv(const QString& path) const;
    MetricChart* lossChart() const { return lossChart_; }
    JobTargetBox* jobTarget() const { return target_; }
    RunOutputDialog* openOutput(std::int64_t id);  // the run's log and progress, followed live
    int runCount() const;
    MessageBar* messageBar() const { return messageBar_; }

signals:
    void message(const QString& text);

private:
    void updatePreview();
    store::Workspace& workspace() const;  // throws ew::Error when the workspace is unusable
    void loadMetrics(std::int64_t id, bool fromScratch);

    std::unique_ptr<JobLauncher> launcher_;
    mutable std::unique_ptr<store::Workspace> workspace_;
    MessageBar* messageBar_;
    QLineEdit* name_;
    QLineEdit* baseModel_;
    QLineEdit* dataset_;
    QSpinBox* epochs_;
    QSpinBox* batch_;
    QSpinBox* accumulation_;
    QSpinBox* microBatch_;
    QDoubleSpinBox* memoryLimit_;
    QDoubleSpinBox* lr_;
    QSpinBox* warmup_;
    QSpinBox* seqLen_;
    QDoubleSpinBox* evalFraction_;
    QSpinBox* seed_;
    QComboBox* device_;
    QComboBox* precision_;
    QSpinBox* ranks_ = nullptr;
    QPlainTextEdit* preview_;
    QPushButton* launchButton_;
    QTableWidget* runs_;
    QProgressBar* progress_;
    QLabel* status_;
    MetricChart* lossChart_;
    MetricChart* lrChart_;
    QSlider* smoothing_;
    QCheckBox* logScale_;
    QPlainTextEdit* comparison_ = nullptr;
    JobTargetBox* target_;
    bool comparing_ = false;
    QTimer poll_;
    std::int64_t shownRun_ = 0;
    std::int64_t lastStep_ = -1;
    QHash<QString, QVector<QPointF>> series_;
};

}  // namespace ew::widgets

// The training panel for real (offscreen): it launches a small real `empower train` job as a
// detached process, its loss curve grows from the workspace, Stop checkpoints and stops it,
// Resume continues it, a fresh panel re-attaches, and metrics export to CSV. With "Slurm cluster"
// as the target, the same job goes through a real single-node Slurm (tests/cluster/local_slurm.sh):
// it runs to completion, and Stop cancels a running one.
#include "empower/dataset_builder.h"
#include "lm/transformer_language_model.h"
#include "metric_chart.h"
#include "store/workspace.h"
#include "support/local_slurm.h"
#include "support/tiny_model.h"
#include "job_target_box.h"
#include "run_output_dialog.h"
#include "training_panel.h"

#include <QProcess>
#include <QStandardPaths>
#include <QTableWidget>

#include <QFile>
#include <QPushButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>

using namespace ew;
using namespace ew::widgets;
namespace fs = std::filesystem;

class TestTrainingPanel : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString workspace_;
    train::FineTuneConfig config_;

    QString statusOf(std::int64_t id) { return QString::fromStdString(store::Workspace(workspace_.toStdString(), false).run(id)->status); }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);  // the job target is remembered in the settings
        qputenv("EW_EMPOWER", EW_EMPOWER_BINARY);
        qputenv("OMP_NUM_THREADS", "1");
        const fs::path root = tmp_.path().toStdString();
        testing::write_tiny_model_dir(root / "base");
        testing::write_tiny_dataset(root / "data.jsonl", root / "base", "sft-rand-1-8", 10);
        workspace_ = tmp_.path() + "/workspace.sqlite";
        config_.run_name = "panel-run";
        config_.base_model = root / "base";
        config_.dataset = root / "data.jsonl";
        config_.epochs = 400;
        config_.batch_size = 4;
        config_.seq_len = 96;
        config_.learning_rate = 1e-3;
    }

    void launchesAJobAndItsCurveGrows() {
        TrainingPanel panel(workspace_);
        panel.setFormConfig(config_);
        QVERIFY(panel.commandPreview().contains("train --config"));
        QVERIFY(panel.commandPreview().contains("panel-run/run.json"));
        const auto id = panel.launch();
        QVERIFY(id > 0);
        QCOMPARE(panel.selectedRun(), id);
        QTRY_VERIFY_WITH_TIMEOUT(panel.lossChart()->pointCount("loss") >= 3, 60000);
        const int seen = panel.lossChart()->pointCount("loss");
        QTRY_VERIFY_WITH_TIMEOUT(panel.lossChart()->pointCount("loss") > seen + 3, 60000);
        QCOMPARE(statusOf(id), QString("running"));

        // Stop: SIGTERM, the job checkpoints and reports "stopped".
        for (auto* b : panel.findChildren<QPushButton*>())
            if (b->text() == "Stop") b->click();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QString("stopped"), 60000);
        QVERIFY(!store::Workspace(workspace_.toStdString(), false).checkpoints(id).empty());
        auto* output = panel.openOutput(id);  // the job's own files, followed
        QVERIFY(output);
        QVERIFY2(output->progressText().contains("\"event\":\"stopped\""), qPrintable(output->progressText().right(300)));
        output->close();

        const QString csv = tmp_.path() + "/metrics.csv";
        QVERIFY(panel.exportCsv(csv));
        QFile f(csv);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const auto lines = QString::fromUtf8(f.readAll()).split('\n', Qt::SkipEmptyParts);
        QVERIFY(lines.size() > 5);
        QCOMPARE(lines.first(), QString("run_id,step,metric,value,time"));
    }

    void freshPanelReattachesAndResumes() {
        TrainingPanel panel(workspace_);  // as after reopening the workbench
        QCOMPARE(panel.runCount(), 1);
        const auto id = store::Workspace(workspace_.toStdString(), false).runs().front().id;
        panel.selectRun(id);
        QTRY_VERIFY_WITH_TIMEOUT(panel.lossChart()->pointCount("loss") > 3, 10000);
        const int before = panel.lossChart()->pointCount("loss");
        for (auto* b : panel.findChildren<QPushButton*>())
            if (b->text() == "Resume") b->click();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QString("running"), 30000);
        QTRY_VERIFY_WITH_TIMEOUT(panel.lossChart()->pointCount("loss") > before + 2, 60000);
        for (auto* b : panel.findChildren<QPushButton*>())
            if (b->text() == "Stop") b->click();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QString("stopped"), 60000);
    }

    void comparesTwoRuns() {
        TrainingPanel panel(workspace_);
        auto second = config_;
        second.run_name = "panel-run-2";
        second.learning_rate = 5e-4;
        panel.setFormConfig(second);
        const auto id2 = panel.launch();
        QVERIFY(id2 > 0);
        QTRY_VERIFY_WITH_TIMEOUT(panel.lossChart()->pointCount("loss") >= 2, 60000);
        for (auto* b : panel.findChildren<QPushButton*>())
            if (b->text() == "Stop") b->click();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id2), QString("stopped"), 60000);
        const auto id1 = store::Workspace(workspace_.toStdString(), false).runs().front().id;
        panel.compare({id1, id2});
        QVERIFY(panel.lossChart()->pointCount("loss (panel-run)") > 0);
        QVERIFY(panel.lossChart()->pointCount("loss (panel-run-2)") > 0);
        QVERIFY2(panel.comparisonText().contains("learning_rate"), qPrintable(panel.comparisonText()));
        QVERIFY(!panel.comparisonText().contains("batch_size"));  // equal fields are not listed
    }

    void slurmTargetRunsAndCancelsJobsFromThePanel() {
        testing::LocalSlurm slurm;
        QVERIFY2(slurm.error().isEmpty(), qPrintable(slurm.error()));
        if (!slurm.available()) QSKIP(qPrintable("no private Slurm here: " + slurm.skipReason()));

        TrainingPanel panel(workspace_);
        panel.jobTarget()->setSlurm(true);
        cluster::SlurmResources resources;
        resources.partition = "debug";
        resources.time_limit = "10:00";
        panel.jobTarget()->setSlurmResources(resources);
        QTRY_VERIFY_WITH_TIMEOUT(panel.jobTarget()->availability().contains("Slurm answers"), 20000);
        auto config = config_;
        config.run_name = "slurm-panel-run";
        config.epochs = 2;
        panel.setFormConfig(config);
        QVERIFY2(panel.commandPreview().startsWith("sbatch "), qPrintable(panel.commandPreview()));
        const auto id = panel.launch();
        QVERIFY(id > 0);
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(id), QString("finished"), 120000);
        const auto run = *store::Workspace(workspace_.toStdString(), false).run(id);
        QCOMPARE(run.target, std::string("slurm"));
        auto* table = panel.findChild<QTableWidget*>();
        panel.refresh();
        bool shown = false;
        for (int r = 0; r < table->rowCount(); ++r)
            shown = shown || table->item(r, table->columnCount() - 1)->text() == QString("Slurm job %1").arg(QString::fromStdString(run.external_id));
        QVERIFY(shown);
        // Slurm's side of the job — what the batch script printed on the node — is in the log tab.
        auto* output = panel.openOutput(id);
        QVERIFY(output);
        QVERIFY2(output->logText().contains("empower-workbench: Slurm job " + QString::fromStdString(run.external_id)),
                 qPrintable(output->logText()));
        QVERIFY(output->progressText().contains("\"event\":\"done\""));
        if (qEnvironmentVariableIsSet("EW_SCREENSHOT_DIR")) output->grab().save(qEnvironmentVariable("EW_SCREENSHOT_DIR") + "/run-output.png");
        output->close();

        config.run_name = "slurm-panel-cancel";
        config.epochs = 400;
        panel.setFormConfig(config);
        const auto longId = panel.launch();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(longId), QString("running"), 60000);
        panel.selectRun(longId);
        for (auto* b : panel.findChildren<QPushButton*>())
            if (b->text() == "Stop") b->click();
        QTRY_COMPARE_WITH_TIMEOUT(statusOf(longId), QString("stopped"), 60000);
        panel.jobTarget()->setSlurm(false);
    }

    void cleanupTestCase() {
        // Whatever happened above, no detached job may outlive the test.
        for (const auto& r : store::Workspace(workspace_.toStdString(), false).runs())
            if (r.pid > 0) ::kill(static_cast<pid_t>(r.pid), SIGKILL);
    }

    void duplicateNamesAreRefused() {
        TrainingPanel panel(workspace_);
        panel.setFormConfig(config_);
        QSignalSpy messages(&panel, &TrainingPanel::message);
        QCOMPARE(panel.launch(), std::int64_t(0));
        QCOMPARE(messages.count(), 1);
        QVERIFY(messages.first().first().toString().contains("already exists"));
    }
};

QTEST_MAIN(TestTrainingPanel)
#include "test_training_panel.moc"

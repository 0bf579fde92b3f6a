// A stage's progress comes from the JSON lines its own `empower train|eval` printed (a line cut by
// a kill and text lines are skipped; a resumed fine-tune's repeated steps keep the later loss), and
// the experiment's remaining time adds the running stage's own estimate to the mean time of
// finished stages of each pending stage's kind — nothing for stages that will be skipped.
#include "experiment/remaining_time.h"
#include "experiment/stage_progress.h"
#include "support/file_io.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ew;
using namespace ew::experiment;
namespace fs = std::filesystem;

class TestStageProgress : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    Stage stage(const std::string& id, StageKind kind, std::vector<std::string> needs = {}) const {
        Stage s;
        s.id = id;
        s.kind = kind;
        s.needs = std::move(needs);
        s.dir = fs::path(tmp_.path().toStdString()) / id;
        fs::create_directories(s.dir);
        return s;
    }

private slots:
    void fineTuneLogGivesCurveFractionAndEstimate() {
        const auto s = stage("train", StageKind::FineTune);
        write_file_atomic(s.dir / "stdout.log",
                          "{\"event\":\"start\",\"step\":0,\"total\":10}\n"
                          "{\"event\":\"step\",\"step\":1,\"total\":10,\"loss\":3.5,\"remaining_s\":90}\n"
                          "{\"event\":\"step\",\"step\":2,\"total\":10,\"loss\":3.0,\"remaining_s\":80}\n"
                          "resuming from the checkpoint at step 1\n"
                          "{\"event\":\"step\",\"step\":2,\"total\":10,\"loss\":2.9,\"remaining_s\":79}\n"
                          "{\"event\":\"eval\",\"step\":2,\"total\":10,\"eval_loss\":3.1}\n"
                          "{\"event\":\"step\",\"step\":4,\"total\":10,\"loss\":2.5,\"remaining_s\":60}\n"
                          "{\"event\":\"step\",\"step\":5,\"tot");  // cut by a kill
        const auto p = read_stage_progress(s);
        QCOMPARE(p.loss.size(), std::size_t{3});
        QCOMPARE(p.loss.at(2), 2.9);
        QCOMPARE(p.eval_loss.size(), std::size_t{1});
        QCOMPARE(p.eval_loss.at(2), 3.1);
        QCOMPARE(p.fraction, 0.4);
        QCOMPARE(p.remaining_seconds, 60.0);
    }

    void evaluationLogGivesFractionAndEstimate() {
        const auto s = stage("eval", StageKind::Evaluate);
        write_file_atomic(s.dir / "stdout.log", "{\"event\":\"start\",\"done\":0,\"total\":8,\"elapsed_s\":0}\n"
                                                "{\"event\":\"episode\",\"done\":2,\"total\":8,\"elapsed_s\":30}\n");
        const auto p = read_stage_progress(s);
        QCOMPARE(p.fraction, 0.25);
        QCOMPARE(p.remaining_seconds, 90.0);
        QVERIFY(p.loss.empty());
        QCOMPARE(read_stage_progress(stage("silent", StageKind::Evaluate)).fraction, -1.0);  // no log yet
    }

    void remainingTimeFromRunningEstimateAndFinishedMeans() {
        ExperimentPlan plan;
        plan.stages = {stage("d1", StageKind::Dataset),
                       stage("t1", StageKind::FineTune, {"d1"}),
                       stage("e1", StageKind::Evaluate, {"t1"}),
                       stage("d2", StageKind::Dataset),
                       stage("t2", StageKind::FineTune, {"d2"}),
                       stage("e2", StageKind::Evaluate, {"t2"}),
                       stage("d3", StageKind::Dataset),
                       stage("t3", StageKind::FineTune, {"d3"}),
                       stage("e3", StageKind::Evaluate, {"t3"})};
        std::vector<StageStatus> status = {{"d1", "done", "", 100}, {"t1", "done", "", 600}, {"e1", "running", "", 10},
                                           {"d2", "done", "", 200}, {"t2", "pending", "", 0}, {"e2", "pending", "", 0},
                                           {"d3", "failed", "boom", 5}, {"t3", "pending", "", 0}, {"e3", "pending", "", 0}};
        StageProgress e1;
        e1.remaining_seconds = 40;
        auto left = remaining_seconds(plan, status, {{"e1", e1}});
        const std::vector<double> expected = {0, 0, 40, 0, 600, -1, 0, 0, 0};  // no evaluation has finished: -1
        QCOMPARE(left, expected);
        // Without its own estimate the running stage is the mean of its kind less its time so far.
        status[2] = {"e1", "done", "", 50};
        status[5] = {"e2", "running", "", 20};
        left = remaining_seconds(plan, status, {});
        QCOMPARE(left[5], 30.0);
        // A held fine-tune waits for its release: neither it nor its evaluation counts.
        status[5] = {"e2", "pending", "", 0};
        status[4] = {"t2", "held", "stopped by hand", 0};
        left = remaining_seconds(plan, status, {});
        QCOMPARE(left[4], 0.0);
        QCOMPARE(left[5], 0.0);
    }
};

QTEST_GUILESS_MAIN(TestStageProgress)
#include "test_stage_progress.moc"

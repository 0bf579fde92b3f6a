// `empower train` as the child process the GUI launches: JSON-lines progress, the workspace
// record, SIGTERM = graceful stop with a checkpoint, and kill -9 at arbitrary moments never
// leaving a half-written checkpoint — the next run resumes from the last complete one.
#include "empower/dataset_builder.h"
#include "lm/transformer_language_model.h"
#include "store/workspace.h"
#include "support/file_io.h"
#include "support/tiny_model.h"
#include "train/checkpoint.h"
#include <QElapsedTimer>
#include "train/fine_tune_config.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace ew;
namespace fs = std::filesystem;

class TestTrainJob : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path base_, dataset_, workspace_;

    fs::path writeConfig(const std::string& name, int epochs) {
        const auto c = testing::tiny_fine_tune_config(name, base_, dataset_, fs::path(tmp_.path().toStdString()) / name, epochs);
        const auto path = fs::path(tmp_.path().toStdString()) / (name + ".json");
        write_file_atomic(path, c.to_json_text());
        return path;
    }

    // Starts the job and returns once a line with `event` has been printed.
    void startUntil(QProcess& p, const fs::path& config, const QString& event, std::int64_t run_id = 0) {
        QStringList args{"train", "--config", QString::fromStdString(config.string()), "--workspace", QString::fromStdString(workspace_.string())};
        if (run_id) args << "--run-id" << QString::number(run_id);
        p.start(EW_EMPOWER_BINARY, args);
        QVERIFY(p.waitForStarted());
        QString seen;
        QElapsedTimer t;
        t.start();
        while (!seen.contains("\"event\":\"" + event + "\"") && t.elapsed() < 120000) {
            if (!p.waitForReadyRead(1000) && p.state() != QProcess::Running) break;
            seen += QString::fromUtf8(p.readAllStandardOutput());
        }
        QVERIFY2(seen.contains("\"event\":\"" + event + "\""), qPrintable(seen + QString::fromUtf8(p.readAllStandardError())));
    }

private slots:
    void initTestCase() {
        base_ = fs::path(tmp_.path().toStdString()) / "base";
        testing::write_tiny_model_dir(base_);
        dataset_ = fs::path(tmp_.path().toStdString()) / "data.jsonl";
        testing::write_tiny_dataset(dataset_, base_, "sft-rand-1-8", 10);
        workspace_ = fs::path(tmp_.path().toStdString()) / "workspace.sqlite";
    }

    void runsToCompletionAndRecordsEverything() {
        const auto config = writeConfig("complete", 2);
        QProcess p;
        startUntil(p, config, "done");
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitCode(), 0);
        store::Workspace ws(workspace_, false);
        auto runs = ws.runs();
        QCOMPARE(runs.back().name, std::string("complete"));
        QCOMPARE(runs.back().status, std::string("finished"));
        QVERIFY(!ws.metrics(runs.back().id, "loss").empty());
        QVERIFY(!ws.metrics(runs.back().id, "eval_loss").empty());
        QVERIFY(!ws.checkpoints(runs.back().id).empty());
        const auto models = ws.run_models(runs.back().id);  // the base model and how training held it
        QCOMPARE(models.size(), std::size_t(1));
        QCOMPARE(models[0].role, std::string("base"));
        QVERIFY2(models[0].weights.rfind("fp32 master weights, ", 0) == 0, models[0].weights.c_str());
    }

    void sigtermStopsGracefullyAndResumes() {
        const auto config = writeConfig("graceful", 60);
        QProcess p;
        startUntil(p, config, "checkpoint");
        p.terminate();  // SIGTERM
        QVERIFY(p.waitForFinished(60000));
        QCOMPARE(p.exitStatus(), QProcess::NormalExit);
        QCOMPARE(p.exitCode(), 0);
        QVERIFY(QString::fromUtf8(p.readAllStandardOutput()).contains("\"event\":\"stopped\""));
        store::Workspace ws(workspace_, false);
        const auto run = ws.runs().back();
        QCOMPARE(run.status, std::string("stopped"));
        const auto stopped_at = ws.metrics(run.id, "loss").back().step;
        // Resume the same run: it continues after the step it stopped at.
        QProcess again;
        startUntil(again, config, "step", run.id);
        again.terminate();
        QVERIFY(again.waitForFinished(60000));
        const auto loss = ws.metrics(run.id, "loss");
        QVERIFY(loss.back().step > stopped_at);
        int restarts = 0;
        for (std::size_t i = 1; i < loss.size(); ++i) restarts += loss[i].step <= loss[i - 1].step;
        QCOMPARE(restarts, 0);  // no step was trained twice
    }

    void killDashNineNeverLeavesAHalfWrittenCheckpoint() {
        const auto config = writeConfig("killed", 80);
        const auto ckpt = fs::path(tmp_.path().toStdString()) / "killed" / "checkpoint";
        std::int64_t run_id = 0, last_step = -1;
        for (int round = 0; round < 4; ++round) {
            QProcess p;
            startUntil(p, config, round == 0 ? "checkpoint" : "step", run_id);
            QTest::qWait(37 * round);  // kill at different moments, mid-write included
            p.kill();                  // SIGKILL: no handler, no cleanup
            QVERIFY(p.waitForFinished(10000));
            if (!run_id) run_id = store::Workspace(workspace_, false).runs().back().id;
            auto found = train::find_checkpoint(ckpt);
            QVERIFY2(found.has_value(), "a complete checkpoint must survive");
            // It loads: weights validate, optimizer state deserializes.
            auto model = lm::TransformerLanguageModel::load(base_);
            model::Transformer m(model->config());
            auto opt = train::make_adamw(m, 1e-3, 0.0);
            auto state = train::read_checkpoint(*found, m, opt);
            QVERIFY(state.at("step").get<std::int64_t>() >= last_step);
            last_step = state.at("step").get<std::int64_t>();
        }
        // And the run can be finished after all that.
        QProcess finish;
        startUntil(finish, config, "start", run_id);
        QVERIFY(finish.waitForFinished(120000));
        QCOMPARE(finish.exitCode(), 0);
        QCOMPARE(store::Workspace(workspace_, false).run(run_id)->status, std::string("finished"));
    }
};

QTEST_GUILESS_MAIN(TestTrainJob)
#include "test_train_job.moc"

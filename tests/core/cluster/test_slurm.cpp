// Slurm as a job target, against a real single-node Slurm the test starts itself
// (tests/cluster/local_slurm.sh: munged + slurmctld + slurmd in a scratch folder): a real
// `empower train` job submitted, followed to completion with its metrics in the workspace, a job
// cancelled while it runs, jobs that fail before and after starting reported as failed. The sbatch
// script and resource validation are checked without Slurm.
#include "cluster/slurm_runs.h"
#include "store/run_directory.h"
#include "support/command_runner.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/local_slurm.h"
#include "support/tiny_model.h"
#include "train/fine_tune_config.h"

#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <memory>
#include <nlohmann/json.hpp>

using namespace ew;
namespace fs = std::filesystem;

class TestSlurm : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::unique_ptr<testing::LocalSlurm> local_;
    QString skipReason_;
    fs::path base_, dataset_, workspace_;
    cluster::SlurmClient slurm_;

    std::string trainConfig(const std::string& name, int epochs) {
        return testing::tiny_fine_tune_config(name, base_, dataset_, store::runs_dir_of(workspace_) / name / "model", epochs).to_json_text();
    }

    cluster::SlurmSubmission submission(const std::string& name, int epochs) {
        cluster::SlurmSubmission s;
        s.kind = "train";
        s.name = name;
        s.config_json = trainConfig(name, epochs);
        s.out_dir = (store::runs_dir_of(workspace_) / name / "model").string();
        s.empower_binary = EW_EMPOWER_BINARY;
        s.resources.partition = "debug";
        s.resources.cpus_per_task = 1;
        s.resources.time_limit = "10:00";
        s.resources.memory = "2G";
        return s;
    }

    // Polls like the GUI does until the run leaves queued/running/stopping.
    store::RunRecord followUntilSettled(std::int64_t id, int timeout_ms = 120000) {
        store::Workspace ws(workspace_);
        QElapsedTimer t;
        t.start();
        while (t.elapsed() < timeout_ms) {
            cluster::follow_slurm_runs(ws, slurm_);
            auto run = ws.run(id);
            if (!run->active()) return *run;
            QTest::qWait(250);
        }
        return *ws.run(id);
    }

    bool requireSlurm() {
        if (skipReason_.isEmpty()) return true;
        return false;
    }

private slots:
    void initTestCase() {
        base_ = fs::path(tmp_.path().toStdString()) / "base";
        testing::write_tiny_model_dir(base_);
        dataset_ = fs::path(tmp_.path().toStdString()) / "data.jsonl";
        testing::write_tiny_dataset(dataset_, base_, "sft-rand-1-8", 10);
        workspace_ = fs::path(tmp_.path().toStdString()) / "workspace.sqlite";

        local_ = std::make_unique<testing::LocalSlurm>();
        QVERIFY2(local_->error().isEmpty(), qPrintable(local_->error()));
        if (!local_->available()) {
            skipReason_ = local_->skipReason();
            qWarning("SKIPPING the live Slurm cases: %s", qPrintable(skipReason_));
            return;
        }
        std::string why;
        QVERIFY2(slurm_.available(&why), why.c_str());
    }

    void cleanupTestCase() { local_.reset(); }

    void scriptCarriesTheResourcesAndTheExactCommand() {
        cluster::SlurmResources r;
        r.partition = "gpu";
        r.gpus = 2;
        r.cpus_per_task = 8;
        r.time_limit = "1-12:00:00";
        r.memory = "64G";
        r.extra_directives = {"--account=lab", "#SBATCH --qos=high"};
        const std::string s = cluster::sbatch_script(
            r, {"ew-run 1", "/data/my runs/r", "/data/my runs/r/progress.jsonl", "/data/my runs/r/progress.jsonl.stderr"},
            {"/opt/empower", "train", "--config", "/data/my runs/r/run.json"});
        QVERIFY(s.rfind("#!/bin/bash\n", 0) == 0);
        for (const char* line : {"#SBATCH --job-name='ew-run 1'\n", "#SBATCH --chdir='/data/my runs/r'\n",
                                 "#SBATCH --output='/data/my runs/r/progress.jsonl'\n", "#SBATCH --open-mode=append\n",
                                 "#SBATCH --partition=gpu\n", "#SBATCH --gres=gpu:2\n", "#SBATCH --cpus-per-task=8\n",
                                 "#SBATCH --time=1-12:00:00\n", "#SBATCH --mem=64G\n", "#SBATCH --account=lab\n",
                                 "#SBATCH --qos=high\n", "exec /opt/empower train --config '/data/my runs/r/run.json'\n"})
            QVERIFY2(s.find(line) != std::string::npos, line);
        // Directives must all come before the first command, or sbatch ignores them.
        QVERIFY(s.rfind("#SBATCH") < s.find("set -eu"));
    }

    void malformedResourcesAreRefusedByName() {
        auto refused = [](auto change, const char* word) {
            cluster::SlurmResources r;
            change(r);
            try {
                r.validate();
            } catch (const Error& e) {
                return std::string(e.what()).find(word) != std::string::npos;
            }
            return false;
        };
        QVERIFY(refused([](auto& r) { r.time_limit = "2 hours"; }, "time limit"));
        QVERIFY(refused([](auto& r) { r.memory = "lots"; }, "memory"));
        QVERIFY(refused([](auto& r) { r.partition = "gpu; rm -rf /"; }, "partition"));
        QVERIFY(refused([](auto& r) { r.gpus = -1; }, "GPUs"));
        QVERIFY(refused([](auto& r) { r.extra_directives = {"--output=/elsewhere"}; }, "sets --output"));
        QVERIFY(refused([](auto& r) { r.extra_directives = {"--qos=a\nrm -rf /"}; }, "several lines"));
        QVERIFY(refused([](auto& r) { r.extra_directives = {"account=lab"}; }, "not an sbatch option"));
        QVERIFY_THROWS_EXCEPTION(Error, cluster::slurm_resources_from_json(nlohmann::json{{"gpu", 1}}));
        const auto back = cluster::slurm_resources_from_json(cluster::to_json(cluster::SlurmResources{"p", 1, 2, "5", "1G", {"--qos=x"}}));
        QCOMPARE(back.partition, std::string("p"));
        QCOMPARE(back.extra_directives, std::vector<std::string>{"--qos=x"});
    }

    void commandsThatAreMissingSayWhy() {
        cluster::SlurmClient nowhere("/nonexistent/slurm/bin", 5);
        std::string why;
        QVERIFY(!nowhere.available(&why));
        QVERIFY2(why.find("cannot run") != std::string::npos, why.c_str());
        QVERIFY_THROWS_EXCEPTION(Error, nowhere.status("12"));
        QVERIFY_THROWS_EXCEPTION(Error, nowhere.submit("/nonexistent/job.sbatch"));
        QVERIFY_THROWS_EXCEPTION(Error, slurm_.status("12; rm -rf /"));  // never reaches a command line
    }

    void aTrainJobRunsToCompletionAndReportsIntoTheWorkspace() {
        if (!requireSlurm()) QSKIP(qPrintable(skipReason_));
        store::Workspace ws(workspace_);
        const auto id = cluster::submit_slurm_run(ws, workspace_, submission("slurm-complete", 2), slurm_);
        const auto submitted = *ws.run(id);
        QCOMPARE(submitted.target, std::string("slurm"));
        QVERIFY(!submitted.external_id.empty());
        const auto run = followUntilSettled(id);
        const auto files = store::run_files(workspace_, "slurm-complete");
        QVERIFY2(run.status == "finished", (run.status + ": " + run.error + "\n" + read_file(files.progress_stderr)).c_str());
        QVERIFY(!ws.metrics(id, "loss").empty());  // written by the job on the compute node
        QVERIFY(read_file(files.progress).find("\"event\":\"done\"") != std::string::npos);
        QVERIFY(fs::exists(files.dir / "job.sbatch"));
        // The job reports "finished" just before it exits; Slurm records the exit a moment later.
        QTRY_COMPARE_WITH_TIMEOUT(slurm_.status(submitted.external_id).phase, cluster::SlurmPhase::Completed, 30000);
        QCOMPARE(slurm_.status(submitted.external_id).exit_code, std::string("0:0"));
    }

    void aRunningJobIsCancelledAndEndsStopped() {
        if (!requireSlurm()) QSKIP(qPrintable(skipReason_));
        store::Workspace ws(workspace_);
        const auto id = cluster::submit_slurm_run(ws, workspace_, submission("slurm-cancel", 500), slurm_);
        QElapsedTimer t;
        t.start();
        while (ws.run(id)->status != "running" && t.elapsed() < 60000) QTest::qWait(200);  // the job's own report
        QCOMPARE(ws.run(id)->status, std::string("running"));
        cluster::cancel_slurm_run(ws, id, slurm_);
        const auto run = followUntilSettled(id);
        QCOMPARE(run.status, std::string("stopped"));
        QTRY_COMPARE_WITH_TIMEOUT(slurm_.status(run.external_id).phase, cluster::SlurmPhase::Cancelled, 30000);
    }

    void aJobThatDiesBeforeReportingIsFailedBySlurmsWord() {
        if (!requireSlurm()) QSKIP(qPrintable(skipReason_));
        store::Workspace ws(workspace_);
        auto s = submission("slurm-broken-binary", 1);
        s.empower_binary = "/nonexistent/empower";  // exec fails on the node: the job cannot report anything
        const auto id = cluster::submit_slurm_run(ws, workspace_, s, slurm_);
        const auto run = followUntilSettled(id);
        QCOMPARE(run.status, std::string("failed"));
        QVERIFY2(run.error.find("FAILED") != std::string::npos && run.error.find("exit 127") != std::string::npos, run.error.c_str());
    }

    void aJobFailingInsideEmpowerIsReportedFailed() {
        if (!requireSlurm()) QSKIP(qPrintable(skipReason_));
        store::Workspace ws(workspace_);
        auto s = submission("slurm-bad-dataset", 1);
        auto config = nlohmann::json::parse(s.config_json);
        config["dataset"] = "/nonexistent/data.jsonl";
        s.config_json = config.dump();
        const auto id = cluster::submit_slurm_run(ws, workspace_, s, slurm_);
        const auto run = followUntilSettled(id);
        QCOMPARE(run.status, std::string("failed"));
        QVERIFY2(run.error.find("data.jsonl") != std::string::npos || run.error.find("FAILED") != std::string::npos, run.error.c_str());
        // empower reports its own failure before it exits; Slurm sees the exit a moment later.
        QTRY_COMPARE_WITH_TIMEOUT(slurm_.status(run.external_id).phase, cluster::SlurmPhase::Failed, 30000);
    }

    void aSubmissionSlurmRefusesFailsTheRunWithSlurmsMessage() {
        if (!requireSlurm()) QSKIP(qPrintable(skipReason_));
        store::Workspace ws(workspace_);
        auto s = submission("slurm-no-partition", 1);
        s.resources.partition = "nosuchpartition";
        QVERIFY_THROWS_EXCEPTION(Error, cluster::submit_slurm_run(ws, workspace_, s, slurm_));
        const auto run = ws.runs().back();
        QCOMPARE(run.name, std::string("slurm-no-partition"));
        QCOMPARE(run.status, std::string("failed"));
        QVERIFY2(run.error.find("sbatch") != std::string::npos && run.error.find("artition") != std::string::npos, run.error.c_str());
    }

    void theCommandLineSubmitsFollowsAndListsRuns() {
        if (!requireSlurm()) QSKIP(qPrintable(skipReason_));
        const auto config = fs::path(tmp_.path().toStdString()) / "cli-run.json";
        write_file_atomic(config, trainConfig("slurm-cli", 1));
        const QString ws = QString::fromStdString(workspace_.string());
        QProcess submit;
        submit.start(EW_EMPOWER_BINARY, {"slurm", "submit", "--config", QString::fromStdString(config.string()), "--workspace", ws,
                                         "--partition", "debug", "--time", "5:00", "--directive", "--comment=from-the-cli"});
        QVERIFY(submit.waitForFinished(60000));
        QVERIFY2(submit.exitCode() == 0, submit.readAllStandardError().constData());
        const auto reply = nlohmann::json::parse(submit.readAllStandardOutput().toStdString());
        QCOMPARE(reply["name"].get<std::string>(), std::string("slurm-cli"));
        QVERIFY(read_file(reply["script"].get<std::string>()).find("#SBATCH --comment=from-the-cli") != std::string::npos);
        std::string status;
        QElapsedTimer t;
        t.start();
        while (status != "finished" && status != "failed" && t.elapsed() < 120000) {
            QProcess list;
            list.start(EW_EMPOWER_BINARY, {"slurm", "status", "--workspace", ws, "--json"});
            QVERIFY(list.waitForFinished(60000));
            for (const auto& r : nlohmann::json::parse(list.readAllStandardOutput().toStdString()))
                if (r["run_id"] == reply["run_id"]) status = r["status"];
            QTest::qWait(300);
        }
        QCOMPARE(status, std::string("finished"));
        // A finished run cannot be cancelled: a clear error, non-zero exit.
        QProcess cancel;
        cancel.start(EW_EMPOWER_BINARY, {"slurm", "cancel", "--workspace", ws, "--run-id", QString::number(reply["run_id"].get<int>())});
        QVERIFY(cancel.waitForFinished(60000));
        QVERIFY(cancel.exitCode() != 0);
        QVERIFY(!cancel.readAllStandardError().isEmpty());
    }

    void aForgottenJobIsUnknownNotRunning() {
        if (!requireSlurm()) QSKIP(qPrintable(skipReason_));
        const auto s = slurm_.status("987654");
        QCOMPARE(s.phase, cluster::SlurmPhase::Unknown);
        QVERIFY2(s.reason.find("no job accounting") != std::string::npos, s.reason.c_str());
    }
};

QTEST_GUILESS_MAIN(TestSlurm)
#include "test_slurm.moc"

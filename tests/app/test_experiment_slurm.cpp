// `empower experiment run --slurm` against a real private Slurm (tests/cluster/local_slurm.sh):
// every stage of a tiny experiment becomes a job chained to its parents' jobs with afterok; the
// cluster runs the DAG to the end and the report reads the same stage folders a local run writes;
// submitting again reuses everything; a stop cancels the queued and running jobs, status reports
// them failed by Slurm's word, and a resubmission continues them.
#include "support/file_io.h"
#include "support/local_slurm.h"
#include "support/tiny_experiment.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>
#include <memory>
#include <sstream>

using namespace ew;
namespace fs = std::filesystem;
using json = nlohmann::json;

class TestExperimentSlurm : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    std::unique_ptr<testing::LocalSlurm> slurm_;
    QString skipReason_;
    fs::path root() const { return fs::path(tmp_.path().toStdString()); }

    struct Result {
        int exit_code = -1;
        std::vector<json> events;
        std::string err;
    };
    static Result experiment(const QStringList& args) {
        QProcess p;
        p.start(EW_EMPOWER_BINARY, QStringList{"experiment"} + args);
        if (!p.waitForFinished(120000)) return {};
        Result r{p.exitCode(), {}, p.readAllStandardError().toStdString()};
        std::istringstream lines(p.readAllStandardOutput().toStdString());
        for (std::string line; std::getline(lines, line);)
            if (!line.empty() && (line[0] == '{' || line[0] == '[')) r.events.push_back(json::parse(line));
        return r;
    }
    static std::map<std::string, std::string> states(const QString& spec) {
        std::map<std::string, std::string> out;
        const auto status = experiment({"status", "--spec", spec, "--json"});
        if (status.exit_code != 0) qWarning("status failed: %s", status.err.c_str());
        for (const auto& e : status.events)
            if (e.contains("id")) out[e["id"]] = e["state"];
        return out;
    }
    static bool waitFor(const std::function<bool()>& done, int seconds) {
        for (int i = 0; i < seconds * 4; ++i) {
            if (done()) return true;
            QTest::qWait(250);
        }
        return false;
    }

    QString writeExperiment(const std::string& name, int epochs) {
        const auto folder = root() / name;
        testing::write_tiny_experiment_inputs(folder);
        write_file_atomic(folder / (name + ".json"), testing::tiny_experiment_spec(name, epochs).dump(2));
        return QString::fromStdString((folder / (name + ".json")).string());
    }
    static QStringList resources() { return {"--slurm", "--partition", "debug", "--cpus", "1", "--time", "10:00", "--mem", "2G", "--json"}; }

private slots:
    void initTestCase() {
        slurm_ = std::make_unique<testing::LocalSlurm>();
        QVERIFY2(slurm_->error().isEmpty(), qPrintable(slurm_->error()));
        skipReason_ = slurm_->skipReason();
    }
    void cleanupTestCase() { slurm_.reset(); }

    void theClusterRunsTheChainedStages() {
        if (!skipReason_.isEmpty()) QSKIP(qPrintable(skipReason_));
        const QString spec = writeExperiment("chain", 2);
        const auto submitted = experiment(QStringList{"run", "--spec", spec} + resources());
        QVERIFY2(submitted.exit_code == 0, submitted.err.c_str());
        std::map<std::string, std::string> jobs;
        for (const auto& e : submitted.events)
            if (e["event"] == "submitted") jobs[e["id"]] = e["detail"];
        QCOMPARE(jobs.size(), std::size_t{4});
        QCOMPARE(submitted.events.back()["submitted"].get<int>(), 4);
        // Each job waits for its parents' jobs: the fine-tune for the dataset, its evaluation for the fine-tune.
        fs::path trainDir, evalDir;
        for (const auto& e : experiment({"plan", "--spec", spec, "--json"}).events) {
            if (e["kind"] == "train") trainDir = e["dir"].get<std::string>();
            if (e["kind"] == "eval" && e["arm"] == "sft-4") evalDir = e["dir"].get<std::string>();
        }
        std::string datasetJob, trainJob;
        for (const auto& [id, job] : jobs) {
            if (id.rfind("dataset/", 0) == 0) datasetJob = job;
            if (id.rfind("train/", 0) == 0) trainJob = job;
        }
        const auto trainScript = read_file(trainDir / "job.sbatch");
        QVERIFY2(trainScript.find("#SBATCH --dependency=afterok:" + datasetJob + "\n") != std::string::npos, trainScript.c_str());
        QVERIFY(trainScript.find("experiment run-stage") != std::string::npos);
        QVERIFY(read_file(evalDir / "job.sbatch").find("--dependency=afterok:" + trainJob + "\n") != std::string::npos);

        QVERIFY2(waitFor([&] {
                     const auto s = states(spec);
                     return s.size() == 4 && std::all_of(s.begin(), s.end(), [](const auto& p) { return p.second == "done" || p.second == "failed"; });
                 }, 300),
                 "the stages did not finish");
        for (const auto& [id, state] : states(spec)) QVERIFY2(state == "done", (id + ": " + state).c_str());
        const auto report = experiment({"report", "--spec", spec, "--format", "json"});
        QCOMPARE(report.exit_code, 0);
        QCOMPARE(report.events.at(0).size(), std::size_t{2});
        // Submitting again reuses every stage and submits nothing.
        const auto again = experiment(QStringList{"run", "--spec", spec} + resources());
        QCOMPARE(again.events.back()["reused"].get<int>(), 4);
        QCOMPARE(again.events.back()["submitted"].get<int>(), 0);
    }

    void stopCancelsTheJobsAndResubmittingContinues() {
        if (!skipReason_.isEmpty()) QSKIP(qPrintable(skipReason_));
        const QString spec = writeExperiment("cancel", 400);  // a fine-tune long enough to be caught running
        QCOMPARE(experiment(QStringList{"run", "--spec", spec} + resources()).exit_code, 0);
        std::string train;
        QVERIFY(waitFor([&] {
            for (const auto& [id, state] : states(spec))
                if (id.rfind("train/", 0) == 0 && state == "running") train = id;
            return !train.empty();
        }, 120));
        const auto queued = states(spec);
        QVERIFY(std::any_of(queued.begin(), queued.end(), [](const auto& p) { return p.second == "queued"; }));  // its evaluation waits
        // A local run beside the cluster's jobs would run the same stages twice: it refuses, naming the way out.
        const auto local = experiment({"run", "--spec", spec});
        QCOMPARE(local.exit_code, 1);
        QVERIFY2(local.err.find("queued or running as Slurm jobs") != std::string::npos, local.err.c_str());
        QTest::qWait(3000);  // a step or more, so there is a checkpoint to continue from
        const auto stop = experiment({"stop", "--spec", spec});
        QVERIFY2(stop.exit_code == 0, stop.err.c_str());
        QVERIFY(waitFor([&] { return states(spec).at(train) == "failed"; }, 60));
        for (const auto& e : experiment({"status", "--spec", spec, "--json"}).events)
            if (e.value("id", "") == train) QVERIFY2(e["detail"].get<std::string>().find("CANCELLED") != std::string::npos, e.dump().c_str());
        QCOMPARE(experiment({"stop", "--spec", spec}).exit_code, 1);  // nothing left to cancel

        const auto resubmitted = experiment(QStringList{"resume", "--spec", spec} + resources());
        QVERIFY2(resubmitted.exit_code == 0, resubmitted.err.c_str());
        // The dataset (and base-4's evaluation, unless the stop caught it) are reused; the fine-tune and its evaluation go again.
        const auto& summary = resubmitted.events.back();
        QCOMPARE(summary["reused"].get<int>() + summary["submitted"].get<int>(), 4);
        QVERIFY(summary["submitted"].get<int>() >= 2);
        QVERIFY2(waitFor([&] { return states(spec).at(train) == "running"; }, 120), states(spec).at(train).c_str());
        QCOMPARE(experiment({"stop", "--spec", spec}).exit_code, 0);
    }
};

QTEST_GUILESS_MAIN(TestExperimentSlurm)
#include "test_experiment_slurm.moc"

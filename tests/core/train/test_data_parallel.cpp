// Data-parallel fine-tuning with real processes: `empower train` with "data_parallel": 2 starts a
// second rank itself, the ranks sum gradients through a c10d Gloo process group on 127.0.0.1, and
// the result equals one process training on the same batches (same losses, same weights within
// float32 summation-order noise). A rank killed with SIGKILL mid-run makes the run fail with a
// clear error instead of hanging, and leaves no rank behind; SIGTERM stops both ranks at the same
// step with a checkpoint, and the same command resumes.
#include "model/safetensors.h"
#include "store/workspace.h"
#include "support/file_io.h"
#include "support/tiny_model.h"
#include "train/fine_tune_config.h"

#include <QDir>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <cstring>
#include <nlohmann/json.hpp>

using namespace ew;
namespace fs = std::filesystem;

namespace {

std::vector<float> floats(const model::SafetensorsFile& f, const model::TensorInfo& t) {
    const auto bytes = f.bytes(t);
    std::vector<float> out(bytes.size() / sizeof(float));
    std::memcpy(out.data(), bytes.data(), bytes.size());
    return out;
}

// Child pids of `pid` (the ranks rank 0 started).
std::vector<pid_t> childProcesses(qint64 pid) {
    std::vector<pid_t> out;
    for (const auto& entry : QDir(QString("/proc/%1/task").arg(pid)).entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        QFile f(QString("/proc/%1/task/%2/children").arg(pid).arg(entry));
        if (!f.open(QIODevice::ReadOnly)) continue;
        for (const auto& c : QString::fromUtf8(f.readAll()).split(' ', Qt::SkipEmptyParts)) out.push_back(c.toInt());
    }
    return out;
}

}  // namespace

class TestDataParallel : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path base_, dataset_;

    fs::path writeConfig(const std::string& name, int world, int epochs) {
        auto c = testing::tiny_fine_tune_config(name, base_, dataset_, fs::path(tmp_.path().toStdString()) / name, epochs);
        c.learning_rate = 1e-3;
        c.eval_every = 1000;
        c.data_parallel = world;
        const auto path = fs::path(tmp_.path().toStdString()) / (name + ".json");
        write_file_atomic(path, c.to_json_text());
        return path;
    }

    // Runs to the end; returns the JSON lines it printed.
    std::vector<nlohmann::json> run(const fs::path& config) {
        QProcess p;
        p.start(EW_EMPOWER_BINARY, {"train", "--config", QString::fromStdString(config.string())});
        if (!p.waitForFinished(300000)) return {};
        std::vector<nlohmann::json> lines;
        for (const auto& line : p.readAllStandardOutput().split('\n'))
            if (!line.trimmed().isEmpty()) lines.push_back(nlohmann::json::parse(line.toStdString()));
        if (p.exitCode() != 0) qWarning("%s", p.readAllStandardError().constData());
        return p.exitCode() == 0 ? lines : std::vector<nlohmann::json>{};
    }

    void startUntilStep(QProcess& p, const fs::path& config, const fs::path& workspace) {
        p.start(EW_EMPOWER_BINARY, {"train", "--config", QString::fromStdString(config.string()), "--workspace",
                                    QString::fromStdString(workspace.string())});
        QVERIFY(p.waitForStarted());
        QByteArray seen;
        QElapsedTimer t;
        t.start();
        while (!seen.contains("\"event\":\"step\"") && t.elapsed() < 120000) {
            if (!p.waitForReadyRead(1000) && p.state() != QProcess::Running) break;
            seen += p.readAllStandardOutput();
        }
        QVERIFY2(seen.contains("\"event\":\"step\""), (seen + p.readAllStandardError()).constData());
    }

private slots:
    void initTestCase() {
        base_ = fs::path(tmp_.path().toStdString()) / "base";
        testing::write_tiny_model_dir(base_);
        dataset_ = fs::path(tmp_.path().toStdString()) / "data.jsonl";
        testing::write_tiny_dataset(dataset_, base_, "sft-rand-1-8", 30);
    }

    void twoRanksTrainExactlyLikeOneProcess() {
        const auto single = run(writeConfig("single", 1, 2));
        const auto parallel = run(writeConfig("parallel", 2, 2));
        QVERIFY(!single.empty() && !parallel.empty());
        QVERIFY2(parallel.front()["device"].get<std::string>().find("×2 (gloo)") != std::string::npos, parallel.front().dump().c_str());
        std::vector<double> loss1, loss2;
        for (const auto& j : single)
            if (j["event"] == "step") loss1.push_back(j["loss"]);
        for (const auto& j : parallel)
            if (j["event"] == "step") loss2.push_back(j["loss"]);
        QCOMPARE(loss1.size(), loss2.size());
        QVERIFY(loss1.size() >= 6);
        for (std::size_t i = 0; i < loss1.size(); ++i)
            QVERIFY2(std::abs(loss1[i] - loss2[i]) < 1e-4 * std::max(1.0, std::abs(loss1[i])),
                     qPrintable(QString("step %1: %2 vs %3").arg(i + 1).arg(loss1[i]).arg(loss2[i])));
        QVERIFY(loss1.back() < loss1.front());  // it learns at all

        const auto a = model::SafetensorsFile::open(fs::path(tmp_.path().toStdString()) / "single" / "model.safetensors");
        const auto b = model::SafetensorsFile::open(fs::path(tmp_.path().toStdString()) / "parallel" / "model.safetensors");
        double worst = 0;
        for (const auto& t : a.tensors()) {
            const auto x = floats(a, t), y = floats(b, b.at(t.name));
            QCOMPARE(x.size(), y.size());
            for (std::size_t i = 0; i < x.size(); ++i) worst = std::max(worst, double(std::abs(x[i] - y[i])));
        }
        qInfo("max |weight difference| one process vs two ranks after %zu steps: %.3g", loss1.size(), worst);
        QVERIFY2(worst < 1e-4, qPrintable(QString::number(worst)));
    }

    void aKilledRankFailsTheRunInsteadOfHanging() {
        const auto workspace = fs::path(tmp_.path().toStdString()) / "ws-kill.sqlite";
        QProcess leader;
        startUntilStep(leader, writeConfig("killed-rank", 2, 400), workspace);
        const auto ranks = childProcesses(leader.processId());
        QCOMPARE(ranks.size(), std::size_t(1));
        ::kill(ranks.front(), SIGKILL);
        QVERIFY2(leader.waitForFinished(120000), "rank 0 hung after its peer died");
        QVERIFY(leader.exitCode() != 0);
        const QString err = QString::fromUtf8(leader.readAllStandardError());
        QVERIFY2(err.contains("data parallel"), qPrintable(err));
        const auto run = store::Workspace(workspace, false).runs().back();
        QCOMPARE(run.status, std::string("failed"));
    }

    void sigtermStopsBothRanksAndTheRunResumes() {
        const auto workspace = fs::path(tmp_.path().toStdString()) / "ws-stop.sqlite";
        const auto config = writeConfig("stopped-pair", 2, 400);
        QProcess leader;
        startUntilStep(leader, config, workspace);
        const auto ranks = childProcesses(leader.processId());
        QCOMPARE(ranks.size(), std::size_t(1));
        ::kill(static_cast<pid_t>(leader.processId()), SIGTERM);
        QVERIFY(leader.waitForFinished(120000));
        QCOMPARE(leader.exitCode(), 0);
        QVERIFY(leader.readAllStandardOutput().contains("\"event\":\"stopped\""));
        QVERIFY(::kill(ranks.front(), 0) != 0);  // the other rank is gone too
        auto ws = store::Workspace(workspace, false);
        const auto run = ws.runs().back();
        QCOMPARE(run.status, std::string("stopped"));
        const auto steps = ws.metrics(run.id, "loss").back().step;

        QProcess again;
        again.start(EW_EMPOWER_BINARY, {"train", "--config", QString::fromStdString(config.string()), "--workspace",
                                        QString::fromStdString(workspace.string()), "--run-id", QString::number(run.id)});
        QVERIFY(again.waitForStarted());
        QByteArray seen;
        QElapsedTimer t;
        t.start();
        while (!seen.contains("\"event\":\"step\"") && t.elapsed() < 120000 && (again.waitForReadyRead(1000) || again.state() == QProcess::Running))
            seen += again.readAllStandardOutput();
        QVERIFY2(seen.contains("\"event\":\"start\",\"step\":" + QByteArray::number(qint64(steps))) || seen.contains("\"step\":" + QByteArray::number(qint64(steps + 1))),
                 seen.constData());
        ::kill(static_cast<pid_t>(again.processId()), SIGTERM);
        QVERIFY(again.waitForFinished(120000));
    }
};

QTEST_GUILESS_MAIN(TestDataParallel)
#include "test_data_parallel.moc"

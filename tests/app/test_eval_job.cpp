// `empower eval` end to end with the bundled model on the two bundled problems: JSON-lines
// progress, a judged episode per problem, the summary with standard errors, the step-by-step
// episode log and the workspace rows. Malformed configs fail cleanly.
#include "store/workspace.h"
#include "support/file_io.h"
#include "support/resource_paths.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>
#include <map>
#include <sstream>

using namespace ew;
namespace fs = std::filesystem;

class TestEvalJob : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private slots:
    void evaluatesTheBundledProblems() {
        const fs::path root = tmp_.path().toStdString();
        // The paper's two user-study problems (Appendix E), as bundled in projects/.
        fs::create_directories(root / "problems");
        for (const char* p : {"lava-trap", "special-keyboard"}) fs::copy(projects_dir() / p, root / "problems" / p, fs::copy_options::recursive);
        nlohmann::json config = {{"problems", (root / "problems").string()}, {"policy", "empower"}, {"eta", 6.0}, {"k_h", 10},
                                 {"max_rounds", 50}, {"episodes_out", (root / "episodes.jsonl").string()},
                                 {"weights", "bf16"}};  // the bundled model is float32: held rounded to bfloat16
        write_file_atomic(root / "eval.json", config.dump());
        QProcess p;
        p.start(EW_EMPOWER_BINARY, {"eval", "--config", QString::fromStdString((root / "eval.json").string()), "--workspace",
                                    QString::fromStdString((root / "ws.sqlite").string())});
        QVERIFY(p.waitForFinished(300000));
        QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
        std::istringstream lines(p.readAllStandardOutput().toStdString());
        std::string line;
        std::vector<nlohmann::json> events;
        while (std::getline(lines, line)) events.push_back(nlohmann::json::parse(line));
        int episodes = 0;
        for (const auto& e : events)
            if (e["event"] == "episode") {
                ++episodes;
                QVERIFY(e["passed"].get<bool>());  // the replay human reaches the reference, which passes
                QVERIFY(e["tokens_written"].get<int>() > 0);
                const double dpr = e["dpr"].get<double>();
                QVERIFY(std::abs(dpr - std::pow(0.999, 0.1 * e["tokens_read"].get<int>() + 0.5 * e["tokens_written"].get<int>())) < 1e-9);
            }
        QCOMPARE(episodes, 2);
        // The start event and the workspace say how the model was held.
        QCOMPARE(events.front()["event"].get<std::string>(), std::string("start"));
        QCOMPARE(events.front()["models"].size(), std::size_t(1));
        QCOMPARE(events.front()["models"][0]["role"].get<std::string>(), std::string("assistant"));
        const auto weights = events.front()["models"][0]["weights"].get<std::string>();
        QVERIFY2(weights.rfind("bf16 weights, fp32 compute", 0) == 0, weights.c_str());
        const auto& summary = events.back();
        QCOMPARE(summary["event"].get<std::string>(), std::string("summary"));
        QCOMPARE(summary["summary"]["pass_at_1"]["mean"].get<double>(), 1.0);
        QCOMPARE(summary["summary"]["dpr"]["n"].get<int>(), episodes);
        // Every step of every episode is in the log.
        std::istringstream log(read_file(root / "episodes.jsonl"));
        int logged = 0;
        while (std::getline(log, line)) {
            auto e = nlohmann::json::parse(line);
            QVERIFY(!e["steps"].empty());
            int written = 0;
            for (const auto& s : e["steps"]) written += s["tokens_written"].get<int>();
            QCOMPARE(written, e["tokens_written"].get<int>());
            ++logged;
        }
        QCOMPARE(logged, episodes);
        store::Workspace ws(root / "ws.sqlite", false);
        const auto run = ws.runs().back();
        QCOMPARE(run.kind, std::string("eval"));
        QCOMPARE(run.status, std::string("finished"));
        QCOMPARE(ws.metrics(run.id, "summary_dpr").size(), std::size_t(1));
        const auto models = ws.run_models(run.id);
        QCOMPARE(models.size(), std::size_t(1));
        QCOMPARE(models[0].weights, weights);
        QCOMPARE(fs::path(models[0].path), default_model_dir());
    }

    // empower-auto with impatient simulated users (patient-replay): the η each suggestion was cut at
    // is logged per step, starts at the prior and, once the calibrator has seen enough, moves down
    // for a user who gives up early; a patient user's η ends higher.
    void adaptiveEtaLearnsFromThePatienceOfItsUser() {
        const fs::path root = tmp_.path().toStdString();
        std::map<std::string, double> final_eta;
        for (const std::string patience : {"impatient", "patient"}) {
            const auto log = root / ("auto-" + patience + ".jsonl");
            nlohmann::json config = {{"problems", projects_dir().string()}, {"policy", "empower-auto"}, {"eta", 8.0},
                                     {"human", "patient-replay"}, {"patience", patience}, {"human_seed", 1},
                                     {"limit", 5}, {"episodes_out", log.string()}};
            write_file_atomic(root / "auto.json", config.dump());
            QProcess p;
            p.start(EW_EMPOWER_BINARY, {"eval", "--config", QString::fromStdString((root / "auto.json").string())});
            QVERIFY(p.waitForFinished(300000));
            QVERIFY2(p.exitCode() == 0, p.readAllStandardError().constData());
            std::vector<double> trajectory;
            std::istringstream lines(read_file(log));
            for (std::string line; std::getline(lines, line);) {
                const auto episode = nlohmann::json::parse(line);  // kept: the loop below refers into it
                for (const auto& step : episode["steps"])
                    if (!step["suggestion"].get<std::string>().empty()) trajectory.push_back(step.at("eta").get<double>());
            }
            QVERIFY2(trajectory.size() > 12, qPrintable(QString::number(trajectory.size())));
            for (std::size_t i = 0; i < 8; ++i) QCOMPARE(trajectory[i], 8.0);  // the prior until 8 suggestions were judged
            final_eta[patience] = trajectory.back();
        }
        QVERIFY2(final_eta["impatient"] < 8.0, qPrintable(QString::number(final_eta["impatient"])));
        QVERIFY2(final_eta["patient"] > final_eta["impatient"], qPrintable(QString::number(final_eta["patient"])));
        // Patience is the patient-replay human's only, and must be one of the three.
        write_file_atomic(root / "bad-patience.json", R"({"problems": "x", "human": "patient-replay", "patience": "saintly"})");
        QProcess p;
        p.start(EW_EMPOWER_BINARY, {"eval", "--config", QString::fromStdString((root / "bad-patience.json").string())});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY(p.exitCode() != 0);
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("impatient, middling or patient"));
    }

    void malformedConfigFailsCleanly() {
        const fs::path root = tmp_.path().toStdString();
        write_file_atomic(root / "bad.json", R"({"problems": "x", "humann": "replay"})");
        QProcess p;
        p.start(EW_EMPOWER_BINARY, {"eval", "--config", QString::fromStdString((root / "bad.json").string())});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY(p.exitCode() != 0);
        QVERIFY(p.readAllStandardOutput().isEmpty());
        QVERIFY(QString::fromUtf8(p.readAllStandardError()).contains("humann"));

        write_file_atomic(root / "fp8.json", R"({"problems": "x", "weights": "fp8"})");
        p.start(EW_EMPOWER_BINARY, {"eval", "--config", QString::fromStdString((root / "fp8.json").string())});
        QVERIFY(p.waitForFinished(60000));
        QVERIFY(p.exitCode() != 0);
        const QString error = QString::fromUtf8(p.readAllStandardError());
        QVERIFY2(error.contains("fp8.json") && error.contains("auto, fp32, bf16"), qPrintable(error));
    }
};

QTEST_GUILESS_MAIN(TestEvalJob)
#include "test_eval_job.moc"

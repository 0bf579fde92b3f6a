// `empower experiment plan|run` end to end on a tiny experiment (a tiny base model, a corpus of
// small programs, one bundled problem): dataset, fine-tune and evaluations run as real child
// processes; running again reuses every stage and starts nothing; a stage that fails is recorded
// with its error, what needs it is skipped, and the rest still runs and is reused.
#include "support/file_io.h"
#include "support/resource_paths.h"
#include "support/tiny_model.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace ew;
namespace fs = std::filesystem;
using json = nlohmann::json;

class TestExperimentRun : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path root() const { return fs::path(tmp_.path().toStdString()); }

    struct Result {
        int exit_code = -1;
        std::vector<json> events;
        std::string stderr_text;
    };

    Result experiment(const QStringList& args) {
        QProcess p;
        p.start(EW_EMPOWER_BINARY, QStringList{"experiment"} + args);
        if (!p.waitForFinished(600000)) return {};
        Result r{p.exitCode(), {}, p.readAllStandardError().toStdString()};
        std::istringstream lines(p.readAllStandardOutput().toStdString());
        for (std::string line; std::getline(lines, line);) r.events.push_back(json::parse(line));
        return r;
    }

    static std::map<std::string, std::string> by_id(const Result& r) {
        std::map<std::string, std::string> out;
        for (const auto& e : r.events)
            if (e.contains("id")) out[e["id"].get<std::string>()] = e["event"].get<std::string>();
        return out;
    }

    json spec() const {
        return {{"name", "tiny"},
                {"base_model", "base"},
                {"corpus", "corpus"},
                {"dataset", {{"max_completion_tokens", 16}}},
                {"methods", json::array({{{"method", "sft-4"}}})},
                {"fine_tune", {{"batch_size", 4}, {"seq_len", 96}, {"eval_every", 5}, {"checkpoint_every", 3}, {"threads", 1}}},
                {"untrained", json::array({"base-4"})},
                {"evaluation", {{"problems", json::array({"problems"})}, {"settings", {{"max_rounds", 4}, {"threads", 1}}}}}};
    }

private slots:
    void runsReusesAndIsolatesAFailure() {
        testing::write_tiny_model_dir(root() / "base");
        fs::create_directories(root() / "corpus");
        int n = 0;
        for (int copy = 0; copy < 4; ++copy)
            for (const auto& program : testing::tiny_corpus()) write_file_atomic(root() / "corpus" / ("p" + std::to_string(n++) + ".py"), program);
        fs::create_directories(root() / "problems");
        fs::copy(projects_dir() / "lava-trap", root() / "problems" / "lava-trap", fs::copy_options::recursive);
        const auto spec_file = QString::fromStdString((root() / "tiny.json").string());
        write_file_atomic(root() / "tiny.json", spec().dump(2));

        const auto planned = experiment({"plan", "--spec", spec_file, "--json"});
        QCOMPARE(planned.exit_code, 0);
        QCOMPARE(planned.events.size(), std::size_t{4});  // dataset, train, eval of sft-4; eval of base-4
        for (const auto& s : planned.events) QCOMPARE(s["state"].get<std::string>(), std::string("pending"));

        const auto first = experiment({"run", "--spec", spec_file, "--json"});
        QVERIFY2(first.exit_code == 0, first.stderr_text.c_str());
        const auto states = by_id(first);
        const std::map<std::string, std::string> all_done = {{"dataset/sft-4/seed-0", "done"},
                                                             {"train/sft-4/seed-0/repeat-1", "done"},
                                                             {"eval/sft-4/seed-0/repeat-1/problems/replay", "done"},
                                                             {"eval/base-4/problems/replay", "done"}};
        QCOMPARE(states, all_done);
        QCOMPARE(first.events.back()["ran"].get<int>(), 4);
        // Each stage left its output where the plan said.
        const auto stages = root() / "tiny.stages";
        int datasets = 0, models = 0, episodes = 0;
        for (const auto& d : fs::directory_iterator(stages)) {
            datasets += fs::exists(d.path() / "dataset.jsonl");
            models += fs::exists(d.path() / "model" / "config.json");
            episodes += fs::exists(d.path() / "episodes.jsonl") && fs::file_size(d.path() / "episodes.jsonl") > 0;
        }
        QCOMPARE(datasets, 1);
        QCOMPARE(models, 1);
        QCOMPARE(episodes, 2);

        // Again: everything is reused, nothing runs.
        const auto again = experiment({"run", "--spec", spec_file, "--json"});
        QCOMPARE(again.exit_code, 0);
        for (const auto& [id, event] : by_id(again)) QCOMPARE(event, std::string("reused"));
        QCOMPARE(again.events.back()["reused"].get<int>(), 4);
        QCOMPARE(again.events.back()["ran"].get<int>(), 0);

        // A second method whose evaluation cannot run (its human model is not a model): that stage
        // fails with the reason; the new dataset and fine-tune run; what was done is reused.
        auto broken = spec();
        broken["methods"].push_back({{"method", "sft-rand-1-4"}});
        broken["evaluation"]["humans"] = json::array({{{"human", "replay"}}, {{"human", "llm"}, {"human_model", "no-such-model"}}});
        write_file_atomic(root() / "tiny.json", broken.dump(2));
        const auto third = experiment({"run", "--spec", spec_file, "--json"});
        QCOMPARE(third.exit_code, 1);
        QVERIFY2(third.stderr_text.find("not every stage succeeded") != std::string::npos, third.stderr_text.c_str());
        const auto third_states = by_id(third);
        QCOMPARE(third_states.at("dataset/sft-4/seed-0"), std::string("reused"));
        QCOMPARE(third_states.at("eval/sft-4/seed-0/repeat-1/problems/replay"), std::string("reused"));
        QCOMPARE(third_states.at("dataset/sft-rand-1-4/seed-0"), std::string("done"));
        QCOMPARE(third_states.at("train/sft-rand-1-4/seed-0/repeat-1"), std::string("done"));
        QCOMPARE(third_states.at("eval/sft-rand-1-4/seed-0/repeat-1/problems/llm:no-such-model"), std::string("failed"));
        for (const auto& e : third.events)
            if (e.value("event", "") == "failed") QVERIFY2(e["detail"].get<std::string>().find("no-such-model") != std::string::npos, e.dump().c_str());
        const auto planned_again = experiment({"plan", "--spec", spec_file, "--json"});
        int failed = 0;
        for (const auto& s : planned_again.events) failed += s["state"] == "failed";
        QCOMPARE(failed, 3);  // the llm evaluation of each of the three arms
    }

    void aBrokenSpecIsOneClearLine() {
        write_file_atomic(root() / "bad.json", R"({"name": "bad", "corpus": "c", "methods": [], "evaluation": {"problems": ["p"]}, "colour": 1})");
        const auto r = experiment({"run", "--spec", QString::fromStdString((root() / "bad.json").string())});
        QCOMPARE(r.exit_code, 1);
        QVERIFY2(r.stderr_text.find("bad.json: unknown field \"colour\"") != std::string::npos, r.stderr_text.c_str());
    }
};

QTEST_GUILESS_MAIN(TestExperimentRun)
#include "test_experiment_run.moc"

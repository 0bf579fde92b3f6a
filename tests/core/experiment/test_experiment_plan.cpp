// An experiment spec (core/experiment) is read strictly and expands into the paper's grid of
// stages — dataset → fine-tune → evaluation per method, η, seed and repeat, plus untrained arms —
// whose configs `empower train` and `empower eval` accept, and whose keys change exactly when what
// determines their result changes: editing one η re-keys that branch only.
#include "eval/eval_config.h"
#include "experiment/experiment_plan.h"
#include "support/error.h"
#include "support/file_io.h"
#include "train/fine_tune_config.h"

#include <QTemporaryDir>
#include <QtTest>
#include <set>

using namespace ew;
using namespace ew::experiment;
namespace fs = std::filesystem;
using json = nlohmann::json;

class TestExperimentPlan : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path root() const { return fs::path(tmp_.path().toStdString()); }

    json grid() const {
        return json::parse(R"({
          "name": "grid",
          "corpus": "corpus",
          "dataset": {"seeds": [0, 1], "max_completion_tokens": 64},
          "methods": [{"method": "empower", "eta": [4, 8]},
                      {"method": "sft-10", "fine_tune": {"learning_rate": 0.0002}}],
          "fine_tune": {"epochs": 1, "batch_size": 4, "seed": 10},
          "repeats": 2,
          "untrained": ["base", "base-10"],
          "evaluation": {"problems": ["problems"], "humans": [{"human": "replay"}, {"human": "noisy-replay"}],
                         "settings": {"max_tokens": 32, "limit": 3}}
        })");
    }

    ExperimentSpec spec(const json& j) const { return ExperimentSpec::from_json_text(j.dump(), "spec.json", root()); }

    static std::map<std::string, std::string> keys(const ExperimentPlan& plan) {
        std::map<std::string, std::string> out;
        for (const auto& s : plan.stages) out[s.id] = s.key;
        return out;
    }

    static void refused(const json& j, const fs::path& root, const std::string& expected) {
        try {
            ExperimentSpec::from_json_text(j.dump(), "spec.json", root);
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find(expected) != std::string::npos, e.what());
            return;
        }
        QFAIL(("accepted a spec that should fail with: " + expected).c_str());
    }

private slots:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        fs::create_directories(root() / "corpus");
        write_file_atomic(root() / "corpus" / "a.py", "print('a')\n");
        write_file_atomic(root() / "corpus" / "b.py", "x = 1\n");
        fs::create_directories(root() / "problems" / "p1");
        write_file_atomic(root() / "problems" / "p1" / "problem.md", "Add two numbers.\n");
    }

    void specIsReadStrictlyAndRoundTrips() {
        const auto s = spec(grid());
        QCOMPARE(s.name, std::string("grid"));
        QCOMPARE(s.corpus, root() / "corpus");  // relative to the spec's folder
        QCOMPARE(s.methods.size(), std::size_t{2});
        QCOMPARE(s.methods[0].etas, (std::vector<double>{4, 8}));
        QCOMPARE(s.dataset_seeds, (std::vector<std::uint64_t>{0, 1}));
        QCOMPARE(s.humans.size(), std::size_t{2});
        QCOMPARE(ExperimentSpec::from_json_text(s.to_json_text(), "again").to_json_text(), s.to_json_text());

        const auto with = [&](const std::function<void(json&)>& edit) {
            auto j = grid();
            edit(j);
            return j;
        };
        const auto r = root();
        refused(with([](json& j) { j["colour"] = "red"; }), r, "unknown field \"colour\"");
        refused(with([](json& j) { j["methods"][1]["etaa"] = 3; }), r, "methods[1]: unknown field \"etaa\"");
        refused(with([](json& j) { j["dataset"]["seed"] = 3; }), r, "dataset: unknown field \"seed\"");
        refused(with([](json& j) { j["evaluation"]["humans"][0]["patience"] = 3; }), r, "humans: unknown field \"patience\"");
        refused(with([](json& j) { j["methods"][0].erase("eta"); }), r, "empower needs \"eta\"");
        refused(with([](json& j) { j["methods"][1]["eta"] = 4; }), r, "\"eta\" is for the empower method only");
        refused(with([](json& j) { j["methods"][0]["eta"] = json::array({4, -1}); }), r, "every eta must be > 0");
        refused(with([](json& j) { j["methods"][1]["method"] = "sft-banana"; }), r, "methods[1]");
        refused(with([](json& j) { j["methods"][1]["fine_tune"]["epochs"] = 0; }), r, "methods[1]: fine_tune");
        refused(with([](json& j) { j["fine_tune"]["out_dir"] = "x"; }), r, "\"out_dir\" is set by the experiment");
        refused(with([](json& j) { j["fine_tune"]["learning_rte"] = 1; }), r, "unknown field \"learning_rte\"");
        refused(with([](json& j) { j["evaluation"]["settings"]["policy"] = "base"; }), r, "\"policy\" is set by the experiment");
        refused(with([](json& j) { j["evaluation"]["settings"]["weights"] = "fp8"; }), r, "evaluation");
        refused(with([](json& j) { j["evaluation"]["humans"].push_back({{"human", "llm"}}); }), r, "human_model");
        refused(with([](json& j) { j["evaluation"]["humans"].push_back({{"human", "replay"}}); }), r, "listed twice");
        refused(with([](json& j) { j["evaluation"]["humans"][0]["seeds"] = json::array({1}); }), r, "for the noisy-replay human only");
        refused(with([](json& j) { j["evaluation"]["humans"][1]["seeds"] = json::array({-1}); }), r, "every seed is an integer >= 0");
        refused(with([](json& j) { j["evaluation"]["humans"][1]["seeds"] = json::array({2, 2}); }), r, "listed twice");
        refused(with([](json& j) { j["evaluation"]["settings"]["human_seed"] = 3; }), r, "\"human_seed\" is set by the experiment");
        refused(with([](json& j) { j["untrained"].push_back("sometimes"); }), r, "is not a policy");
        refused(with([](json& j) { j.erase("evaluation"); }), r, "\"evaluation\" is required");
        refused(with([](json& j) { j["repeats"] = 2.5; }), r, "repeats");
        refused(with([](json& j) { j["name"] = "a/b"; }), r, "without '/'");
        refused(json::parse("[1, 2]"), r, "expected a JSON object");
        try {
            ExperimentSpec::from_json_text("{\"name\": ", "broken.json");
            QFAIL("accepted broken JSON");
        } catch (const Error& e) {
            QVERIFY(std::string(e.what()).starts_with("broken.json: not valid JSON"));
        }
    }

    void theGridExpandsIntoRunnableStages() {
        const auto plan = plan_experiment(spec(grid()), root() / "stages", "1.0");
        std::map<StageKind, int> count;
        std::set<std::string> ids, dirs, seen;
        for (const auto& s : plan.stages) {
            ++count[s.kind];
            QVERIFY2(ids.insert(s.id).second, s.id.c_str());
            QVERIFY(dirs.insert(s.dir.string()).second);
            QCOMPARE(s.key.size(), std::size_t{64});
            for (const auto& need : s.needs) QVERIFY2(seen.count(need), (s.id + " before " + need).c_str());  // parents first
            seen.insert(s.id);
        }
        // 3 trained arms (empower-4, empower-8, sft-10) x 2 dataset seeds; x 2 repeats; x 1 problem set x 2 humans;
        // plus 2 untrained arms x 2 humans.
        QCOMPARE(count[StageKind::Dataset], 6);
        QCOMPARE(count[StageKind::FineTune], 12);
        QCOMPARE(count[StageKind::Evaluate], 24 + 4);

        const auto& d = plan.at("dataset/empower-4/seed-1");
        QCOMPARE(d.arm, std::string("empower-4"));
        const std::vector<std::string> dataset_args = {"dataset", "--corpus", (root() / "corpus").string(), "--method", "empower", "--eta", "4",
                                                       "--seed", "1", "--max-completion", "64"};
        QVERIFY(std::equal(dataset_args.begin(), dataset_args.end(), d.arguments.begin()));

        const auto& t = plan.at("train/sft-10/seed-0/repeat-2");
        QCOMPARE(t.needs, std::vector<std::string>{"dataset/sft-10/seed-0"});
        const auto run = train::FineTuneConfig::from_json_text(t.config_text, t.id);  // what `empower train` will read
        QCOMPARE(run.dataset, plan.at("dataset/sft-10/seed-0").output);
        QCOMPARE(run.out_dir, t.output);
        QCOMPARE(run.learning_rate, 0.0002);  // the method's override
        QCOMPARE(run.batch_size, 4);          // the shared setting
        QCOMPARE(run.seed, std::uint64_t{11}); // seed 10, second repeat
        QCOMPARE(t.arguments, (std::vector<std::string>{"train", "--config", (t.dir / "run.json").string()}));

        const auto& e = plan.at("eval/sft-10/seed-0/repeat-2/problems/noisy-replay");
        QCOMPARE(e.needs, std::vector<std::string>{t.id});
        const auto evaluation = eval::EvalConfig::from_json_text(e.config_text, e.id);
        QCOMPARE(evaluation.assistant_model, t.output);
        QCOMPARE(evaluation.policy, std::string("base"));  // a fine-tuned assistant stops itself
        QCOMPARE(evaluation.human, std::string("noisy-replay"));
        QCOMPARE(evaluation.max_tokens, 32);
        QCOMPARE(evaluation.episodes_out, e.output);

        const auto& u = plan.at("eval/base-10/problems/replay");
        QVERIFY(u.needs.empty());
        QCOMPARE(eval::EvalConfig::from_json_text(u.config_text, u.id).policy, std::string("base-10"));

        // Seeded noisy-replay humans: one evaluation per seed, each eval.json naming its seed, one
        // table population for all of them; seeds round-trip through the spec's JSON.
        auto seeded = grid();
        seeded["evaluation"]["humans"][1]["seeds"] = json::array({0, 1, 2});
        const auto seeded_spec = spec(seeded);
        QCOMPARE(seeded_spec.humans.size(), std::size_t{4});
        QCOMPARE(spec(json::parse(seeded_spec.to_json_text())).humans.size(), std::size_t{4});
        const auto seeded_plan = plan_experiment(seeded_spec, root() / "stages", "1.0");
        const auto& s2 = seeded_plan.at("eval/base/problems/noisy-replay:seed-2");
        QCOMPARE(s2.human_population, std::string("noisy-replay, seeded"));
        QCOMPARE(eval::EvalConfig::from_json_text(s2.config_text, s2.id).human_seed, std::int64_t{2});
        QVERIFY(s2.key != seeded_plan.at("eval/base/problems/noisy-replay:seed-1").key);
        QCOMPARE(eval::EvalConfig::from_json_text(seeded_plan.at("eval/base/problems/replay").config_text, "r").human_seed, std::int64_t{-1});

        auto clash = grid();
        clash["methods"].push_back({{"method", "empower"}, {"eta", 4.0}});
        QVERIFY_THROWS_EXCEPTION(Error, plan_experiment(spec(clash), root() / "stages", "1.0"));
    }

    void keysChangeExactlyWithWhatDeterminesAResult() {
        int reads = 0;
        const Fingerprint counting = [&](const fs::path& p) {
            ++reads;
            return content_fingerprint(p);
        };
        const auto before = keys(plan_experiment(spec(grid()), root() / "stages", "1.0", counting));
        QCOMPARE(reads, 2);  // the corpus and the problem set, once each
        QCOMPARE(keys(plan_experiment(spec(grid()), root() / "stages", "1.0")), before);  // same spec, same stages: reused

        // One method's η edited: only that branch is new.
        auto edited = grid();
        edited["methods"][0]["eta"] = json::array({4, 16});
        const auto after = keys(plan_experiment(spec(edited), root() / "stages", "1.0"));
        int same = 0, changed = 0;
        for (const auto& [id, key] : after) {
            if (before.count(id) && before.at(id) == key) ++same;
            else ++changed;
            QVERIFY2((id.find("empower-16") != std::string::npos) == !before.count(id), id.c_str());
        }
        QCOMPARE(changed, 2 + 4 + 8);  // the empower-16 datasets, fine-tunes and evaluations
        QCOMPARE(same, 46 - changed);

        // A training setting: every fine-tune and trained evaluation, no dataset, no untrained arm.
        auto lr = grid();
        lr["fine_tune"]["epochs"] = 2;
        for (const auto& [id, key] : keys(plan_experiment(spec(lr), root() / "stages", "1.0"))) {
            const bool trained_stage = id.starts_with("train/") || (id.starts_with("eval/") && id.find("/repeat-") != std::string::npos);
            QCOMPARE(key != before.at(id), trained_stage);
        }

        // The corpus's bytes: datasets and everything downstream; untrained evaluations stay.
        write_file_atomic(root() / "corpus" / "b.py", "x = 2\n");
        for (const auto& [id, key] : keys(plan_experiment(spec(grid()), root() / "stages", "1.0")))
            QCOMPARE(key != before.at(id), !id.starts_with("eval/base"));
        write_file_atomic(root() / "corpus" / "b.py", "x = 1\n");
        QCOMPARE(keys(plan_experiment(spec(grid()), root() / "stages", "1.0")), before);  // same bytes again: same keys

        // A problem file: every evaluation, nothing else.
        write_file_atomic(root() / "problems" / "p1" / "tests.txt", "1 2\n3\n");
        for (const auto& [id, key] : keys(plan_experiment(spec(grid()), root() / "stages", "1.0")))
            QCOMPARE(key != before.at(id), id.starts_with("eval/"));
        fs::remove(root() / "problems" / "p1" / "tests.txt");

        // Another version of the workbench: nothing is reused.
        for (const auto& [id, key] : keys(plan_experiment(spec(grid()), root() / "stages", "1.1"))) QVERIFY(key != before.at(id));
    }

    void contentFingerprintsFolderBytesAndNames() {
        const auto a = root() / "fa", b = root() / "fb";
        for (const auto& d : {a, b}) {
            fs::create_directories(d / "sub");
            write_file_atomic(d / "one.py", "1\n");
            write_file_atomic(d / "sub" / "two.py", "2\n");
        }
        QCOMPARE(content_fingerprint(a), content_fingerprint(b));  // where it lies does not matter
        fs::create_directories(b / "__pycache__");
        write_file_atomic(b / "__pycache__" / "one.cpython-311.pyc", "compiled");
        QCOMPARE(content_fingerprint(a), content_fingerprint(b));  // bytecode a run left behind is not content
        write_file_atomic(b / "sub" / "two.py", "3\n");
        QVERIFY(content_fingerprint(a) != content_fingerprint(b));
        write_file_atomic(b / "sub" / "two.py", "2\n");
        fs::rename(b / "one.py", b / "uno.py");
        QVERIFY(content_fingerprint(a) != content_fingerprint(b));
        QCOMPARE(content_fingerprint(a / "one.py"), content_fingerprint(b / "uno.py"));
        QVERIFY_THROWS_EXCEPTION(Error, content_fingerprint(root() / "missing"));
    }
};

QTEST_GUILESS_MAIN(TestExperimentPlan)
#include "test_experiment_plan.moc"

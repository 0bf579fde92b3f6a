// `empower experiment plan|run` end to end on a tiny experiment (a tiny base model, a corpus of
// small programs, one bundled problem): dataset, fine-tune and evaluations run as real child
// processes; running again reuses every stage and starts nothing; a stage that fails is recorded
// with its error, what needs it is skipped, and the rest still runs and is reused.
#include "store/workspace.h"
#include "support/file_io.h"
#include "support/tiny_experiment.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QXmlStreamReader>
#include <QtTest>
#include <nlohmann/json.hpp>
#include <cmath>
#include <fstream>
#include <set>
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
        for (std::string line; std::getline(lines, line);)  // JSON lines; text output (stop) is not parsed
            if (!line.empty() && (line[0] == '{' || line[0] == '[')) r.events.push_back(json::parse(line));
        return r;
    }

    // The most stages running at once, from the order of "started" and finishing events.
    static int most_at_once(const Result& r) {
        int now = 0, most = 0;
        for (const auto& e : r.events) {
            const auto event = e.value("event", "");
            if (event == "started") most = std::max(most, ++now);
            else if (event == "done" || event == "failed" || event == "stopped") --now;
        }
        return most;
    }

    static std::map<std::string, std::string> by_id(const Result& r) {
        std::map<std::string, std::string> out;
        for (const auto& e : r.events)
            if (e.contains("id")) out[e["id"].get<std::string>()] = e["event"].get<std::string>();
        return out;
    }

    // Table 1 from the finished evaluations, checked against the episode logs read here.
    void checkReport(const QString& spec_file, const fs::path& stages) {
        const auto report = experiment({"report", "--spec", spec_file, "--format", "json"});
        QVERIFY2(report.exit_code == 0, report.stderr_text.c_str());
        QCOMPARE(report.events.size(), std::size_t{1});
        const auto rows = report.events[0];
        QCOMPARE(rows.size(), std::size_t{2});
        QCOMPARE(rows[0]["arm"].get<std::string>(), std::string("sft-4"));
        QCOMPARE(rows[1]["arm"].get<std::string>(), std::string("base-4"));
        for (const auto& d : fs::directory_iterator(stages)) {
            if (!fs::exists(d.path() / "episodes.jsonl")) continue;
            const auto config = json::parse(read_file(d.path() / "eval.json"));
            const std::string arm = config["policy"] == "base" ? "sft-4" : "base-4";
            const auto& row = rows[arm == "sft-4" ? 0 : 1];
            std::istringstream lines(read_file(d.path() / "episodes.jsonl"));
            std::vector<double> dpr;
            for (std::string line; std::getline(lines, line);) {
                const auto e = json::parse(line);
                const double cost = 0.1 * e["tokens_read"].get<double>() + 0.5 * e["tokens_written"].get<double>();
                dpr.push_back(e["passed"].get<bool>() ? std::pow(0.999, cost) : 0.0);
            }
            QCOMPARE(row["episodes"].get<std::size_t>(), dpr.size());
            double mean = 0;
            for (double v : dpr) mean += v / double(dpr.size());
            QVERIFY2(std::abs(row["dpr"]["mean"].get<double>() - mean) < 1e-9, row.dump().c_str());
            QCOMPARE(row["stages_done"].get<int>(), 1);
        }
        QProcess csv;
        csv.start(EW_EMPOWER_BINARY, {"experiment", "report", "--spec", spec_file, "--format", "csv"});
        QVERIFY(csv.waitForFinished(60000));
        const QString table = QString::fromUtf8(csv.readAllStandardOutput());
        QVERIFY2(table.startsWith("arm,human,problems,episodes,stages,stages_done,pass_at_1,pass_at_1_se,accept_ratio,"), qPrintable(table));
        QCOMPARE(table.count('\n'), 3);
        const auto latex = (root() / "table.tex").string();
        QCOMPARE(experiment({"report", "--spec", spec_file, "--format", "latex", "--out", QString::fromStdString(latex)}).exit_code, 0);
        const auto tex = read_file(latex);
        QVERIFY2(tex.rfind("\\begin{tabular}{llrrrrrr}", 0) == 0 && tex.find("sft-4 & replay & $") != std::string::npos, tex.c_str());
        // Figure 2 as SVG: well-formed, one bar per arm and metric (with its figures in a tooltip), a whisker each.
        QProcess svg;
        svg.start(EW_EMPOWER_BINARY, {"experiment", "report", "--spec", spec_file, "--format", "svg"});
        QVERIFY(svg.waitForFinished(60000));
        QXmlStreamReader xml(svg.readAllStandardOutput());
        int bars = 0, whiskers = 0;
        while (!xml.atEnd()) {
            xml.readNext();
            if (xml.isStartElement() && xml.name() == QLatin1String("title")) bars += xml.readElementText().contains(" ± ");
            if (xml.isStartElement() && xml.name() == QLatin1String("path")) ++whiskers;
        }
        QVERIFY2(!xml.hasError(), qPrintable(xml.errorString()));
        QCOMPARE(bars, 2 * 3);
        QCOMPARE(whiskers, 2 * 3);
    }

    json spec() const { return testing::tiny_experiment_spec("tiny"); }

    // The tiny experiment in `folder` with a fine-tune long enough (seconds) to be caught running; its spec file.
    QString writeSlowExperiment(const fs::path& folder) const {
        testing::write_tiny_experiment_inputs(folder);
        write_file_atomic(folder / "tiny.json", testing::tiny_experiment_spec("tiny", 400).dump(2));
        return QString::fromStdString((folder / "tiny.json").string());
    }

    // The tiny experiment with three more untrained arms: six stages, four of them independent.
    QString writeWideExperiment(const fs::path& folder) const {
        testing::write_tiny_experiment_inputs(folder);
        auto wide = spec();
        wide["untrained"] = json::array({"base-4", "base-6", "base"});
        write_file_atomic(folder / "tiny.json", wide.dump(2));
        return QString::fromStdString((folder / "tiny.json").string());
    }

private slots:
    void runsReusesAndIsolatesAFailure() {
        testing::write_tiny_experiment_inputs(root());
        const auto spec_file = QString::fromStdString((root() / "tiny.json").string());
        write_file_atomic(root() / "tiny.json", spec().dump(2));

        const auto planned = experiment({"plan", "--spec", spec_file, "--json"});
        QCOMPARE(planned.exit_code, 0);
        QCOMPARE(planned.events.size(), std::size_t{4});  // dataset, train, eval of sft-4; eval of base-4
        for (const auto& s : planned.events) QCOMPARE(s["state"].get<std::string>(), std::string("pending"));

        const auto db = QString::fromStdString((root() / "ws.sqlite").string());
        const auto first = experiment({"run", "--spec", spec_file, "--json", "--workspace", db});
        QVERIFY2(first.exit_code == 0, first.stderr_text.c_str());
        const auto states = by_id(first);
        const std::map<std::string, std::string> all_done = {{"dataset/sft-4/seed-0", "done"},
                                                             {"train/sft-4/seed-0/repeat-1", "done"},
                                                             {"eval/sft-4/seed-0/repeat-1/problems/replay", "done"},
                                                             {"eval/base-4/problems/replay", "done"}};
        QCOMPARE(states, all_done);
        QCOMPARE(first.events.back()["ran"].get<int>(), 4);
        QCOMPARE(most_at_once(first), 1);  // the default: one stage at a time
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
        checkReport(spec_file, stages);
        // The workspace holds the experiment and each fine-tune and evaluation as a finished run of it.
        {
            store::Workspace ws(root() / "ws.sqlite", false);
            const auto experiments = ws.experiments();
            QCOMPARE(experiments.size(), std::size_t{1});
            QCOMPARE(experiments[0].name, std::string("tiny"));
            QCOMPARE(experiments[0].stage_root, stages.string());
            const auto linked = ws.experiment_stages(experiments[0].id);
            QCOMPARE(linked.size(), std::size_t{4});
            for (const auto& stage : linked) {
                if (stage.stage_id.rfind("dataset/", 0) == 0) {
                    QCOMPARE(stage.run_id, std::int64_t{0});
                    continue;
                }
                const auto run = ws.run(stage.run_id);
                QVERIFY2(run, stage.stage_id.c_str());
                QCOMPARE(run->status, std::string("finished"));
                QCOMPARE(run->name, "tiny:" + stage.stage_id);
                QCOMPARE(run->kind, stage.stage_id.substr(0, stage.stage_id.find('/')));
            }
            QCOMPARE(ws.runs().size(), std::size_t{3});
        }

        // Again: everything is reused, nothing runs, no run is added to the workspace.
        const auto again = experiment({"run", "--spec", spec_file, "--json", "--workspace", db});
        QCOMPARE(store::Workspace(root() / "ws.sqlite", false).runs().size(), std::size_t{3});
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

    // A run stopped in the middle leaves a stage that `resume` finishes; while it runs, status
    // names it and a second run is refused.
    void stopsAndResumes() {
        const auto folder = root() / "stop";
        const auto spec_file = writeSlowExperiment(folder);

        const auto db = QString::fromStdString((folder / "ws.sqlite").string());
        QProcess run;
        run.start(EW_EMPOWER_BINARY, {"experiment", "run", "--spec", spec_file, "--json", "--workspace", db});
        QVERIFY(run.waitForStarted());
        std::string running;
        for (int i = 0; i < 600 && running.empty(); ++i) {
            QTest::qWait(100);
            for (const auto& e : experiment({"status", "--spec", spec_file, "--json"}).events)
                if (e.value("state", "") == "running" && e["id"].get<std::string>().rfind("train/", 0) == 0) running = e["id"];
        }
        QVERIFY2(!running.empty(), "the fine-tune was never seen running");
        fs::path train_dir;
        for (const auto& e : experiment({"plan", "--spec", spec_file, "--json"}).events)
            if (e["id"] == running) train_dir = e["dir"].get<std::string>();
        const auto progress = [&] {
            std::vector<json> events;
            std::istringstream lines(read_file(train_dir / "stdout.log"));
            for (std::string line; std::getline(lines, line);)
                if (!line.empty() && line[0] == '{') events.push_back(json::parse(line));
            return events;
        };
        const auto stepped = [&] {
            const auto events = progress();
            return std::any_of(events.begin(), events.end(), [](const json& e) { return e.value("event", "") == "step"; });
        };
        for (int i = 0; i < 600 && !stepped(); ++i) QTest::qWait(100);  // stopped after a step, there is something to resume
        const auto second = experiment({"run", "--spec", spec_file});
        QCOMPARE(second.exit_code, 1);
        QVERIFY2(second.stderr_text.find("another run of this experiment is going on (process " + std::to_string(run.processId())) !=
                     std::string::npos,
                 second.stderr_text.c_str());
        const auto stop = experiment({"stop", "--spec", spec_file});
        QVERIFY2(stop.exit_code == 0, stop.stderr_text.c_str());
        QVERIFY(run.waitForFinished(120000));
        QCOMPARE(run.exitCode(), 1);
        QVERIFY(run.readAllStandardError().contains("stopped before every stage was done"));
        std::map<std::string, std::string> after_stop;
        for (const auto& e : experiment({"status", "--spec", spec_file, "--json"}).events)
            if (e.contains("id")) after_stop[e["id"]] = e["state"];
            else QCOMPARE(e["running_pid"].get<long>(), 0L);
        QCOMPARE(after_stop.at("dataset/sft-4/seed-0"), std::string("done"));
        QVERIFY2(after_stop.at(running) == "pending", after_stop.at(running).c_str());
        QCOMPARE(experiment({"stop", "--spec", spec_file}).exit_code, 1);  // nothing to stop

        const auto stopped_run = [&] {
            store::Workspace ws(folder / "ws.sqlite", false);
            for (const auto& stage : ws.experiment_stages(ws.experiments().at(0).id))
                if (stage.stage_id == running) return stage.run_id;
            return std::int64_t{0};
        }();
        QVERIFY(stopped_run > 0);
        const auto resumed = experiment({"resume", "--spec", spec_file, "--json", "--workspace", db});
        QVERIFY2(resumed.exit_code == 0, resumed.stderr_text.c_str());
        const auto states = by_id(resumed);
        QCOMPARE(states.at("dataset/sft-4/seed-0"), std::string("reused"));
        QCOMPARE(states.at(running), std::string("done"));
        // The fine-tune continued from its checkpoint, it did not start over.
        std::vector<std::int64_t> starts;
        for (const auto& e : progress())
            if (e.value("event", "") == "start") starts.push_back(e.value("step", std::int64_t{-1}));
        QCOMPARE(starts.size(), std::size_t{2});
        {  // the resumed fine-tune is the same run of the workspace, now finished
            store::Workspace ws(folder / "ws.sqlite", false);
            for (const auto& stage : ws.experiment_stages(ws.experiments().at(0).id))
                if (stage.stage_id == running) QCOMPARE(stage.run_id, stopped_run);
            QCOMPARE(ws.run(stopped_run)->status, std::string("finished"));
            QCOMPARE(ws.runs().size(), std::size_t{3});
        }
        QCOMPARE(starts[0], std::int64_t{0});
        QVERIFY2(starts[1] > 0, std::to_string(starts[1]).c_str());

        // The workspace names the experiment by id: list shows it, and every command takes --id for --spec.
        const auto listed = experiment({"list", "--workspace", db, "--json"});
        QVERIFY2(listed.exit_code == 0, listed.stderr_text.c_str());
        QCOMPARE(listed.events.size(), std::size_t{1});
        const auto id = QString::number(listed.events[0]["id"].get<std::int64_t>());
        QCOMPARE(listed.events[0]["spec_path"].get<std::string>(), fs::absolute(spec_file.toStdString()).string());
        {
            store::Workspace ws(folder / "ws.sqlite", false);
            QCOMPARE(listed.events[0]["stages_recorded"].get<std::size_t>(), ws.experiment_stages(ws.experiments().at(0).id).size());
        }
        const auto stages = experiment({"plan", "--spec", spec_file, "--json"}).events.size();
        QVERIFY(stages >= 3);
        QCOMPARE(listed.events[0]["spec"]["name"], json::parse(read_file(spec_file.toStdString()))["name"]);
        int done_by_id = 0;
        for (const auto& e : experiment({"status", "--id", id, "--workspace", db, "--json"}).events)
            if (e.contains("id") && e["state"] == "done") ++done_by_id;
        QCOMPARE(std::size_t(done_by_id), stages);
        const auto report_of = [&](const QStringList& which) {
            QProcess p;
            p.start(EW_EMPOWER_BINARY, QStringList{"experiment", "report", "--format", "csv"} + which);
            p.waitForFinished(60000);
            return p.exitCode() == 0 ? p.readAllStandardOutput() : QByteArray("failed: ") + p.readAllStandardError();
        };
        const auto by_spec = report_of({"--spec", spec_file});
        QVERIFY2(!by_spec.startsWith("failed") && by_spec.count('\n') >= 2, by_spec.constData());
        QCOMPARE(report_of({"--id", id, "--workspace", db}), by_spec);
        const auto again = experiment({"run", "--id", id, "--workspace", db, "--json"});
        QVERIFY2(again.exit_code == 0, again.stderr_text.c_str());
        QCOMPARE(again.events.back()["reused"].get<std::size_t>(), stages);
        // Each wrong way of naming it: one line that says what to do.
        const auto refused = [&](const QStringList& args, const std::string& words) {
            const auto r = experiment(args);
            QVERIFY2(r.exit_code != 0 && r.stderr_text.find(words) != std::string::npos, r.stderr_text.c_str());
        };
        refused({"status", "--id", "99", "--workspace", db}, "has no experiment 99");
        refused({"status", "--id", id}, "--id needs --workspace");
        refused({"status", "--id", id, "--workspace", db, "--spec", spec_file}, "give one");
        refused({"status"}, "name the experiment: --spec FILE, or --id N");
    }

    // One stage stopped by hand: it is held (stopped and checkpointed when running, never started
    // when pending), what needs it waits, the other stages run; `resume --stage` releases that one
    // only, a plain resume every hold.
    void holdsOneStageWhileTheRestGoesOn() {
        const auto folder = root() / "hold";
        const auto spec_file = writeSlowExperiment(folder);
        const auto status = [&] {
            std::map<std::string, std::string> states;
            for (const auto& e : experiment({"status", "--spec", spec_file, "--json"}).events)
                if (e.contains("id")) states[e["id"]] = e["state"];
            return states;
        };
        std::string base_eval;
        for (const auto& [id, state] : status())
            if (id.rfind("eval/base-4", 0) == 0) base_eval = id;
        QVERIFY(!base_eval.empty());
        const std::string train = "train/sft-4/seed-0/repeat-1", train_eval = "eval/sft-4/seed-0/repeat-1/problems/replay";
        QCOMPARE(experiment({"stop", "--spec", spec_file, "--stage", QString::fromStdString(base_eval)}).exit_code, 0);  // pending: never starts
        const auto unknown = experiment({"stop", "--spec", spec_file, "--stage", "train/no-such-arm"});
        QVERIFY2(unknown.exit_code == 1 && unknown.stderr_text.find("no stage \"train/no-such-arm\"") != std::string::npos,
                 unknown.stderr_text.c_str());

        QProcess run;
        run.start(EW_EMPOWER_BINARY, {"experiment", "run", "--spec", spec_file, "--json", "--stage", QString::fromStdString(train)});
        QVERIFY(run.waitForStarted());
        fs::path train_dir;
        for (const auto& e : experiment({"plan", "--spec", spec_file, "--json"}).events)
            if (e["id"] == train) train_dir = e["dir"].get<std::string>();
        const auto step_starts = [&] {  // the "start" events of the fine-tune's log: where each launch began
            std::vector<std::int64_t> starts;
            bool stepped = false;
            std::error_code ec;
            std::istringstream lines(fs::exists(train_dir / "stdout.log", ec) ? read_file(train_dir / "stdout.log") : "");
            for (std::string line; std::getline(lines, line);) {
                if (line.empty() || line[0] != '{') continue;
                const auto e = json::parse(line);
                if (e.value("event", "") == "start") starts.push_back(e.value("step", std::int64_t{-1}));
                stepped = stepped || e.value("event", "") == "step";
            }
            return std::make_pair(starts, stepped);
        };
        for (int i = 0; i < 600 && !step_starts().second; ++i) QTest::qWait(100);
        QVERIFY2(step_starts().second, "the fine-tune never made a step");
        const auto stop = experiment({"stop", "--spec", spec_file, "--stage", QString::fromStdString(train)});
        QVERIFY2(stop.exit_code == 0, stop.stderr_text.c_str());
        QVERIFY(run.waitForFinished(120000));
        QCOMPARE(run.exitCode(), 1);  // what is left waits on held stages
        QVERIFY(run.readAllStandardError().contains("stopped before every stage was done"));
        auto states = status();
        QCOMPARE(states.at("dataset/sft-4/seed-0"), std::string("done"));
        QCOMPARE(states.at(train), std::string("held"));
        QCOMPARE(states.at(train_eval), std::string("pending"));
        QCOMPARE(states.at(base_eval), std::string("held"));

        // Releasing the fine-tune only: it continues from its checkpoint and its evaluation runs; base-4 stays held.
        const auto one = experiment({"resume", "--spec", spec_file, "--json", "--stage", QString::fromStdString(train)});
        QCOMPARE(one.exit_code, 1);
        const auto resumed = by_id(one);
        QCOMPARE(resumed.at(train), std::string("done"));
        QCOMPARE(resumed.at(train_eval), std::string("done"));
        QVERIFY(!resumed.count(base_eval));
        const auto [starts, stepped] = step_starts();
        QCOMPARE(starts.size(), std::size_t{2});
        QVERIFY2(starts[1] > 0, std::to_string(starts[1]).c_str());
        QCOMPARE(status().at(base_eval), std::string("held"));

        const auto all = experiment({"resume", "--spec", spec_file, "--json"});
        QVERIFY2(all.exit_code == 0, all.stderr_text.c_str());
        QCOMPARE(by_id(all).at(base_eval), std::string("done"));
        QCOMPARE(all.events.back()["reused"].get<int>(), 3);
    }

    // --jobs 2: a stage starts as soon as its needs are done, beside another; what needs a stage
    // still waits for it, and the result is the same table.
    void runsIndependentStagesSideBySide() {
        const auto folder = root() / "jobs";
        const auto spec_file = writeWideExperiment(folder);
        const auto run = experiment({"run", "--spec", spec_file, "--json", "--jobs", "2"});
        QVERIFY2(run.exit_code == 0, run.stderr_text.c_str());
        QCOMPARE(run.events.back()["ran"].get<int>(), 6);
        QCOMPARE(most_at_once(run), 2);
        // Needs still order the stages: the fine-tune starts after its dataset is done, its evaluation after it.
        std::map<std::string, std::size_t> at;
        for (std::size_t i = 0; i < run.events.size(); ++i)
            if (run.events[i].contains("id")) at[run.events[i]["event"].get<std::string>() + " " + run.events[i]["id"].get<std::string>()] = i;
        QVERIFY(at.at("done dataset/sft-4/seed-0") < at.at("started train/sft-4/seed-0/repeat-1"));
        QVERIFY(at.at("done train/sft-4/seed-0/repeat-1") < at.at("started eval/sft-4/seed-0/repeat-1/problems/replay"));
        QCOMPARE(experiment({"run", "--spec", spec_file, "--json", "--jobs", "2"}).events.back()["reused"].get<int>(), 6);
        const auto zero = experiment({"run", "--spec", spec_file, "--jobs", "0"});
        QVERIFY2(zero.exit_code != 0 && zero.stderr_text.find("--jobs") != std::string::npos, zero.stderr_text.c_str());
    }

    // A /proc file whole (they report size 0, so read_file's sized read does not apply); "" when gone.
    static std::string slurp(const fs::path& path) {
        std::ifstream in(path, std::ios::binary);
        std::ostringstream out;
        if (in) out << in.rdbuf();
        return out.str();
    }

    // With CUDA devices, stages run one per device, each child seeing only its own: the i-th device
    // is the i-th of the runner's CUDA_VISIBLE_DEVICES. (No GPU is needed to see who got which.)
    void sharesCudaDevicesOneStageEach() {
        const auto folder = root() / "devices";
        const auto spec_file = writeWideExperiment(folder);
        QProcess run;
        auto env = QProcessEnvironment::systemEnvironment();
        env.insert("CUDA_VISIBLE_DEVICES", "7,5");
        run.setProcessEnvironment(env);
        run.start(EW_EMPOWER_BINARY, {"experiment", "run", "--spec", spec_file, "--json", "--cuda-devices", "2"});
        QVERIFY(run.waitForStarted());
        // What the stage processes were given, read from /proc while they run.
        std::set<std::string> seen;
        const auto runner = std::to_string(run.processId());
        while (!run.waitForFinished(20)) {
            std::error_code ec;
            for (const auto& entry : fs::directory_iterator("/proc", ec)) {
                const auto stat = slurp(entry.path() / "stat");
                const auto close = stat.rfind(')');
                if (close == std::string::npos) continue;
                std::istringstream fields(stat.substr(close + 2));
                std::string state, parent;
                fields >> state >> parent;
                if (parent != runner) continue;
                // Only a stage that has exec'd: between spawn and exec a child still shows the
                // runner's command line and environment. Command line first, then environment.
                std::istringstream argv(slurp(entry.path() / "cmdline"));
                std::string program, command;
                std::getline(argv, program, '\0');
                std::getline(argv, command, '\0');
                if (command != "dataset" && command != "train" && command != "eval") continue;
                const auto environ_text = slurp(entry.path() / "environ");
                std::istringstream vars(environ_text);
                for (std::string var; std::getline(vars, var, '\0');)
                    if (var.rfind("CUDA_VISIBLE_DEVICES=", 0) == 0) seen.insert(var.substr(21));
            }
        }
        QCOMPARE(run.exitCode(), 0);
        Result r{run.exitCode(), {}, {}};
        std::istringstream lines(run.readAllStandardOutput().toStdString());
        for (std::string line; std::getline(lines, line);)
            if (!line.empty() && line[0] == '{') r.events.push_back(json::parse(line));
        QCOMPARE(r.events.back()["ran"].get<int>(), 6);
        QCOMPARE(most_at_once(r), 2);  // --jobs not given: one per device
        std::map<std::string, int> device_of;  // running stage -> its device
        for (const auto& e : r.events) {
            const auto event = e.value("event", "");
            if (event == "started") {
                const int gpu = e.value("gpu", -1);
                QVERIFY2(gpu == 0 || gpu == 1, e.dump().c_str());
                for (const auto& [other, its] : device_of) QVERIFY2(its != gpu, ("device shared with " + other).c_str());
                device_of[e["id"]] = gpu;
            } else if (event == "done" || event == "failed") {
                device_of.erase(e["id"]);
            }
        }
        QVERIFY2(!seen.empty(), "no stage process was seen running");
        for (const auto& v : seen) QVERIFY2(v == "7" || v == "5", v.c_str());
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

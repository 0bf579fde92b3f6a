// The Experiments dock end to end on a tiny experiment (a tiny base model, a corpus of small
// programs, one bundled problem; arms SFT-4 and Base-4): added from a spec file, planned, run as a
// real detached `empower experiment run`, stopped in the middle of its fine-tune, seen from a
// fresh dock (as after closing the window) with the finished dataset, the stopped fine-tune and its
// loss curve, resumed to the end — the fine-tune continues from its checkpoint — with Table 1,
// Figure 2 and every export; its episodes open in the viewer; and after an edit of the spec that
// adds an arm, running again reuses every finished stage and runs only the new one.
#include "episode_viewer.h"
#include "experiment_form_dialog.h"
#include "experiments_panel.h"
#include "message_bar.h"
#include "metric_chart.h"
#include "support/file_io.h"
#include "support/local_slurm.h"
#include "support/tiny_experiment.h"

#include <QImage>
#include <QLineEdit>
#include <QProcess>
#include <QSettings>
#include <QStandardPaths>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTreeWidget>
#include <QtTest>
#include <nlohmann/json.hpp>
#include <sstream>

using namespace ew;
using namespace ew::widgets;
namespace fs = std::filesystem;
using json = nlohmann::json;

class TestExperimentsPanel : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path root() const { return fs::path(tmp_.path().toStdString()); }
    QString workspace() const { return QString::fromStdString((root() / "ws.sqlite").string()); }
    QString specFile() const { return QString::fromStdString((root() / "tiny.json").string()); }

    // Enough epochs (seconds) to be caught running and stopped.
    json spec() const { return testing::tiny_experiment_spec("tiny", 400); }

    static QStringList stageIds(const ExperimentsPanel& panel) {
        QStringList ids;
        for (int a = 0; a < panel.stages()->topLevelItemCount(); ++a)
            for (int c = 0; c < panel.stages()->topLevelItem(a)->childCount(); ++c)
                ids << panel.stages()->topLevelItem(a)->child(c)->data(0, Qt::UserRole).toString();
        return ids;
    }
    static QString stageStartingWith(const ExperimentsPanel& panel, const QString& prefix) {
        for (const auto& id : stageIds(panel))
            if (id.startsWith(prefix)) return id;
        return {};
    }
    // Polls (as the dock's timer does) until `done` holds or `seconds` pass.
    static bool waitUntil(ExperimentsPanel& panel, const std::function<bool()>& done, int seconds) {
        for (int i = 0; i < seconds * 10; ++i) {
            panel.poll();
            if (done()) return true;
            QTest::qWait(100);
        }
        return false;
    }
    std::vector<json> runnerEvents(std::size_t from) const {
        std::vector<json> events;
        const auto text = read_file(root() / "tiny.stages" / "runner-stdout.log");
        std::istringstream lines(text.substr(std::min(from, text.size())));
        for (std::string line; std::getline(lines, line);)
            if (!line.empty() && line[0] == '{') events.push_back(json::parse(line));
        return events;
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        QSettings().remove("experiments");
        qputenv("EW_EMPOWER", EW_EMPOWER_BINARY);
        QVERIFY(tmp_.isValid());
        testing::write_tiny_experiment_inputs(root());
        write_file_atomic(root() / "tiny.json", spec().dump(2));
    }

    void runStopReopenResumeExportAndReuse() {
        QString train, dataset, evaluation;
        {
            ExperimentsPanel panel(workspace());
            QCOMPARE(panel.experimentCount(), 0);
            QVERIFY(panel.addSpec(specFile()));
            QCOMPARE(panel.experimentCount(), 1);
            QTRY_VERIFY_WITH_TIMEOUT(panel.planReady(), 30000);
            QCOMPARE(panel.stages()->topLevelItemCount(), 2);  // the arms sft-4 and base-4
            QCOMPARE(stageIds(panel).size(), 4);
            train = stageStartingWith(panel, "train/");
            dataset = stageStartingWith(panel, "dataset/");
            evaluation = stageStartingWith(panel, "eval/sft-4");
            QVERIFY(!train.isEmpty() && !dataset.isEmpty() && !evaluation.isEmpty());
            for (const auto& id : stageIds(panel)) QCOMPARE(panel.stageState(id), QString("pending"));
            QVERIFY2(panel.commandPreview().contains("experiment run --spec") && panel.commandPreview().contains("--jobs 1"),
                     qPrintable(panel.commandPreview()));

            QVERIFY2(panel.run(), qPrintable(panel.messageBar()->text()));
            const QString curve = train.mid(QString("train/").size());
            QVERIFY2(waitUntil(panel, [&] { return panel.stageState(train).startsWith("running") && panel.curves()->pointCount(curve) > 0; }, 300),
                     qPrintable(panel.summary() + " / " + panel.stageState(train) + " / " + panel.messageBar()->text()));
            QVERIFY(panel.running());
            QVERIFY2(panel.summary().contains("running (process"), qPrintable(panel.summary()));
            QVERIFY2(!panel.run(), "a second run of a running experiment must be refused");
            QVERIFY(panel.messageBar()->text().contains("running already"));
            QVERIFY(panel.stop());
            QVERIFY2(waitUntil(panel, [&] { return !panel.running(); }, 120), qPrintable(panel.summary()));
            QCOMPARE(panel.stageState(dataset), QString("done"));
            QCOMPARE(panel.stageState(train), QString("pending"));
        }
        // A fresh dock, as after closing the window: it finds the experiment in the workspace.
        ExperimentsPanel panel(workspace());
        QCOMPARE(panel.experimentCount(), 1);
        QTRY_VERIFY_WITH_TIMEOUT(panel.planReady(), 30000);
        panel.poll();
        QCOMPARE(panel.stageState(dataset), QString("done"));
        QCOMPARE(panel.stageState(train), QString("pending"));
        QVERIFY(panel.summary().contains("not running"));
        QVERIFY(panel.curves()->pointCount(train.mid(6)) > 0);  // the stopped fine-tune's curve so far
        QCOMPARE(panel.resultRowCount(), 2);  // every arm has its row; SFT-4's has no episode yet
        QCOMPARE(panel.results()->item(0, 3)->text(), QString("0"));
        QCOMPARE(panel.results()->item(0, 10)->text(), QString("0 of 1"));

        QVERIFY2(panel.run(), qPrintable(panel.messageBar()->text()));
        QVERIFY2(waitUntil(panel, [&] { return panel.summary().startsWith("4 of 4 stages done") && !panel.running(); }, 600),
                 qPrintable(panel.summary() + " / " + panel.messageBar()->text()));
        QVERIFY2(panel.messageBar()->text().isEmpty(), qPrintable(panel.messageBar()->text()));
        // The fine-tune continued from its checkpoint: its log has a second start, past step 0.
        std::vector<std::int64_t> starts;
        {
            fs::path trainDir;
            for (const auto& d : fs::directory_iterator(root() / "tiny.stages"))
                if (d.path().filename().string().rfind("train-", 0) == 0) trainDir = d.path();
            std::istringstream log(read_file(trainDir / "stdout.log"));
            for (std::string line; std::getline(log, line);)
                if (!line.empty() && line[0] == '{' && json::parse(line).value("event", "") == "start") starts.push_back(json::parse(line)["step"]);
        }
        QCOMPARE(starts.size(), std::size_t{2});
        QVERIFY(starts[1] > 0);

        // Table 1 and Figure 2.
        QCOMPARE(panel.resultRowCount(), 2);
        QCOMPARE(panel.results()->item(0, 0)->text(), QString("sft-4"));
        QCOMPARE(panel.results()->item(1, 0)->text(), QString("base-4"));
        QVERIFY2(panel.results()->item(0, 6)->text().contains(" ± "), qPrintable(panel.results()->item(0, 6)->text()));
        const QString out = QString::fromStdString(root().string());
        QVERIFY(panel.exportTo(out + "/table.csv"));
        QVERIFY(read_file(root() / "table.csv").rfind("arm,human,problems,episodes,", 0) == 0);
        QVERIFY(panel.exportTo(out + "/table.tex"));
        QVERIFY(read_file(root() / "table.tex").find("\\begin{tabular}") != std::string::npos);
        QVERIFY(panel.exportTo(out + "/figure.svg"));
        QVERIFY(read_file(root() / "figure.svg").find("<svg") != std::string::npos);
        QVERIFY(panel.exportTo(out + "/figure.png"));
        QImage png(out + "/figure.png");
        QVERIFY(!png.isNull() && png.width() > 200);
        int coloured = 0;  // the bars: pixels that are neither white nor grey
        for (int y = 0; y < png.height(); y += 2)
            for (int x = 0; x < png.width(); x += 2) {
                const QColor c = png.pixelColor(x, y);
                coloured += std::max({c.red(), c.green(), c.blue()}) - std::min({c.red(), c.green(), c.blue()}) > 60;
            }
        QVERIFY2(coloured > 100, qPrintable(QString::number(coloured)));
        QVERIFY(!panel.exportTo(out + "/figure.gif"));
        QVERIFY(panel.messageBar()->text().contains(".csv, .tex, .svg or .png"));

        // The evaluation's episodes in the viewer.
        auto* viewer = panel.openEpisodes(evaluation);
        QVERIFY2(viewer && viewer->loaded(), qPrintable(panel.messageBar()->text()));
        viewer->close();

        // An edit that adds an arm: re-planned on the next poll; only the new stage runs.
        QTest::qWait(1100);  // a modification time that differs from the planned one
        auto edited = spec();
        edited["untrained"] = json::array({"base-4", "base-6"});
        write_file_atomic(root() / "tiny.json", edited.dump(2));
        QVERIFY(waitUntil(panel, [&] { return panel.planReady() && stageIds(panel).size() == 5; }, 60));
        const QString added = stageStartingWith(panel, "eval/base-6");
        QCOMPARE(panel.stageState(added), QString("pending"));
        QCOMPARE(panel.stageState(train), QString("done"));
        // Held by itself (from its context menu), then resumed: no run is going on, so Resume starts one for it.
        QVERIFY2(panel.stopStage(added), qPrintable(panel.messageBar()->text()));
        QCOMPARE(panel.stageState(added), QString("held"));
        QVERIFY2(panel.summary().contains("1 held"), qPrintable(panel.summary()));
        QVERIFY(!panel.stopStage(train));  // done: nothing to stop
        QVERIFY(panel.messageBar()->text().contains("nothing to stop"));
        const auto before = read_file(root() / "tiny.stages" / "runner-stdout.log").size();
        QVERIFY2(panel.resumeStage(added), qPrintable(panel.messageBar()->text()));
        QVERIFY2(waitUntil(panel, [&] { return panel.summary().startsWith("5 of 5 stages done") && !panel.running(); }, 300),
                 qPrintable(panel.summary()));
        QVERIFY(waitUntil(panel, [&] { return !runnerEvents(before).empty() && runnerEvents(before).back().value("event", "") == "summary"; }, 30));
        const auto summary = runnerEvents(before).back();
        QCOMPARE(summary["reused"].get<int>(), 4);
        QCOMPARE(summary["ran"].get<int>(), 1);
        QCOMPARE(panel.resultRowCount(), 3);
    }

    // On Slurm: Run submits the stages as chained jobs and returns; the dock follows them through
    // Slurm (asked off the UI thread) to the end; resources it does not know are refused up front.
    void runsOnSlurm() {
        testing::LocalSlurm slurm;
        QVERIFY2(slurm.error().isEmpty(), qPrintable(slurm.error()));
        if (!slurm.available()) QSKIP(qPrintable(slurm.skipReason()));
        const auto folder = root() / "slurm";
        testing::write_tiny_experiment_inputs(folder);
        write_file_atomic(folder / "cluster.json", testing::tiny_experiment_spec("cluster").dump(2));
        ExperimentsPanel panel(workspace());
        QVERIFY(panel.addSpec(QString::fromStdString((folder / "cluster.json").string())));
        QTRY_VERIFY_WITH_TIMEOUT(panel.planReady(), 30000);
        panel.setSlurm(true, "--partition debug --bogus 1");
        QVERIFY(!panel.run());
        QVERIFY2(panel.messageBar()->text().contains("--bogus"), qPrintable(panel.messageBar()->text()));
        panel.setSlurm(true, "--partition debug --cpus 1 --time 10:00 --mem 2G");
        QVERIFY2(panel.commandPreview().contains("--slurm --partition debug --cpus 1") && !panel.commandPreview().contains("--workspace"),
                 qPrintable(panel.commandPreview()));
        QVERIFY2(panel.run(), qPrintable(panel.messageBar()->text()));
        QVERIFY2(waitUntil(panel, [&] { return panel.onSlurm(); }, 60), qPrintable(panel.summary()));
        QVERIFY2(waitUntil(panel, [&] { return panel.summary().startsWith("4 of 4 stages done"); }, 400),
                 qPrintable(panel.summary() + " / " + panel.messageBar()->text()));
        QVERIFY2(panel.summary().contains("on Slurm"), qPrintable(panel.summary()));
        QCOMPARE(panel.resultRowCount(), 2);
        panel.setSlurm(false);
    }

    void cleanupTestCase() {
        // A failed check must not leave a detached run going on.
        QProcess::execute(EW_EMPOWER_BINARY, {"experiment", "stop", "--spec", specFile()});
    }

    void formWritesASpecTheReaderAccepts() {
        ExperimentFormDialog form(workspace(), QString::fromStdString((root() / "experiments").string()));
        form.nameField()->setText("grid");
        form.baseModelField()->setText(QString::fromStdString((root() / "base").string()));
        form.corpusField()->setText(QString::fromStdString((root() / "corpus").string()));
        form.problemsField()->setText(QString::fromStdString((root() / "problems").string()));
        form.empowerEtasField()->setText("4, 8");
        form.sftField()->setText("10");
        form.sftRandField()->setText("1-30");
        form.untrainedField()->setText("base base-10");
        form.noisySeedsField()->setText("0, 1");
        QVERIFY2(form.problem().isEmpty(), qPrintable(form.problem()));
        const auto spec = form.spec();
        QCOMPARE(spec["methods"].size(), std::size_t{3});
        QCOMPARE(spec["methods"][0]["eta"], json::array({4.0, 8.0}));
        QCOMPARE(spec["methods"][1]["method"].get<std::string>(), std::string("sft-10"));
        QCOMPARE(spec["methods"][2]["method"].get<std::string>(), std::string("sft-rand-1-30"));
        QCOMPARE(spec["evaluation"]["humans"][1]["seeds"], json::array({0, 1}));
        QVERIFY(form.specPath().endsWith("experiments/grid.json"));
        QVERIFY(form.commandPreview().contains("experiment run --spec"));
        // A list that is not numbers, a method the reader does not know: one clear line, Create disabled.
        form.empowerEtasField()->setText("4, eight");
        QVERIFY2(form.problem().contains("Empower η") && form.problem().contains("eight"), qPrintable(form.problem()));
        form.empowerEtasField()->setText("4");
        form.sftRandField()->setText("30");
        QVERIFY2(!form.problem().isEmpty(), "sft-rand-30 is not a method");
        form.sftRandField()->clear();
        QVERIFY2(form.problem().isEmpty(), qPrintable(form.problem()));
    }
};

QTEST_MAIN(TestExperimentsPanel)
#include "test_experiments_panel.moc"

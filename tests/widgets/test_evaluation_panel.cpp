// The evaluation panel for real (offscreen): it launches one `empower eval` job per assistant
// (an η sweep of Empower plus Base-N), the jobs judge their episodes in the sandbox, and the panel
// reads the summaries (with standard errors) back from the workspace for its table and charts.
#include "code_editor.h"
#include "episode_viewer.h"
#include "eval/episode_log.h"
#include "evaluation_panel.h"
#include "likelihood_view.h"
#include "store/workspace.h"
#include "support/resource_paths.h"
#include "support/tiny_model.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <set>

using namespace ew;
using namespace ew::widgets;
namespace fs = std::filesystem;

class TestEvaluationPanel : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private slots:
    void runsAnEtaSweep() {
        qputenv("EW_EMPOWER", EW_EMPOWER_BINARY);
        qputenv("OMP_NUM_THREADS", "1");
        const fs::path root = tmp_.path().toStdString();
        testing::write_tiny_model_dir(root / "model");
        fs::create_directories(root / "problems");
        for (const char* p : {"lava-trap", "special-keyboard"})
            fs::copy(projects_dir() / p, root / "problems" / p, fs::copy_options::recursive);
        EvaluationPanel panel(tmp_.path() + "/workspace.sqlite");
        panel.setProblems(tmp_.path() + "/problems");
        panel.setModel(tmp_.path() + "/model");
        panel.setPolicies({"empower", "base-5"}, {4.0, 12.0});
        const auto ids = panel.launch();
        QCOMPARE(ids.size(), std::size_t(3));
        auto allDone = [&] {
            panel.refresh();
            int complete = 0;
            for (const auto& r : panel.rows()) complete += r.complete;
            return complete == 3;
        };
        QTRY_VERIFY_WITH_TIMEOUT(allDone(), 240000);
        for (const auto& r : panel.rows()) {
            QCOMPARE(r.status, QString("finished"));
            QVERIFY(r.pass >= 0 && r.pass <= 1);  // the tiny model's tokenizer makes the round cap bite on long references
            QVERIFY(r.dpr >= 0 && r.dpr <= r.pass);
            QVERIFY(r.accept >= 0 && r.accept <= 1);
            QVERIFY(r.pass_se >= 0);
        }
        std::set<double> etas;
        for (const auto& r : panel.rows())
            if (r.policy == "empower") etas.insert(r.eta);
        QCOMPARE(etas, (std::set<double>{4.0, 12.0}));

        // The episode viewer replays a finished run's log: the editor shows the code before each
        // step with the suggestion as ghost text, and the visualizer gets the suggestion scored.
        std::int64_t baseRun = 0;  // base-5 always shows a suggestion
        for (const auto& r : panel.rows())
            if (r.policy == "base-5") baseRun = r.run_id;
        EpisodeViewer* viewer = panel.openEpisodeViewer(baseRun);
        QVERIFY(viewer);
        QVERIFY2(viewer->loaded(), qPrintable(viewer->loadError()));
        const auto run = *store::Workspace((tmp_.path() + "/workspace.sqlite").toStdString(), false).run(baseRun);
        const auto config = nlohmann::json::parse(run.config_json);
        const auto episodes = eval::read_episode_log(config.at("episodes_out").get<std::string>());
        QCOMPARE(episodes.size(), std::size_t(2));
        bool sawSuggestion = false;
        for (std::size_t i = 0; i < episodes[0].steps.size(); ++i) {
            viewer->showStep(static_cast<int>(i));
            QCOMPARE(viewer->editor()->text().toStdString(), eval::code_before_step(episodes[0], i));
            QCOMPARE(viewer->editor()->ghostText().toStdString(), episodes[0].steps[i].suggestion);
            if (!episodes[0].steps[i].suggestion.empty() && !sawSuggestion) {
                sawSuggestion = true;
                QSignalSpy scored(viewer, &EpisodeViewer::scored);
                QVERIFY(scored.wait(30000));
            }
        }
        QVERIFY(sawSuggestion);
        if (const QString shots = qEnvironmentVariable("EW_SCREENSHOT_DIR"); !shots.isEmpty()) {  // for checking by eye
            viewer->showStep(1);
            QSignalSpy scoredAgain(viewer, &EpisodeViewer::scored);
            scoredAgain.wait(10000);
            viewer->grab().save(shots + "/episode-viewer.png");
        }
        QVERIFY(viewer->stepDescription().contains("Round"));
        viewer->close();

        // A damaged log is reported, not a crash.
        const QString bad = tmp_.filePath("bad.jsonl");
        QFile f(bad);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("{\"problem\": 1}\n");
        f.close();
        EpisodeViewer broken(bad, tmp_.path() + "/model");
        QVERIFY(!broken.loaded());
        QVERIFY(broken.loadError().contains("line 1"));
    }

};

QTEST_MAIN(TestEvaluationPanel)
#include "test_evaluation_panel.moc"

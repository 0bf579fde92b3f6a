// The evaluation panel for real (offscreen): it launches one `empower eval` job per assistant
// (an η sweep of Empower plus Base-N), the jobs judge their episodes in the sandbox, and the panel
// reads the summaries (with standard errors) back from the workspace for its table and charts.
#include "evaluation_panel.h"
#include "support/resource_paths.h"
#include "support/tiny_model.h"

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
    }

};

QTEST_MAIN(TestEvaluationPanel)
#include "test_evaluation_panel.moc"

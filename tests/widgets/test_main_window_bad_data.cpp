// The real main window (offscreen) started on damaged files: each affected panel shows an error
// naming the file, the window stays up and the other panels keep working, and nothing on disk is
// changed — every file is hashed before and after. One case per kind of damage a user meets: a
// truncated workspace, random bytes named .sqlite, a workspace from a newer version, a study whose
// event rows are corrupt, a run folder whose metrics/progress files are garbage, and a model
// directory whose model.safetensors is truncated.
#include "code_editor.h"
#include "episode_viewer.h"
#include "evaluation_panel.h"
#include "main_window.h"
#include "message_bar.h"
#include "model_status.h"
#include "run_output_dialog.h"
#include "store/workspace.h"
#include "study/study_store.h"
#include "study_panel.h"
#include "support/resource_paths.h"
#include "support/tiny_model.h"
#include "training_panel.h"

#include <QCryptographicHash>
#include <QDirIterator>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QtTest>
#include <filesystem>
#include <limits>
#include <map>

using namespace ew;

namespace {

std::map<QString, QByteArray> hashes(const QString& dir) {
    std::map<QString, QByteArray> out;
    QDirIterator it(dir, QDir::Files | QDir::Hidden | QDir::System, QDirIterator::Subdirectories);
    while (it.hasNext()) {
        const QString path = it.next();
        QFile f(path);
        if (!f.open(QIODevice::ReadOnly)) continue;
        out[QDir(dir).relativeFilePath(path)] = QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256).toHex();
    }
    return out;
}

void writeBytes(const QString& path, const QByteArray& bytes) {
    QDir().mkpath(QFileInfo(path).path());
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Truncate));
    f.write(bytes);
}

QByteArray randomBytes(int n) {
    QByteArray b(n, '\0');
    for (auto& c : b) c = static_cast<char>(QRandomGenerator::global()->bounded(256));
    return b;
}

// A valid workspace with a study, a participant and an open session; returns the session id.
std::int64_t makeStudyWorkspace(const QString& path) {
    store::Workspace ws(path.toStdString(), true);
    study::StudyStore store(ws);
    store.create_study(study::StudyDesign::paper_default("pilot", {"lava-trap"}));
    return store.open_session(store.add_participant(*store.study("pilot")).id).id;
}

bool barShows(widgets::MessageBar* bar, const QString& needle) {
    return !bar->isHidden() && bar->text().contains(needle);
}

}  // namespace

class TestMainWindowBadData : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString model_;  // a good model, outside the hashed folders

    // Starts the window on `workspace` and `modelDir`, lets it settle, runs `check`, closes it, and
    // checks that no file under `dir` changed.
    template <class Check>
    void startAndCheck(const QString& dir, const QString& workspace, const QString& modelDir, Check check) {
        const auto before = hashes(dir);
        {
            const auto project = QString::fromStdString((projects_dir() / "lava-trap").string());
            widgets::MainWindow window(project, modelDir, nullptr, workspace);
            window.show();
            QSignalSpy loaded(window.modelStatus(), &widgets::ModelStatus::loaded);
            QSignalSpy failed(window.modelStatus(), &widgets::ModelStatus::failed);
            QTRY_VERIFY_WITH_TIMEOUT(!loaded.isEmpty() || !failed.isEmpty(), 30000);
            QTest::qWait(1200);  // a poll of each panel (training: 1 s, evaluation: 1.5 s)
            check(window);
            QVERIFY(window.isVisible());
            QVERIFY(window.currentEditor());  // the editor still works
        }
        QTest::qWait(50);
        const auto after = hashes(dir);
        for (const auto& [file, hash] : before) {
            QVERIFY2(after.count(file), qPrintable(file + " disappeared"));
            QVERIFY2(after.at(file) == hash, qPrintable(file + " changed"));
        }
        for (const auto& [file, hash] : after) QVERIFY2(before.count(file), qPrintable(file + " appeared"));
    }

    // The three workspace panels all say what is wrong with the file; the model still loads.
    void expectWorkspaceRefused(const QString& dir, const QString& ws, const QString& needle) {
        startAndCheck(dir, ws, model_, [&](widgets::MainWindow& w) {
            QVERIFY(w.modelStatus()->model());  // another part of the window, unaffected
            for (auto* bar : {w.studyPanel()->messageBar(), w.trainingPanel()->messageBar(), w.evaluationPanel()->messageBar()}) {
                QVERIFY2(barShows(bar, ws), qPrintable(bar->text()));
                QVERIFY2(bar->text().contains(needle), qPrintable(bar->text()));
            }
        });
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        model_ = tmp_.path() + "/good-model";
        testing::write_tiny_model_dir(model_.toStdString());
    }

    void truncatedWorkspace() {
        const QString dir = tmp_.path() + "/truncated", ws = dir + "/workspace.sqlite";
        QDir().mkpath(dir);
        makeStudyWorkspace(ws);
        const auto size = QFileInfo(ws).size();
        QVERIFY(QFile::resize(ws, size / 3));
        expectWorkspaceRefused(dir, ws, "not a usable workspace database");
    }

    void randomBytesNamedSqlite() {
        const QString dir = tmp_.path() + "/random", ws = dir + "/workspace.sqlite";
        writeBytes(ws, randomBytes(64 * 1024));
        expectWorkspaceRefused(dir, ws, "not a usable workspace database");
    }

    void newerSchema() {
        const QString dir = tmp_.path() + "/newer", ws = dir + "/workspace.sqlite";
        QDir().mkpath(dir);
        {
            store::Workspace w(ws.toStdString(), true);
            w.database().set_user_version(store::Workspace::kSchemaVersion + 1);
        }
        expectWorkspaceRefused(dir, ws, "newer than this program");
    }

    void corruptEventRows() {
        const QString dir = tmp_.path() + "/corrupt-log", ws = dir + "/workspace.sqlite";
        QDir().mkpath(dir);
        const auto session = makeStudyWorkspace(ws);
        {
            store::Workspace w(ws.toStdString(), false);
            using study::StudyEvent;
            namespace ev = study::event;
            const std::vector<StudyEvent> rows{
                {session, 1, 1.0, 99, 1, ev::kPhaseStarted, 0, "", 0, "{not json"},  // a phase the design lacks
                {session, 2, 2.0, 99, 7, ev::kTyped, 0, "ab\xff\xfe", 0, "\x01\x02"},
                {session, 3, 3.0, 99, 7, ev::kDeleted, std::numeric_limits<std::int64_t>::max(), "a", 0, ""},
                {session, 4, -5.0, -3, -1, "no-such-type", -7, "", -1, "[]"},
                {session, 5, 5.0, 99, 1, ev::kSuggestionAccepted, 1 << 30, "x", 42, "{\"full\": \"yes\"}"},
            };
            study::StudyStore(w).insert_events(rows);
        }
        startAndCheck(dir, ws, model_, [&](widgets::MainWindow& w) {
            auto* bar = w.studyPanel()->messageBar();
            QVERIFY2(barShows(bar, ws), qPrintable(bar->text()));
            // The other panels read the same (sound) file without complaint.
            QVERIFY2(w.trainingPanel()->messageBar()->isHidden(), qPrintable(w.trainingPanel()->messageBar()->text()));
            QVERIFY2(w.evaluationPanel()->messageBar()->isHidden(), qPrintable(w.evaluationPanel()->messageBar()->text()));
            // The next poll fails the same way, and says so again (it does not throw either).
            w.studyPanel()->refresh();
            QVERIFY2(barShows(bar, ws), qPrintable(bar->text()));
        });
    }

    void garbageRunFolder() {
        const QString dir = tmp_.path() + "/garbage-run", ws = dir + "/workspace.sqlite";
        QDir().mkpath(dir);
        std::int64_t trainRun = 0, evalRun = 0;
        {
            store::Workspace w(ws.toStdString(), true);
            trainRun = w.create_run("run-1", "train", "{\"run_name\": 12, \"epochs\": \"many\"", (dir + "/runs/run-1/model").toStdString());
            w.set_run_status(trainRun, "finished");
            evalRun = w.create_run("eval-1", "eval", "{\"episodes_out\": \"" + (dir + "/runs/eval-1/episodes.jsonl").toStdString() + "\"}",
                                   (dir + "/runs/eval-1").toStdString());
            w.set_run_status(evalRun, "finished");
        }
        for (const char* run : {"run-1", "eval-1"}) {
            writeBytes(dir + "/runs/" + run + "/run.json", randomBytes(3000));
            writeBytes(dir + "/runs/" + run + "/progress.jsonl", randomBytes(5000) + "\n{\"step\": \n");
            writeBytes(dir + "/runs/" + run + "/progress.jsonl.stderr", randomBytes(2000));
        }
        writeBytes(dir + "/runs/eval-1/episodes.jsonl", randomBytes(4000));
        startAndCheck(dir, ws, model_, [&](widgets::MainWindow& w) {
            QCOMPARE(w.trainingPanel()->runCount(), 1);  // the run is listed; its files are only read
            QVERIFY(w.trainingPanel()->messageBar()->isHidden());
            auto* output = w.trainingPanel()->openOutput(trainRun);
            QVERIFY(output);
            output->close();
            // The episode viewer opens on the garbage log and says what is wrong with which file.
            auto* viewer = w.evaluationPanel()->openEpisodeViewer(evalRun);
            QVERIFY(viewer);
            QVERIFY2(viewer->findChildren<QLabel*>().size() > 0, "no details label");
            bool named = false;
            for (auto* label : viewer->findChildren<QLabel*>()) named |= label->text().contains("episodes.jsonl");
            QVERIFY2(named, "the episode viewer does not name the garbage file");
            viewer->close();
        });
    }

    void truncatedSafetensors() {
        const QString dir = tmp_.path() + "/truncated-model", ws = dir + "/workspace.sqlite", modelDir = dir + "/model";
        QDir().mkpath(dir);
        makeStudyWorkspace(ws);
        testing::write_tiny_model_dir(modelDir.toStdString());
        const QString weights = modelDir + "/model.safetensors";
        QVERIFY(QFile::resize(weights, QFileInfo(weights).size() / 2));
        startAndCheck(dir, ws, modelDir, [&](widgets::MainWindow& w) {
            QVERIFY(!w.modelStatus()->model());
            QVERIFY2(w.statusBar()->currentMessage().contains("model.safetensors"), qPrintable(w.statusBar()->currentMessage()));
            QVERIFY(w.studyPanel()->messageBar()->isHidden());  // the study panel works
            QCOMPARE(w.studyPanel()->currentStudy(), QString("pilot"));
        });
    }
};

QTEST_MAIN(TestMainWindowBadData)
#include "test_main_window_bad_data.moc"

// The SQLite workspace: runs and metrics round-trip, an older schema upgrades in place with its
// data, a damaged or newer file is refused and left byte-for-byte untouched.
#include "store/workspace.h"
#include "support/error.h"
#include "support/file_io.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ew;
using namespace ew::store;
namespace fs = std::filesystem;

class TestWorkspace : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path path(const char* name) { return fs::path(tmp_.path().toStdString()) / name; }

private slots:
    void runsMetricsAndCheckpoints() {
        Workspace ws(path("ws.sqlite"));
        QCOMPARE(ws.schema_version(), Workspace::kSchemaVersion);
        const auto id = ws.create_run("empower-η8", "train", R"({"lr": 0.001})", "/tmp/out");
        QCOMPARE(ws.run(id)->status, std::string("queued"));
        ws.set_run_status(id, "running");
        ws.set_run_process(id, 4242, "host-a", "boot-1", 987654);
        ws.add_metrics(id, 1, {{"loss", 3.5}, {"lr", 1e-4}});
        ws.add_metrics(id, 2, {{"loss", 3.1}, {"lr", 2e-4}});
        ws.add_checkpoint(id, 2, "/tmp/out/checkpoint");
        auto r = *ws.run(id);
        QCOMPARE(r.status, std::string("running"));
        QCOMPARE(r.pid, std::int64_t(4242));
        QCOMPARE(r.host, std::string("host-a"));
        QCOMPARE(r.boot_id, std::string("boot-1"));
        QCOMPARE(r.start_ticks, std::int64_t(987654));
        QVERIFY(r.started_at > 0);
        QCOMPARE(r.config_json, std::string(R"({"lr": 0.001})"));
        QCOMPARE(ws.metrics(id).size(), std::size_t(4));
        auto loss = ws.metrics(id, "loss");
        QCOMPARE(loss.size(), std::size_t(2));
        QCOMPARE(loss[1].value, 3.1);
        QCOMPARE(ws.metrics(id, "loss", 1).size(), std::size_t(1));  // polling: only newer steps
        QCOMPARE(ws.checkpoints(id).size(), std::size_t(1));
        ws.record_run_model(id, {"likelihood", "/models/b", "fp32 weights, fp32 compute (avx2)"});
        ws.record_run_model(id, {"assistant", "/models/a", "fp32 weights, fp32 compute (avx2)"});
        ws.record_run_model(id, {"assistant", "/models/a", "bf16 weights, fp32 compute (avx2)"});  // resumed: replaces
        const auto models = ws.run_models(id);
        QCOMPARE(models.size(), std::size_t(2));
        QCOMPARE(models[0].role, std::string("assistant"));
        QCOMPARE(models[0].weights, std::string("bf16 weights, fp32 compute (avx2)"));
        QCOMPARE(models[1].path, std::string("/models/b"));
        ws.set_run_status(id, "failed", "out of memory");
        QCOMPARE(ws.run(id)->error, std::string("out of memory"));
        QVERIFY(ws.run(id)->finished_at > 0);
        // A second connection (the GUI while a child trains) sees the same data.
        Workspace reader(path("ws.sqlite"), false);
        QCOMPARE(reader.runs().size(), std::size_t(1));
        ws.delete_run(id);
        QVERIFY(!ws.run(id));
        QVERIFY(ws.metrics(id).empty());  // cascades
        QVERIFY(ws.run_models(id).empty());
    }

    void olderSchemaIsUpgradedInPlace() {
        {
            // A workspace as version 1 of the program wrote it.
            SqliteDatabase v1(path("old.sqlite"), true);
            v1.exec(R"(CREATE TABLE runs (id INTEGER PRIMARY KEY AUTOINCREMENT, name TEXT NOT NULL, kind TEXT NOT NULL,
                         status TEXT NOT NULL DEFAULT 'queued', config_json TEXT NOT NULL DEFAULT '{}', out_dir TEXT NOT NULL DEFAULT '',
                         error TEXT NOT NULL DEFAULT '', created_at REAL NOT NULL, started_at REAL, finished_at REAL);
                       CREATE TABLE metrics (run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE, step INTEGER NOT NULL,
                         name TEXT NOT NULL, value REAL NOT NULL, time REAL NOT NULL);
                       INSERT INTO runs(name, kind, status, created_at) VALUES('old run', 'train', 'finished', 1.0);
                       INSERT INTO metrics VALUES(1, 10, 'loss', 2.5, 1.0);
                       PRAGMA user_version = 1;)");
        }
        Workspace ws(path("old.sqlite"));
        QCOMPARE(ws.schema_version(), Workspace::kSchemaVersion);  // v1 upgraded through every migration
        auto runs = ws.runs();
        QCOMPARE(runs.size(), std::size_t(1));
        QCOMPARE(runs[0].name, std::string("old run"));
        QCOMPARE(runs[0].pid, std::int64_t(0));
        QCOMPARE(ws.metrics(runs[0].id, "loss")[0].value, 2.5);
        ws.add_checkpoint(runs[0].id, 10, "/x");  // the new table works
        QCOMPARE(ws.checkpoints(runs[0].id).size(), std::size_t(1));
        QVERIFY(ws.run_models(runs[0].id).empty());  // an old run recorded no models
        ws.record_run_model(runs[0].id, {"base", "/m", "fp32 weights"});
        QCOMPARE(ws.run_models(runs[0].id).size(), std::size_t(1));
    }

    void damagedFileIsRefusedAndUntouched() {
        const std::string garbage = "this is not a database, but it is somebody's file\n" + std::string(5000, 'x');
        write_file_atomic(path("garbage.sqlite"), garbage);
        try {
            Workspace ws(path("garbage.sqlite"));
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("garbage.sqlite"), e.what());
        }
        QCOMPARE(read_file(path("garbage.sqlite")), garbage);

        // A real database whose pages were damaged.
        {
            Workspace ws(path("damaged.sqlite"));
            for (int i = 0; i < 200; ++i) ws.create_run("r" + std::to_string(i), "train", std::string(200, 'c'), "");
        }
        fs::remove(path("damaged.sqlite-wal"));
        fs::remove(path("damaged.sqlite-shm"));
        auto bytes = read_file(path("damaged.sqlite"));
        // Page 2 (the runs table root): an invalid B-tree page header.
        for (std::size_t i = 4096; i < 4096 + 12 && i < bytes.size(); ++i) bytes[i] = static_cast<char>(0xA5);
        write_file_atomic(path("damaged.sqlite"), bytes);
        QVERIFY_THROWS_EXCEPTION(Error, Workspace(path("damaged.sqlite")));
        QCOMPARE(read_file(path("damaged.sqlite")), bytes);
    }

    void newerSchemaIsRefused() {
        {
            SqliteDatabase db(path("future.sqlite"), true);
            db.set_user_version(99);
        }
        try {
            Workspace ws(path("future.sqlite"));
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("newer"), e.what());
        }
    }

    void missingFileWithoutCreate() { QVERIFY_THROWS_EXCEPTION(Error, Workspace(path("absent.sqlite"), false)); }
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "test_workspace.moc"

// kill -9 loses no acknowledged event: a real child process appends events continuously and
// reports each durable sequence number; the test kills it with SIGKILL at random moments, many
// times over the same session, and checks after each kill that every reported event is in the
// database, intact, in an unbroken sequence, and that the next process continues the sequence.
// A full disk loses no acknowledged event either: a child whose files may not grow past a few
// pages (RLIMIT_FSIZE) fills the workspace and the unsaved-events file; every event it was told
// is durable must be in one of them, and the loss of the rest must be reported, not hidden.
#include "store/workspace.h"
#include "study/event_log.h"
#include "study/study_store.h"
#include "study/unsaved_events_file.h"
#include "support/error.h"

#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QRandomGenerator>
#include <QTemporaryDir>
#include <QtTest>
#include <csignal>
#include <map>

using namespace ew;
using namespace ew::study;

class TestEventLogDurability : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    // A fresh workspace per caller: each test's file is its own.
    std::pair<std::filesystem::path, std::int64_t> make_session(const QString& name) {
        const std::filesystem::path db = tmp_.filePath(name).toStdString();
        store::Workspace ws(db, true);
        StudyStore store(ws);
        store.create_study(StudyDesign::paper_default("durability", {"lava"}));
        const auto p = store.add_participant(*store.study("durability"));
        return {db, store.open_session(p.id).id};
    }

private slots:
    void inProcessAppendFlushAndReopen() {
        const std::filesystem::path db = tmp_.filePath("inproc.sqlite").toStdString();
        std::int64_t session;
        {
            store::Workspace ws(db, true);
            StudyStore store(ws);
            store.create_study(StudyDesign::paper_default("s", {"lava"}));
            session = store.open_session(store.add_participant(*store.study("s")).id).id;
        }
        {
            EventLog log(db, session);
            for (int i = 0; i < 500; ++i) log.append({0, 0, 0, 0, 1, event::kTyped, i, "a", 0, ""});
            QVERIFY(log.flush());
            QCOMPARE(log.durable_seq(), std::int64_t(500));
            QVERIFY(log.last_error().empty());
            log.append({0, 0, 0, 0, 1, event::kCaret, 3, "", 0, ""});
        }  // the destructor commits the last event
        EventLog again(db, session);
        QCOMPARE(again.durable_seq(), std::int64_t(501));
        QCOMPARE(again.append({0, 0, 0, 0, 1, event::kTick, -1, "", 0, ""}), std::int64_t(502));
        bool refused = false;
        try {
            EventLog no_such_session(db, 999);
        } catch (const Error&) {
            refused = true;
        }
        QVERIFY(refused);
    }

    void killNineLosesNoAcknowledgedEvent() {
        const auto [db, session] = make_session("kill9.sqlite");
        std::int64_t previous_rows = 0;
        const int rounds = 12;
        for (int round = 0; round < rounds; ++round) {
            QProcess child;
            child.start(EW_EVENT_LOG_WRITER, {QString::fromStdString(db.string()), QString::number(session)});
            QVERIFY(child.waitForStarted());
            QVERIFY(child.waitForReadyRead(20000));
            // Let it write for a random time, then kill it without warning.
            QTest::qWait(30 + QRandomGenerator::global()->bounded(300));
            ::kill(static_cast<pid_t>(child.processId()), SIGKILL);
            QVERIFY(child.waitForFinished(20000));
            QCOMPARE(child.exitStatus(), QProcess::CrashExit);
            std::int64_t acknowledged = 0;
            for (const auto& line : child.readAllStandardOutput().split('\n'))
                if (line.startsWith("durable ")) acknowledged = std::max<std::int64_t>(acknowledged, line.mid(8).toLongLong());
            QVERIFY2(acknowledged > previous_rows, "the child made no progress before the kill");

            store::Workspace ws(db, false);  // refuses a damaged file: opening is itself a check
            std::string integrity;
            ws.database().query("PRAGMA integrity_check", {}, [&](sqlite3_stmt* s) { integrity = store::SqliteDatabase::column_text(s, 0); });
            QCOMPARE(integrity, std::string("ok"));
            StudyStore store(ws);
            const auto events = store.events(session);
            QVERIFY2(static_cast<std::int64_t>(events.size()) >= acknowledged,
                     qPrintable(QString("round %1: %2 rows, %3 acknowledged").arg(round).arg(events.size()).arg(acknowledged)));
            for (std::size_t i = 0; i < events.size(); ++i) {
                QCOMPARE(events[i].seq, static_cast<std::int64_t>(i + 1));
                QCOMPARE(events[i].text, "x" + std::to_string(i + 1));
                QCOMPARE(events[i].payload, std::string(R"({"stress":true})"));
            }
            qInfo("round %d: %lld acknowledged, %zu stored (%lld committed but unacknowledged at the kill)", round,
                  static_cast<long long>(acknowledged), events.size(), static_cast<long long>(events.size()) - acknowledged);
            previous_rows = static_cast<std::int64_t>(events.size());
        }
    }

    void fullDiskAcknowledgesOnlyWhatIsOnDisk() {
        const auto [db, session] = make_session("full-disk.sqlite");
        // Room for a few dozen commits in the WAL and a couple of thousand lines in the fallback
        // file: the burst that follows cannot fit anywhere.
        const auto limit = std::filesystem::file_size(db) + 48 * 1024;
        QProcess child;
        child.start(EW_EVENT_LOG_WRITER, {QString::fromStdString(db.string()), QString::number(session), "--fsize",
                                          QString::number(limit)});
        QVERIFY(child.waitForStarted());
        QVERIFY2(child.waitForFinished(300000), "the child did not finish");
        const QString err = QString::fromUtf8(child.readAllStandardError());
        QVERIFY2(child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0,
                 qPrintable(QString("the child died (exit %1): %2").arg(child.exitCode()).arg(err)));

        std::int64_t acknowledged = 0, closed_durable = -1, appended = 0;
        QString error;
        for (const auto& line : child.readAllStandardOutput().split('\n')) {
            if (line.startsWith("durable ")) {
                const auto seq = line.mid(8).toLongLong();
                QVERIFY2(seq >= acknowledged, "durable_seq went backwards");
                acknowledged = seq;
            } else if (line.startsWith("closed ")) {
                const auto parts = line.mid(7).split(' ');
                closed_durable = parts.at(0).toLongLong();
                appended = parts.at(1).toLongLong();
            } else if (line.startsWith("error ")) {
                error = QString::fromUtf8(line.mid(6));
            }
        }
        QVERIFY2(closed_durable >= acknowledged, "close() lowered durable_seq");
        acknowledged = closed_durable;

        // What is on disk: the workspace's rows (read without any limit) and the fallback's lines.
        std::map<std::int64_t, std::string> on_disk;
        std::size_t in_database = 0, in_fallback = 0;
        {
            store::Workspace ws(db, false);
            for (const auto& e : StudyStore(ws).events(session)) {
                on_disk[e.seq] = e.text;
                ++in_database;
            }
        }
        QFile fallback(QString::fromStdString(unsaved_events_path(db, session).string()));
        if (fallback.open(QIODevice::ReadOnly)) {
            const QByteArray bytes = fallback.readAll();
            QVERIFY2(bytes.isEmpty() || bytes.endsWith('\n'), "the unsaved-events file ends in a torn line");
            for (const auto& line : bytes.split('\n')) {
                if (line.isEmpty()) continue;
                const auto o = QJsonDocument::fromJson(line).object();
                QVERIFY2(!o.isEmpty(), "a line of the unsaved-events file is not JSON");
                on_disk[o["seq"].toInteger()] = o["text"].toString().toStdString();
                ++in_fallback;
            }
        }
        qInfo("file size limit %llu bytes: %lld appended, %lld acknowledged; %zu rows in the workspace, %zu lines in %s",
              static_cast<unsigned long long>(limit), static_cast<long long>(appended), static_cast<long long>(acknowledged),
              in_database, in_fallback, qPrintable(fallback.fileName()));
        qInfo("reported: %s", qPrintable(error));

        // The three paths were all taken: commits, the fallback file, and a loss that is reported.
        QVERIFY(in_database > 0);
        QVERIFY(in_fallback > 0);
        QVERIFY2(acknowledged < appended, "more events were acknowledged than could fit on this disk");
        QVERIFY2(error.contains("not saved"), qPrintable(error));
        QVERIFY2(err.contains("were not saved"), qPrintable(err));  // the destructor says so too
        for (std::int64_t seq = 1; seq <= acknowledged; ++seq) {
            const auto it = on_disk.find(seq);
            QVERIFY2(it != on_disk.end(), qPrintable(QString("event %1 was acknowledged but is not on disk").arg(seq)));
            QCOMPARE(it->second, "x" + std::to_string(seq));
        }
    }
};

QTEST_GUILESS_MAIN(TestEventLogDurability)
#include "test_event_log_durability.moc"

// tab_frontend import of hostile numbers: caret indices, deletion counts, timestamps, slot names
// and ranks that atoll / stoll / sscanf("%d") read with overflow, wrap-around or trailing junk
// are refused with the file and line, and never reach the caret arithmetic.
// (The happy path is in test_study_report's importsTabFrontendLogs.)
#include "store/workspace.h"
#include "study/study_store.h"
#include "study/tab_frontend_import.h"
#include "support/error.h"
#include "support/file_io.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ew;
using namespace ew::study;
namespace fs = std::filesystem;

class TestTabFrontendImport : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    int counter_ = 0;
    fs::path path(const std::string& name) { return fs::path(tmp_.path().toStdString()) / name; }

    // One participant folder whose assistant_1 log has `lines` after a snapshot "abcdef" (caret 6).
    fs::path participant(const std::string& lines,
                         const std::string& mapping = R"({"Assistant 1": "eta4", "Assistant 2": "base20"})") {
        const auto folder = path("p" + std::to_string(counter_++));
        fs::create_directories(folder / "assistant_1");
        fs::create_directories(folder / "assistant_2");
        write_file_atomic(folder / "mapping_do_not_read.json", mapping);
        write_file_atomic(folder / "assistant_1" / "lava_log.csv",
                          "timestamp\taction_type\taction_info\tcaret_index\n"
                          "2025-01-01T10:30:00.000Z\tcurrent_code\tabcdef\t6\n" + lines);
        write_file_atomic(folder / "assistant_2" / "lava_log.csv",
                          "timestamp\taction_type\taction_info\tcaret_index\n2025-01-01T10:45:00Z\tcharacter_typed\tq\t1\n");
        return folder;
    }
    // Text of the assistant_1 session's deletions and typed events, in order.
    static std::vector<std::string> edits(store::Workspace& ws, std::int64_t study_id) {
        StudyStore store(ws);
        std::vector<std::string> out;
        for (const auto& p : store.participants(study_id))
            for (const auto& s : store.sessions(p.id))
                for (const auto& e : store.events(s.id))
                    if (e.slot == 1 && (e.type == event::kDeleted || e.type == event::kTyped)) out.push_back(e.type + ":" + e.text);
        return out;
    }
    static bool any_warning(const TabFrontendImportResult& r, const std::string& fragment) {
        for (const auto& w : r.warnings)
            if (w.find(fragment) != std::string::npos) return true;
        return false;
    }

private slots:
    void hostileNumbersInLogLinesAreSkippedWithTheirLine() {
        // Line 3: a deletion count past int64 (atoll gave LLONG_MAX; caret + count overflowed, so
        // the bounds check passed and the rest of the document was deleted). Line 4: a caret with
        // trailing junk (stoll read 2). Line 5: a caret at INT64_MIN (caret - 1 overflowed).
        // Line 6: an hour of 99 (sscanf took it). Line 7: a year past int (sscanf overflow).
        // Line 8: a sound deletion, which must still apply.
        const auto folder = participant("2025-01-01T10:30:01.000Z\tdeletion\t99999999999999999999\t3\n"
                                        "2025-01-01T10:30:02.000Z\tcharacter_typed\tx\t2abc\n"
                                        "2025-01-01T10:30:03.000Z\tcharacter_typed\ty\t-9223372036854775808\n"
                                        "2025-01-01T99:30:04.000Z\tcharacter_typed\tz\t1\n"
                                        "99999999999-01-01T10:30:05.000Z\tcharacter_typed\tw\t1\n"
                                        "2025-01-01T10:30:06.000Z\tdeletion\t2\t4\n");
        store::Workspace ws(path("a.sqlite"), true);
        const auto result = import_tab_frontend(ws, {"s", {folder}, {}});
        QCOMPARE(result.skipped_lines, 5L);
        const std::string log = (folder / "assistant_1" / "lava_log.csv").string();
        QVERIFY(any_warning(result, log + ":3: deletion count \"99999999999999999999\" is not an integer in 0..2147483647"));
        QVERIFY(any_warning(result, log + ":4: not a tab_frontend log line (the caret index is not an integer in int32 range)"));
        QVERIFY(any_warning(result, log + ":5: not a tab_frontend log line (the caret index is not an integer in int32 range)"));
        QVERIFY(any_warning(result, log + ":6: not a tab_frontend log line"));
        QVERIFY(any_warning(result, log + ":7: not a tab_frontend log line"));
        QCOMPARE(edits(ws, result.study_id), std::vector<std::string>{std::string(event::kDeleted) + ":ef"});
    }
    void hostileRanksAreErrorsNamingTheLine_data() {
        QTest::addColumn<QString>("rank");
        QTest::newRow("overflows int") << "99999999999";
        QTest::newRow("trailing junk") << "1st";
        QTest::newRow("beyond the assistants") << "3";
        QTest::newRow("zero") << "0";
        QTest::newRow("leading blank") << " 1";
    }
    void hostileRanksAreErrorsNamingTheLine() {
        QFETCH(QString, rank);
        const auto folder = participant("");
        const auto csv = path("rankings" + std::to_string(counter_++) + ".csv");
        write_file_atomic(csv, "participant,item,Assistant 1,Assistant 2\n" + folder.filename().string() + ",enjoyment,2,1\n" +
                                   folder.filename().string() + ",deletions,1," + rank.toStdString() + "\n");
        store::Workspace ws(path("r" + std::to_string(counter_++) + ".sqlite"), true);
        try {
            import_tab_frontend(ws, {"s", {folder}, csv});
            QFAIL("imported a rank that is not 1 or 2");
        } catch (const Error& e) {
            const std::string want = csv.string() + ": line 3: rank \"" + rank.toStdString() + "\" is not an integer in 1..2";
            QVERIFY2(std::string(e.what()) == want, e.what());
        }
        QVERIFY(!StudyStore(ws).study("s"));  // all or nothing
    }
    void slotNumbersAreBounded() {
        // sscanf("Assistant %d") overflowed on this key; now it is an error naming the file.
        const auto folder = participant("", R"({"Assistant 1": "eta4", "Assistant 99999999999": "base20"})");
        store::Workspace ws(path("m.sqlite"), true);
        try {
            import_tab_frontend(ws, {"s", {folder}, {}});
            QFAIL("imported an overflowing slot number");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("mapping_do_not_read.json: \"Assistant 99999999999\" is not \"Assistant <N>\" with N in 1..999"),
                     e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestTabFrontendImport)
#include "test_tab_frontend_import.moc"

// tab_frontend import of hostile numbers: caret indices, deletion counts, timestamps, slot names
// and ranks that atoll / stoll / sscanf("%d") read with overflow, wrap-around or trailing junk
// are refused with the file and line, and never reach the caret arithmetic. Arms come from the
// mapping's obfuscatedDirName, as the editor writes it; whatever is not imported, or is applied
// where the log did not say, is a counted warning or a line in the summary.
// (The happy path is in test_study_report's importsTabFrontendLogs.)
#include "store/workspace.h"
#include "study/study_store.h"
#include "study/study_report.h"
#include "study/tab_frontend_import.h"
#include "support/error.h"
#include "support/file_io.h"

#include <QTemporaryDir>
#include <algorithm>
#include <map>
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
    // A participant folder laid out by `mapping`, with one log per folder in `logs` (folder -> lines).
    fs::path mapped_participant(const std::string& mapping, const std::map<std::string, std::string>& logs) {
        const auto folder = path("m" + std::to_string(counter_++));
        fs::create_directories(folder);
        write_file_atomic(folder / "mapping_do_not_read.json", mapping);
        for (const auto& [dir, lines] : logs) {
            fs::create_directories(folder / dir);
            write_file_atomic(folder / dir / "lava_log.csv", "timestamp\taction_type\taction_info\tcaret_index\n" + lines);
        }
        return folder;
    }
    // Typed text per slot, and the arm name in each slot, of the study's only participant.
    static std::map<int, std::string> typed_by_arm(store::Workspace& ws, std::int64_t study_id) {
        StudyStore store(ws);
        const auto study = store.study(study_id);
        std::map<int, std::string> typed;
        for (const auto& p : store.participants(study_id))
            for (const auto& s : store.sessions(p.id))
                for (const auto& e : store.events(s.id))
                    if (e.type == event::kTyped) typed[e.slot] += e.text;
        std::map<int, std::string> out;
        const auto participant = store.participants(study_id).at(0);
        for (const auto& [slot, text] : typed)
            out[slot] = (slot == 0 ? std::string("none") : study->design.arms.at(static_cast<std::size_t>(participant.arm_order.at(slot - 1))).name) +
                        ":" + text;
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
    // The editor names each assistant's folder in the mapping; here folder "assistant_1" holds
    // Assistant 2's logs. Reading folders by their names (as before) swapped the two arms.
    void armsFollowTheMappingsFolders() {
        const auto folder = mapped_participant(
            R"({"Assistant 1": {"actualName": "eta4", "obfuscatedDirName": "zq81"},
                "Assistant 2": {"actualName": "base20", "obfuscatedDirName": "assistant_1"}})",
            {{"zq81", "2025-01-01T10:30:00Z\tcharacter_typed\ta\t1\n"},
             {"assistant_1", "2025-01-01T10:45:00Z\tcharacter_typed\tb\t1\n"},
             {"no_assistant", "2025-01-01T10:00:00Z\tcharacter_typed\tc\t1\n"}});
        store::Workspace ws(path("map.sqlite"), true);
        const auto result = import_tab_frontend(ws, {"s", {folder}, {}});
        QVERIFY(result.warnings.empty());
        QCOMPARE(typed_by_arm(ws, result.study_id), (std::map<int, std::string>{{0, "none:c"}, {1, "eta4:a"}, {2, "base20:b"}}));
    }
    void foldersAndEntriesThatDisagreeAreErrorsUnlessLenient() {
        const std::string mapping = R"({"Assistant 1": {"actualName": "eta4", "obfuscatedDirName": "x1"},
                                        "Assistant 2": {"actualName": "base20", "obfuscatedDirName": "x2"}})";
        const std::string line = "2025-01-01T10:30:00Z\tcharacter_typed\ta\t1\n";
        const auto stray = mapped_participant(mapping, {{"x1", line}, {"x2", line}, {"assistant_3", line}});
        const auto missing = mapped_participant(mapping, {{"x1", line}});
        for (const auto& [folder, fragment] : {std::pair{stray, std::string("folder \"assistant_3\" is named by no entry of the mapping (its folders: x1, x2)")},
                                               std::pair{missing, std::string("\"Assistant 2\" (base20) names the folder \"x2\", which is not in ")}}) {
            store::Workspace ws(path("mm" + std::to_string(counter_++) + ".sqlite"), true);
            try {
                import_tab_frontend(ws, {"s", {folder}, {}});
                QFAIL("imported a folder that disagrees with its mapping");
            } catch (const Error& e) {
                QVERIFY2(QString(e.what()).contains(QString::fromStdString(fragment)) && QString(e.what()).contains("--lenient"), e.what());
            }
            QVERIFY(!StudyStore(ws).study("s"));
            const auto lenient = import_tab_frontend(ws, {"s", {folder}, {}, true});
            QCOMPARE(lenient.warning_counts.at("mapping mismatch"), 1L);
            QVERIFY(any_warning(lenient, fragment));
        }
        store::Workspace ws(path("mm-stray.sqlite"), true);
        const auto r = import_tab_frontend(ws, {"s", {stray}, {}, true});
        QCOMPARE(r.not_imported, std::vector<std::string>{(stray / "assistant_3").string() + ": named by no mapping entry; left out"});
        QCOMPARE(typed_by_arm(ws, r.study_id), (std::map<int, std::string>{{1, "eta4:a"}, {2, "base20:a"}}));
    }
    void nothingIsLeftOutWithoutALine() {
        const auto folder = participant("2025-01-01T10:30:01Z\tcharacter_typed\tq\t999\n"   // line 3: caret past the end
                                        "2025-01-01T10:30:02Z\tdeletion\t1\t50\n"          // line 4: deletion past the end
                                        "2025-01-01T10:30:03Z\tcurrent_code\tabc\t3\n"     // resynchronised
                                        "2025-01-01T10:30:04Z\tcharacter_typed\td\t4\n");  // line 6: fits again
        write_file_atomic(folder / "assistant_1" / "notes.txt", "x");
        write_file_atomic(folder / "assistant_2" / "scratchpad_log.csv", "timestamp\taction_type\taction_info\tcaret_index\n");
        write_file_atomic(folder / "README", "x");
        store::Workspace ws(path("left.sqlite"), true);
        const auto r = import_tab_frontend(ws, {"s", {folder}, {}});
        const std::string log = (folder / "assistant_1" / "lava_log.csv").string();
        QCOMPARE(r.warning_counts.at("caret out of range"), 2L);
        QVERIFY(any_warning(r, log + ":3: character_typed at caret 998 outside the reconstructed document of 6 UTF-16 units; applied at its end"));
        QVERIFY(any_warning(r, log + ":4: deletion of 1 at caret 50 does not fit the reconstructed document of 7 UTF-16 units; skipped"));
        QCOMPARE(r.warning_counts.at("scratchpad not imported"), 1L);
        QCOMPARE(r.warning_counts.size(), std::size_t(2));
        const std::vector<std::string> expected{(folder / "README").string() + ": not a log folder; not read",
                                                (folder / "assistant_1" / "notes.txt").string() + ": not a <problem>_log.csv file; not read",
                                                (folder / "assistant_2" / "scratchpad_log.csv").string() + ": scratchpad log; not imported"};
        auto listed = r.not_imported;
        std::sort(listed.begin(), listed.end());
        auto want = expected;
        std::sort(want.begin(), want.end());
        QCOMPARE(listed, want);
        QCOMPARE(edits(ws, r.study_id), (std::vector<std::string>{std::string(event::kTyped) + ":q", std::string(event::kTyped) + ":d"}));
    }
    // Scratchpads as the researcher chooses: skipped (the default, above) or counted toward the
    // assistant whose folder holds them, marked as scratchpad sessions, as the paper's script counts them.
    void scratchpadsCountedWhenAsked() {
        const auto folder = participant("2025-01-01T10:30:01Z\tcharacter_typed\tg\t7\n");
        write_file_atomic(folder / "assistant_2" / "scratchpad_log.csv",
                          "timestamp\taction_type\taction_info\tcaret_index\n"
                          "2025-01-01T10:50:00Z\tcharacter_typed\tz\t1\n"
                          "2025-01-01T10:50:01Z\tproposed_suggestion\t = 1\t1\n"
                          "2025-01-01T10:50:02Z\taccepted_suggestion\t = 1\t5\n");
        store::Workspace skipped_ws(path("pad-skip.sqlite"), true);
        const auto skipped = import_tab_frontend(skipped_ws, {"s", {folder}, {}});
        QCOMPARE(skipped.warning_counts.at("scratchpad not imported"), 1L);
        QCOMPARE(typed_by_arm(skipped_ws, skipped.study_id), (std::map<int, std::string>{{1, "eta4:g"}, {2, "base20:q"}}));

        store::Workspace ws(path("pad-count.sqlite"), true);
        TabFrontendImport request{"s", {folder}, {}};
        request.count_scratchpads = true;
        const auto r = import_tab_frontend(ws, request);
        QVERIFY(!r.warning_counts.count("scratchpad not imported"));
        QVERIFY(r.not_imported.empty());
        QCOMPARE(r.scratchpads_counted, std::vector<std::string>{(folder / "assistant_2" / "scratchpad_log.csv").string() +
                                                                  ": imported as a session of Assistant 2, counted in its figures"});
        QCOMPARE(typed_by_arm(ws, r.study_id), (std::map<int, std::string>{{1, "eta4:g"}, {2, "base20:qz"}}));
        StudyStore store(ws);
        const auto participant_id = store.participants(r.study_id).at(0).id;
        int marked = 0, accepted_in_slot2 = 0;
        for (const auto& session : store.sessions(participant_id))
            for (const auto& e : store.events(session.id)) {
                if (e.type == event::kPhaseStarted && e.payload.find("scratchpad") != std::string::npos) ++marked;
                if (e.type == event::kSuggestionAccepted && e.slot == 2) ++accepted_in_slot2;
            }
        QCOMPARE(marked, 1);
        QCOMPARE(accepted_in_slot2, 1);
        // The participant's problem is still the problems' one, not "scratchpad".
        QCOMPARE(store.participants(r.study_id).at(0).problem, std::string("lava"));
        // A folder with nothing but a scratchpad is not a participant's study data.
        const auto only_pad = mapped_participant(R"({"Assistant 1": "eta4", "Assistant 2": "base20"})", {});
        fs::create_directories(only_pad / "assistant_1");
        fs::create_directories(only_pad / "assistant_2");
        write_file_atomic(only_pad / "assistant_1" / "scratchpad_log.csv",
                          "timestamp\taction_type\taction_info\tcaret_index\n2025-01-01T10:50:00Z\tcharacter_typed\tz\t1\n");
        store::Workspace pad_ws(path("pad-only.sqlite"), true);
        TabFrontendImport only{"s", {only_pad}, {}};
        only.count_scratchpads = true;
        try {
            import_tab_frontend(pad_ws, only);
            QFAIL("a folder of scratchpads only was imported");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("only scratchpad logs") != std::string::npos, e.what());
        }
    }

    // Offsets are honoured, impossible dates refused with the line, backwards time said.
    void timestampsAreISO8601() {
        const auto folder = participant("2025-01-01T12:30:01+02:00\tcharacter_typed\tq\t7\n"   // 10:30:01Z: fine
                                        "2025-02-30T10:30:02Z\tcharacter_typed\tr\t8\n"        // no February 30th
                                        "2025-13-45T27:61:99.999Z\tcharacter_typed\ts\t8\n"    // nothing valid
                                        "2025-01-01T10:30:00.500-0000\tcharacter_typed\tt\t8\n" // earlier than line 3
                                        "2024-02-29T10:30:04Z\tcharacter_typed\tu\t9\n");      // a leap day (and backwards)
        store::Workspace ws(path("time.sqlite"), true);
        const auto r = import_tab_frontend(ws, {"s", {folder}, {}});
        const std::string log = (folder / "assistant_1" / "lava_log.csv").string();
        QVERIFY(any_warning(r, log + ":4: not a tab_frontend log line (the timestamp \"2025-02-30T10:30:02Z\" is not an ISO 8601 date-time that exists)"));
        QVERIFY(any_warning(r, log + ":5: not a tab_frontend log line (the timestamp \"2025-13-45T27:61:99.999Z\""));
        QVERIFY(any_warning(r, log + ":6: timestamp 2025-01-01T10:30:00.500-0000 is earlier than the line before"));
        QVERIFY(any_warning(r, log + ":7: timestamp 2024-02-29T10:30:04Z is earlier than the line before"));
        QCOMPARE(r.warning_counts.at("time runs backwards"), 2L);
        QCOMPARE(r.warning_counts.at("malformed line"), 2L);
        StudyStore store(ws);
        std::vector<double> typed_times;
        for (const auto& p : store.participants(r.study_id))
            for (const auto& s : store.sessions(p.id))
                for (const auto& e : store.events(s.id))
                    if (e.type == event::kTyped && e.slot == 1) typed_times.push_back(e.wall_time);
        QCOMPARE(typed_times.size(), std::size_t(3));
        QCOMPARE(typed_times[0], 1735727401.0);  // 2025-01-01T10:30:01Z: the +02:00 offset applied
        QCOMPARE(typed_times[1], 1735727400.5);
    }
    // A ranking row must be a permutation of 1..k: a tie was a vote for whichever column came first.
    void rankingsAreStrict() {
        const auto folder = participant("");
        const std::string p = folder.filename().string();
        auto import_rankings = [&](const std::string& rows, bool abstain) {
            const auto csv = path("rk" + std::to_string(counter_++) + ".csv");
            write_file_atomic(csv, "participant,item,Assistant 1,Assistant 2\n" + rows);
            store::Workspace ws(path("rk" + std::to_string(counter_++) + ".sqlite"), true);
            TabFrontendImport request{"s", {folder}, csv};
            request.ties_abstain = abstain;
            return std::make_pair(csv.string(), import_tab_frontend(ws, request));
        };
        auto error_of = [&](const std::string& rows) -> std::string {
            try {
                import_rankings(rows, false);
            } catch (const Error& e) {
                return e.what();
            }
            return "";
        };
        QVERIFY2(error_of(p + ",enjoyment,1,1\n").find(":3") == std::string::npos &&
                     error_of(p + ",enjoyment,1,1\n").find("line 2: ranks {\"1\":1,\"2\":1} give two assistants the same rank") != std::string::npos,
                 error_of(p + ",enjoyment,1,1\n").c_str());
        const auto [csv, abstained] = import_rankings(p + ",enjoyment,1,1\n" + p + ",deletions,2,1\n", true);
        QCOMPARE(abstained.warning_counts.at("tie (abstention)"), 1L);
        QVERIFY(any_warning(abstained, csv + ":2: ranks {\"1\":1,\"2\":1} tie; counted as no answer"));
        QVERIFY2(error_of(p + ",enjoyment,1,2\n" + p + ",enjoyment,2,1\n").find("line 3 ranks \"enjoyment\" for " + p + " differently from line 2") !=
                     std::string::npos,
                 "conflicting duplicate rows");
        const auto [csv2, repeated] = import_rankings(p + ",enjoyment,1,2\n" + p + ",enjoyment,1,2\n" + p + ",fun,1,2\n", false);
        QCOMPARE(repeated.warning_counts.at("duplicate ranking row"), 1L);
        QCOMPARE(repeated.warning_counts.at("unknown ranking item"), 1L);
        QVERIFY(any_warning(repeated, csv2 + ":4: item \"fun\" is not a ranking question of the study; not imported"));
        const auto csv3 = path("dup-header.csv");
        write_file_atomic(csv3, "participant,item,Assistant 1,Assistant 1\n" + p + ",enjoyment,1,2\n");
        store::Workspace ws(path("dup-header.sqlite"), true);
        try {
            import_tab_frontend(ws, {"s", {folder}, csv3});
            QFAIL("a header naming an assistant twice was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("the header names \"Assistant 1\" twice"), e.what());
        }
    }
    // Carets and deletion counts are UTF-16 units: an emoji is two of them. Read as code points,
    // every later position shifted and the Backspace over the emoji also took the "b".
    void caretsAreUtf16Units() {
        const auto folder = mapped_participant(
            R"({"Assistant 1": "eta4", "Assistant 2": "base20"})",
            {{"assistant_1", "2025-01-01T10:30:00Z\tcurrent_code\ta\xF0\x9F\x98\x80" "b\t4\n"
                             "2025-01-01T10:30:01Z\tcharacter_typed\tx\t5\n"
                             "2025-01-01T10:30:02Z\tdeletion\t2\t1\n"
                             "2025-01-01T10:30:03Z\tcharacter_typed\ty\t4\n"},
             {"assistant_2", "2025-01-01T10:45:00Z\tcharacter_typed\tq\t1\n"}});
        store::Workspace ws(path("utf16.sqlite"), true);
        const auto r = import_tab_frontend(ws, {"s", {folder}, {}});
        QVERIFY2(r.warnings.empty(), r.warnings.empty() ? "" : r.warnings.front().c_str());
        QCOMPARE(edits(ws, r.study_id), (std::vector<std::string>{std::string(event::kTyped) + ":x", std::string(event::kDeleted) + ":\xF0\x9F\x98\x80",
                                                                  std::string(event::kTyped) + ":y"}));
    }
    // An accept whose text is not the proposal is a partial accept; invalid UTF-8 is replaced, said.
    void partialAcceptsAndInvalidUtf8AreRecorded() {
        const auto folder = participant("2025-01-01T10:30:01Z\tproposed_suggestion\tghij\t6\n"
                                        "2025-01-01T10:30:02Z\taccepted_suggestion\tgh\t8\n"           // part of it
                                        "2025-01-01T10:30:03Z\tproposed_suggestion\tkl\t8\n"
                                        "2025-01-01T10:30:04Z\taccepted_suggestion\tkl\t10\n"          // all of it
                                        "2025-01-01T10:30:05Z\tcharacter_typed\t\xFF\t11\n");          // not UTF-8
        store::Workspace ws(path("partial.sqlite"), true);
        const auto r = import_tab_frontend(ws, {"s", {folder}, {}});
        QCOMPARE(r.warning_counts.at("invalid UTF-8"), 1L);
        QVERIFY(any_warning(r, (folder / "assistant_1" / "lava_log.csv").string() + ":7: bytes that are not UTF-8 read as U+FFFD"));
        StudyStore store(ws);
        std::vector<std::string> accepts, typed;
        for (const auto& p : store.participants(r.study_id))
            for (const auto& s : store.sessions(p.id))
                for (const auto& e : store.events(s.id)) {
                    if (e.type == event::kSuggestionAccepted) accepts.push_back(e.text + " " + e.payload);
                    if (e.type == event::kTyped && e.slot == 1) typed.push_back(e.text);
                }
        QCOMPARE(accepts, (std::vector<std::string>{R"(gh {"full":false})", R"(kl {"full":true})"}));
        QCOMPARE(typed, std::vector<std::string>{"\xEF\xBF\xBD"});
        store.unblind(r.study_id);
        const auto report = compute_study_report(store, *store.study(r.study_id));
        QCOMPARE(report.groups[0].accepted_partial + report.groups[1].accepted_partial, 1L);
    }
    // Importing a folder twice would count its participant twice: the same bytes (wherever they
    // lie) or the same folder name are refused, and --replace imports the folder in its place.
    void aFolderIsImportedOnce() {
        store::Workspace ws(path("once.sqlite"), true);
        StudyStore store(ws);
        const auto folder = participant("2025-01-01T10:30:01Z\tcharacter_typed\tx\t7\n");
        const auto first = import_tab_frontend(ws, {"s", {folder}, {}});
        const std::string code = first.participants.at(0).second;
        auto refusal = [&](const TabFrontendImport& request) -> std::string {
            try {
                import_tab_frontend(ws, request);
            } catch (const AlreadyImported& e) {
                return e.what();
            }
            return "";
        };
        const std::string same = refusal({"s", {folder}, {}});
        QVERIFY2(same.find(folder.string() + ": the same logs were imported into study \"s\" as participant " + code + " on 20") == 0,
                 same.c_str());
        const auto copy = path("copied-elsewhere") / "renamed";
        fs::create_directories(copy.parent_path());
        fs::copy(folder, copy, fs::copy_options::recursive);
        QVERIFY2(refusal({"s", {copy}, {}}).find("the same logs were imported") != std::string::npos, "a copy under another name");
        write_file_atomic(folder / "assistant_1" / "lava_log.csv",
                          "timestamp\taction_type\taction_info\tcaret_index\n2025-01-01T10:30:00Z\tcurrent_code\tabcdef\t6\n"
                          "2025-01-01T10:30:01Z\tcharacter_typed\ty\t7\n");
        const std::string renamed = refusal({"s", {folder}, {}});
        QVERIFY2(renamed.find("a folder named \"" + folder.filename().string() + "\" with other logs was imported") != std::string::npos,
                 renamed.c_str());
        QCOMPARE(store.participants(first.study_id).size(), std::size_t(1));  // refusals changed nothing
        QCOMPARE(edits(ws, first.study_id), std::vector<std::string>{std::string(event::kTyped) + ":x"});

        // Replaced, with rankings: same code, only the new logs, one participant.
        const auto csv = path("once-rankings.csv");
        write_file_atomic(csv, "participant,item,Assistant 1,Assistant 2\n" + folder.filename().string() + ",enjoyment,1,2\n");
        TabFrontendImport again{"s", {folder}, csv};
        again.replace = true;
        const auto replaced = import_tab_frontend(ws, again);
        QCOMPARE(replaced.participants, first.participants);
        QCOMPARE(replaced.replaced.size(), std::size_t(1));
        QVERIFY2(replaced.replaced[0].find("; replaced (2 sessions removed)") != std::string::npos, replaced.replaced[0].c_str());
        QCOMPARE(store.participants(first.study_id).size(), std::size_t(1));
        QCOMPARE(edits(ws, first.study_id), std::vector<std::string>{std::string(event::kTyped) + ":y"});
        auto answers = [&] {
            int n = 0;
            for (const auto& s : store.sessions(store.participants(first.study_id).at(0).id))
                for (const auto& e : store.events(s.id)) n += e.type == event::kAnswer;
            return n;
        };
        QCOMPARE(answers(), 1);
        // Replaced without a rankings file: the earlier ranking answer is kept, not lost.
        write_file_atomic(folder / "assistant_2" / "lava_log.csv",
                          "timestamp\taction_type\taction_info\tcaret_index\n2025-01-01T10:45:00Z\tcharacter_typed\tz\t1\n");
        TabFrontendImport without_rankings{"s", {folder}, {}};
        without_rankings.replace = true;
        const auto kept = import_tab_frontend(ws, without_rankings);
        QVERIFY2(kept.replaced.at(0).find("(2 sessions removed, ranking answers kept)") != std::string::npos, kept.replaced.at(0).c_str());
        QCOMPARE(answers(), 1);
        QCOMPARE(store.imports(first.study_id).size(), std::size_t(1));

        // Two folders of one import holding the same logs are one person.
        const auto twin = path("twin");
        fs::copy(folder, twin, fs::copy_options::recursive);
        store::Workspace fresh(path("twins.sqlite"), true);
        try {
            import_tab_frontend(fresh, {"s", {folder, twin}, {}});
            QFAIL("imported the same logs twice in one import");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("holds the same logs as " + QString::fromStdString(folder.string()) + " in this import"), e.what());
        }
    }
    // A deletion without a count removes as much as the caret moved back (the paper's script reads
    // it so); where the caret did not move, one character, said and counted.
    void deletionsWithoutCountFollowTheCaret() {
        const auto folder = participant("2025-01-01T10:30:01Z\tdeletion\t\t4\n"
                                        "2025-01-01T10:30:02Z\tarrow_key\tArrowLeft\t2\n"
                                        "2025-01-01T10:30:03Z\tdeletion\t0\t2\n");
        store::Workspace ws(path("nocount.sqlite"), true);
        const auto r = import_tab_frontend(ws, {"s", {folder}, {}});
        QCOMPARE(edits(ws, r.study_id), (std::vector<std::string>{std::string(event::kDeleted) + ":ef", std::string(event::kDeleted) + ":c"}));
        QCOMPARE(r.warning_counts.at("deletion without count"), 1L);
        QVERIFY(any_warning(r, (folder / "assistant_1" / "lava_log.csv").string() + ":5: a deletion with no count"));
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

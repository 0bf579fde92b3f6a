// Character provenance and session replay on scripted edit sequences: accepted suggestion
// characters deleted later are counted exactly, whatever edits come between; the timer's active
// time excludes pauses; a snapshot that disagrees restarts provenance.
#include "study/character_provenance.h"
#include "study/session_replay.h"
#include "support/error.h"

#include <QtTest>

using namespace ew::study;

namespace {

struct Script {
    std::vector<StudyEvent> events;
    double t = 1000;
    void add(const char* type, std::int64_t pos = -1, std::string text = {}, std::int64_t suggestion = 0,
             std::string payload = {}, int slot = 1) {
        StudyEvent e;
        e.seq = static_cast<std::int64_t>(events.size()) + 1;
        e.wall_time = t;
        e.phase = 1;
        e.slot = slot;
        e.type = type;
        e.pos = pos;
        e.text = std::move(text);
        e.suggestion_id = suggestion;
        e.payload = std::move(payload);
        events.push_back(e);
    }
};

}  // namespace

class TestSessionReplay : public QObject {
    Q_OBJECT
private slots:
    void provenanceCountsDeletedSuggestionCharacters() {
        CharacterProvenance p(5);      // "hello"
        p.insert(5, 6, 7);            // suggestion 7 adds " world"
        p.insert(0, 2, 0);            // human types "> " at the start
        QCOMPARE(p.accepted_chars(7), std::int64_t(6));
        p.remove(6, 4);               // deletes "o wo" across human and suggestion text: 3 of 7's
        QCOMPARE(p.deleted_chars(7), std::int64_t(3));
        QCOMPARE(p.surviving_chars(7), std::int64_t(3));
        p.insert(8, 1, 9);            // suggestion 9 inside what is left of 7
        p.remove(0, p.length());      // everything goes
        QCOMPARE(p.deleted_chars(7), std::int64_t(6));
        QCOMPARE(p.deleted_chars(9), std::int64_t(1));
        QCOMPARE(p.deleted_chars(0), std::int64_t(0));  // the human's own text is not counted
        QVERIFY_THROWS_EXCEPTION(ew::Error, p.remove(0, 1));
        QVERIFY_THROWS_EXCEPTION(ew::Error, p.insert(3, 1, 0));
    }

    void replayReconstructsTextAndSuggestionFates() {
        Script s;
        s.add(event::kPhaseStarted);
        s.add(event::kCodeSnapshot, -1, "def f(x):\n    ");
        s.add(event::kSuggestionShown, 14, "return x + 1", 1, R"({"latency_ms": 35})");
        s.add(event::kSuggestionAccepted, 14, "return ", 1, R"({"full": false})");  // word accept
        s.add(event::kSuggestionAccepted, 21, "x + 1", 1, R"({"full": true})");
        s.add(event::kDeleted, 25, "1");          // the human replaces 1 with 2
        s.add(event::kTyped, 25, "2");
        s.add(event::kSuggestionShown, 26, "\n", 2);
        s.add(event::kSuggestionRejected, -1, "", 2);
        s.add(event::kSuggestionShown, 26, "  # é", 3);
        s.add(event::kSuggestionDismissed, -1, "", 3);
        s.add(event::kPasted, 0, "import os\n");
        s.add(event::kSuggestionShown, 36, "ü!", 4);
        s.add(event::kSuggestionAccepted, 36, "ü!", 4, R"({"full": true})");
        s.add(event::kDeleted, 35, "2ü");         // across the human's "2" and suggestion 4's "ü"
        SessionReplay r;
        r.apply_all(s.events);
        QVERIFY2(r.warnings().empty(), r.warnings().empty() ? "" : r.warnings()[0].c_str());
        QCOMPARE(r.text_utf8(), std::string("import os\ndef f(x):\n    return x + !"));
        const auto& sug = r.suggestions();
        QVERIFY(sug.at(1).accepted && sug.at(1).accepted_full);
        QCOMPARE(sug.at(1).accept_events, 2);
        QCOMPARE(sug.at(1).accepted_chars, std::int64_t(12));
        QCOMPARE(sug.at(1).latency_ms, 35.0);
        QCOMPARE(r.provenance().deleted_chars(1), std::int64_t(1));
        QVERIFY(sug.at(2).rejected && !sug.at(2).accepted);
        QVERIFY(sug.at(3).dismissed);
        QCOMPARE(sug.at(3).shown_chars, std::int64_t(5));  // code points, not bytes
        QCOMPARE(r.provenance().deleted_chars(4), std::int64_t(1));
        QCOMPARE(r.provenance().surviving_chars(4), std::int64_t(1));
    }

    void mismatchedDeletionAndSnapshotAreReportedNotFatal() {
        Script s;
        s.add(event::kCodeSnapshot, -1, "abc");
        s.add(event::kSuggestionAccepted, 3, "def", 1);
        s.add(event::kDeleted, 2, "zz");           // the text there is "cd": warned, applied by position
        s.add(event::kDeleted, 10, "x");           // outside: warned, ignored
        s.add(event::kCodeSnapshot, -1, "xyz");    // differs: the document restarts as human text
        s.add(event::kDeleted, 0, "xyz");
        SessionReplay r;
        r.apply_all(s.events);
        QCOMPARE(r.warnings().size(), std::size_t(2));
        QCOMPARE(r.provenance().deleted_chars(1), std::int64_t(1));
        QCOMPARE(r.text_utf8(), std::string());
    }

    void activeTimeExcludesPauses() {
        Script s;
        s.t = 100;
        s.add(event::kPhaseStarted);
        s.t = 160;
        s.add(event::kPhasePaused);
        s.t = 400;
        s.add(event::kPhaseResumed);
        s.t = 430;
        s.add(event::kTick);
        SessionReplay r;
        r.apply_all(s.events);
        QVERIFY(r.phase_running() && !r.paused());
        QCOMPARE(r.phase_active_seconds(), 90.0);
        s.t = 440;
        s.add(event::kPhaseEnded);
        r.apply(s.events.back());
        QVERIFY(!r.phase_running());
        QCOMPARE(r.phase_active_seconds(), 100.0);
        QVERIFY(r.ended_phases().count(1));

        // A crash: last event at 530, the program comes back at 900 and resumes the phase.
        SessionReplay crash;
        Script c;
        c.t = 500;
        c.add(event::kPhaseStarted);
        c.t = 530;
        c.add(event::kTick);
        c.t = 900;
        c.add(event::kPhaseResumed, -1, "", 0, R"({"after":"restart"})");
        c.t = 920;
        c.add(event::kTick);
        crash.apply_all(c.events);
        QCOMPARE(crash.phase_active_seconds(), 50.0);  // 30 before the crash + 20 after; the gap is not worked time
    }
};

QTEST_GUILESS_MAIN(TestSessionReplay)
#include "test_session_replay.moc"

// The incremental replay cache gives exactly the full replay's report: seeded random sessions
// (typing, pastes, deletions that cross accepted suggestions, partial and full accepts, Esc,
// snapshots, pauses, crashes and resumed sessions, notes, rankings, a few edits that do not fit)
// are appended to a real SQLite workspace in several rounds, and after every round the cached
// report equals compute_study_report's, while the cache reads only the rows new since the last.
#include "store/workspace.h"
#include "study/session_replay_cache.h"
#include "study/study_report.h"
#include "study/study_store.h"
#include "support/utf8.h"

#include <QTemporaryDir>
#include <QtTest>
#include <random>
#include <string>
#include <utility>

using namespace ew;
using namespace ew::study;

namespace {

// One participant's session as a stream of plausible events, written a chunk at a time.
struct SessionWriter {
    std::int64_t session_id = 0;
    std::int64_t seq = 0;
    double t = 1.7e9;
    int phase = -1, slot = 0;
    bool paused = false;
    std::u32string doc;
    std::int64_t next_suggestion = 1;
    std::int64_t shown = 0;  // suggestion on screen (0: none)
    std::u32string shown_text;

    StudyEvent event(const char* type, std::int64_t pos = -1, const std::u32string& text = {}, std::int64_t id = 0,
                     std::string payload = {}) {
        t += 0.05 + (seq % 7) * 0.01;
        return {session_id, ++seq, t, phase, slot, type, pos, u32_to_utf8(text), id, std::move(payload)};
    }

    // The next `n` events (never inside a finished session).
    std::vector<StudyEvent> next(std::mt19937& rng, int n, int phase_count) {
        static const std::u32string alphabet = U"abcdefghij xyz()=:+\n\t\u00e9\u03bb\U0001F600";
        std::vector<StudyEvent> out;
        auto pick = [&](int k) { return static_cast<int>(rng() % static_cast<unsigned>(k)); };
        auto random_text = [&](int max_len) {
            std::u32string s;
            for (int i = 0, len = 1 + pick(max_len); i < len; ++i) s += alphabet[static_cast<std::size_t>(pick(static_cast<int>(alphabet.size())))];
            return s;
        };
        while (static_cast<int>(out.size()) < n) {
            if (phase < 0 || (pick(400) == 0 && phase + 1 < phase_count)) {  // the next phase
                if (phase >= 0) out.push_back(event(event::kPhaseEnded, -1, {}, 0, R"({"reason":"time"})"));
                ++phase;
                slot = phase;  // phase 0 unassisted, then the assistants' slots
                paused = false;
                out.push_back(event(event::kPhaseStarted));
                doc = U"def main():\n    ";
                out.push_back(event(event::kCodeSnapshot, -1, doc));
                continue;
            }
            const int r = pick(100);
            if (paused) {
                out.push_back(event(event::kPhaseResumed));
                paused = false;
            } else if (r < 40) {
                const auto text = random_text(1);
                const auto pos = static_cast<std::int64_t>(pick(4) ? doc.size() : static_cast<std::size_t>(pick(static_cast<int>(doc.size()) + 1)));
                doc.insert(static_cast<std::size_t>(pos), text);
                out.push_back(event(event::kTyped, pos, text));
                if (shown) out.push_back(event(event::kSuggestionDismissed, -1, {}, std::exchange(shown, 0)));
            } else if (r < 52 && !doc.empty()) {
                const int len = 1 + pick(std::min<int>(8, static_cast<int>(doc.size())));
                const int pos = pick(static_cast<int>(doc.size()) - len + 1);
                const auto text = doc.substr(static_cast<std::size_t>(pos), static_cast<std::size_t>(len));
                doc.erase(static_cast<std::size_t>(pos), static_cast<std::size_t>(len));
                out.push_back(event(event::kDeleted, pos, text));
            } else if (r < 56) {
                const auto text = random_text(30);
                const auto pos = static_cast<std::int64_t>(pick(static_cast<int>(doc.size()) + 1));
                doc.insert(static_cast<std::size_t>(pos), text);
                out.push_back(event(pick(2) ? event::kPasted : event::kInserted, pos, text));
            } else if (r < 70 && slot > 0 && !shown) {
                shown = next_suggestion++;
                shown_text = random_text(20);
                out.push_back(event(event::kSuggestionRequested, -1, {}, shown));
                out.push_back(event(event::kSuggestionShown, static_cast<std::int64_t>(doc.size()), shown_text, shown,
                                    R"({"latency_ms":)" + std::to_string(20 + pick(200)) + R"(,"eta":4,"arm":"a"})"));
            } else if (r < 80 && shown) {
                const bool full = pick(3) != 0;
                const auto text = full ? shown_text : shown_text.substr(0, 1 + static_cast<std::size_t>(pick(static_cast<int>(shown_text.size()))));
                const auto pos = static_cast<std::int64_t>(doc.size());
                doc += text;
                out.push_back(event(event::kSuggestionAccepted, pos, text, shown, full ? R"({"full":true})" : R"({"full":false})"));
                shown = 0;
            } else if (r < 83 && shown) {
                out.push_back(event(event::kSuggestionRejected, -1, {}, std::exchange(shown, 0)));
            } else if (r < 85) {
                out.push_back(event(event::kTestRun, -1, {}, 0, pick(2) ? R"({"passed":true})" : R"({"passed":false})"));
            } else if (r < 87) {
                out.push_back(event(event::kPhasePaused));
                paused = true;
            } else if (r < 88) {
                // A snapshot that disagrees with the replayed text restarts provenance.
                doc = pick(2) ? doc : doc + U"# edited elsewhere\n";
                out.push_back(event(event::kCodeSnapshot, -1, doc));
            } else if (r < 89) {
                out.push_back(event(event::kDeleted, static_cast<std::int64_t>(doc.size()) + 5, U"zz"));  // does not fit: a warning
            } else if (r < 91 && slot > 0) {
                out.push_back(event(event::kNote, -1, U"note " + random_text(5)));
            } else if (r < 92) {
                const int first = 1 + pick(2);
                out.push_back(event(event::kAnswer, -1, {}, 0,
                                    R"({"item":"enjoyment","ranks":{"1":)" + std::to_string(first == 1 ? 1 : 2) + R"(,"2":)" +
                                        std::to_string(first == 2 ? 1 : 2) + "}}"));
            } else {
                out.push_back(event(event::kTick));
            }
        }
        return out;
    }
};

std::string progress_key(const StudyReport& r) {
    std::string s;
    for (const auto& p : r.per_participant)
        s += p.code + ":" + std::to_string(p.progress.sessions) + "/" + std::to_string(p.progress.events) + "/" +
             std::to_string(p.progress.finished) + "/" + std::to_string(p.progress.phase) + "/" + std::to_string(p.progress.phase_running) +
             "/" + std::to_string(p.progress.paused) + "/" + std::to_string(p.progress.phase_active_seconds) + ";";
    return s;
}

}  // namespace

class TestSessionReplayCache : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    // The cached report and the full replay's, compared in full (dump(): NaN reads the same).
    static void expectSameReport(SessionReplayCache& cache, StudyStore& store, const StudyRecord& study, std::int64_t expected_reads) {
        const auto incremental = cache.report(store, study);
        const auto full = compute_study_report(store, study);
        QCOMPARE(incremental.to_json().dump(), full.to_json().dump());
        QCOMPARE(progress_key(incremental), progress_key(full));
        QCOMPARE(cache.events_read_last(), expected_reads);
    }

private slots:
    void incrementalReportEqualsFullReplay() {
        store::Workspace ws(tmp_.filePath("ws.sqlite").toStdString(), true);
        StudyStore store(ws);
        store.create_study(StudyDesign::paper_default("cache", {"lava-trap", "special-keyboard"}));
        auto study = *store.study("cache");
        const int phases = static_cast<int>(study.design.phases.size());

        std::mt19937 rng(20240611);
        std::vector<ParticipantRecord> people;
        std::vector<SessionWriter> writers;
        SessionReplayCache cache;
        expectSameReport(cache, store, study, 0);  // no participants yet
        std::int64_t total = 0;
        for (int round = 0; round < 12; ++round) {
            if (round % 3 == 0) {  // someone new enrols every few rounds
                people.push_back(store.add_participant(study));
                writers.push_back({});
                writers.back().session_id = store.open_session(people.back().id).id;
            }
            std::int64_t written = 0;
            for (std::size_t i = 0; i < writers.size(); ++i) {
                auto& w = writers[i];
                if (round == 7 && i == 0) {
                    // A crash: the session is finished by the conductor and a new one continues.
                    store.finish_session(w.session_id);
                    const auto phase = w.phase;
                    w = {};
                    w.session_id = store.create_session(people[i].id, 1.8e9).id;
                    w.phase = phase;
                }
                const auto events = w.next(rng, 50 + static_cast<int>(rng() % 400), phases);
                store.insert_events(events);
                written += static_cast<std::int64_t>(events.size());
            }
            total += written;
            if (round == 9) {  // unblinding changes the grouping, not the cached replays
                store.unblind(study.id);
                study = *store.study("cache");
            }
            expectSameReport(cache, store, study, written);
            if (round == 4) expectSameReport(cache, store, study, 0);  // nothing new: nothing read
        }
        QVERIFY(total > 3000);
        const auto report = cache.report(store, study);
        QCOMPARE(report.events, static_cast<long>(total));
        QVERIFY(!report.warnings.empty());  // the edits that did not fit were replayed as warnings
        QVERIFY(report.groups[0].accepted > 0 && report.groups[0].deleted_chars > 0);

        // A fresh cache (a panel opened later) agrees too, reading everything once.
        SessionReplayCache late;
        expectSameReport(late, store, study, total);
        // A second study's report drops the first one's replays.
        store.create_study(StudyDesign::paper_default("other", {"lava-trap"}));
        late.report(store, *store.study("other"));
        QCOMPARE(late.sessions_cached(), std::size_t(0));
    }

    void damagedRowFailsEveryTimeLikeAFullReplay() {
        store::Workspace ws(tmp_.filePath("damaged.sqlite").toStdString(), true);
        StudyStore store(ws);
        store.create_study(StudyDesign::paper_default("d", {"lava-trap"}));
        const auto study = *store.study("d");
        const auto p = store.add_participant(study);
        SessionWriter w;
        w.session_id = store.open_session(p.id).id;
        std::mt19937 rng(7);
        const auto events = w.next(rng, 100, 3);
        store.insert_events(events);
        SessionReplayCache cache;
        expectSameReport(cache, store, study, static_cast<std::int64_t>(events.size()));
        // A payload of the wrong type makes the replay throw, in the full replay and the cache alike.
        auto bad = w.event(event::kSuggestionShown, 0, U"x", 999, R"({"latency_ms":"slow"})");
        store.insert_events(std::vector<StudyEvent>{bad});
        QVERIFY_THROWS_EXCEPTION(std::exception, compute_study_report(store, study));
        QVERIFY_THROWS_EXCEPTION(std::exception, cache.report(store, study));
        QVERIFY_THROWS_EXCEPTION(std::exception, cache.report(store, study));  // not skipped on the next refresh
    }
};

QTEST_GUILESS_MAIN(TestSessionReplayCache)
#include "test_session_replay_cache.moc"

// Study results end to end on real SQLite files: scripted sessions written through the event
// log give hand-computed per-arm numbers; blinded reports and exports never name an arm; the
// `empower study` command prints the same JSON; tab_frontend logs import into a study.
#include "store/workspace.h"
#include "study/event_log.h"
#include "study/study_export.h"
#include "study/study_report.h"
#include "study/study_store.h"
#include "study/tab_frontend_import.h"
#include "support/error.h"
#include "support/file_io.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <map>
#include <sstream>
#include <nlohmann/json.hpp>

using namespace ew;
using namespace ew::study;
namespace fs = std::filesystem;

namespace {

// Writes one participant's session: in the phase of arm A ("empower-4") 3 suggestions of 4
// characters, the first accepted and 2 of its characters deleted later; in the phase of arm B
// ("base-20") 4 suggestions of 10 characters, two accepted (5 and 0 characters deleted), one
// rejected, one dismissed. `enjoy_first_arm` is the arm the participant ranks first for enjoyment.
void write_session(const fs::path& db, StudyStore& store, const ParticipantRecord& p, int enjoy_first_arm) {
    const auto session = store.open_session(p.id);
    EventLog log(db, session.id);
    std::int64_t sid = 0;
    for (int slot = 1; slot <= 2; ++slot) {
        const int arm = p.arm_order[static_cast<std::size_t>(slot - 1)];
        auto ev = [&](const char* type, std::int64_t pos = -1, std::string text = {}, std::int64_t id = 0, std::string payload = {}) {
            log.append({0, 0, 0, slot, slot, type, pos, std::move(text), id, std::move(payload)});
        };
        ev(event::kPhaseStarted);
        ev(event::kCodeSnapshot, -1, "x = 1\n");
        if (arm == 0) {
            ev(event::kSuggestionShown, 6, "abcd", ++sid, R"({"eta":4,"arm":"empower-4","latency_ms":20})");
            ev(event::kSuggestionAccepted, 6, "abcd", sid, R"({"full":true})");
            ev(event::kDeleted, 7, "bc");
            ev(event::kSuggestionShown, 8, "wxyz", ++sid);
            ev(event::kSuggestionRejected, -1, "", sid);
            ev(event::kSuggestionShown, 8, "pqrs", ++sid);
        } else {
            ev(event::kSuggestionShown, 6, "0123456789", ++sid);
            ev(event::kSuggestionAccepted, 6, "0123456789", sid, R"({"full":true})");
            ev(event::kTyped, 16, "!");
            ev(event::kDeleted, 10, "45678");
            ev(event::kSuggestionShown, 12, "abcdefghij", ++sid);
            ev(event::kSuggestionAccepted, 12, "abcde", sid, R"({"full":false})");
            ev(event::kSuggestionShown, 17, "klmnopqrst", ++sid);
            ev(event::kSuggestionRejected, -1, "", sid);
            ev(event::kSuggestionShown, 17, "uvwxyzabcd", ++sid);
            ev(event::kSuggestionDismissed, -1, "", sid);
        }
        ev(event::kTestRun, -1, "", 0, R"({"passed":true})");
        ev(event::kPhaseEnded, -1, "", 0, R"({"reason":"time"})");
        ev(event::kNote, -1, "fine");
    }
    int enjoy_slot = p.arm_order[0] == enjoy_first_arm ? 1 : 2;
    nlohmann::json ranks{{"1", enjoy_slot == 1 ? 1 : 2}, {"2", enjoy_slot == 2 ? 1 : 2}};
    log.append({0, 0, 0, -1, 0, event::kAnswer, -1, "", 0, nlohmann::json{{"item", "enjoyment"}, {"ranks", ranks}}.dump()});
    log.append({0, 0, 0, -1, 0, event::kSessionFinished, -1, "", 0, ""});
    QVERIFY(log.flush());
    store.finish_session(session.id);
}

std::string slurp(const fs::path& p) { return read_file(p); }

// One participant's session with, per arm, `shown` suggestions of 4 characters of which the first
// `accepted` are accepted (arm index -> {shown, accepted}); each accept has its first character
// deleted when `delete_one` says so for that arm.
void write_counts(const fs::path& db, StudyStore& store, const ParticipantRecord& p, const std::map<int, std::pair<int, int>>& per_arm,
                  const std::map<int, bool>& delete_one = {}) {
    const auto session = store.open_session(p.id);
    EventLog log(db, session.id);
    std::int64_t sid = 0;
    for (int slot = 1; slot <= 2; ++slot) {
        const int arm = p.arm_order[static_cast<std::size_t>(slot - 1)];
        auto ev = [&](const char* type, std::int64_t pos = -1, std::string text = {}, std::int64_t id = 0, std::string payload = {}) {
            log.append({0, 0, 0, slot, slot, type, pos, std::move(text), id, std::move(payload)});
        };
        ev(event::kPhaseStarted);
        ev(event::kCodeSnapshot, -1, "");
        std::int64_t end = 0;
        const auto [shown, accepted] = per_arm.at(arm);
        for (int i = 0; i < shown; ++i) {
            ev(event::kSuggestionShown, end, "abcd", ++sid);
            if (i < accepted) {
                ev(event::kSuggestionAccepted, end, "abcd", sid, R"({"full":true})");
                if (delete_one.count(arm) && delete_one.at(arm)) {
                    ev(event::kDeleted, end, "a");
                    end += 3;
                } else {
                    end += 4;
                }
            } else {
                ev(event::kSuggestionRejected, -1, "", sid);
            }
        }
        ev(event::kPhaseEnded, -1, "", 0, R"({"reason":"time"})");
    }
    log.append({0, 0, 0, -1, 0, event::kSessionFinished, -1, "", 0, ""});
    QVERIFY(log.flush());
    store.finish_session(session.id);
}

}  // namespace

class TestStudyReport : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path path(const char* name) { return fs::path(tmp_.path().toStdString()) / name; }

private slots:
    void reportFromScriptedSessions() {
        const auto db = path("study.sqlite");
        store::Workspace ws(db, true);
        StudyStore store(ws);
        store.create_study(StudyDesign::paper_default("s1", {"lava", "keyboard"}));
        auto study = *store.study("s1");
        for (int i = 0; i < 4; ++i) write_session(db, store, store.add_participant(study), i < 3 ? 0 : 1);

        // Blinded: grouped by slot, no arm name anywhere in the report or the exports.
        auto blinded = compute_study_report(store, study);
        QVERIFY(blinded.blinded);
        QCOMPARE(blinded.groups[0].label, std::string("Assistant 1"));
        const std::string blinded_json = blinded.to_json().dump();
        QVERIFY(blinded_json.find("empower-4") == std::string::npos && blinded_json.find("base-20") == std::string::npos);
        const auto files = export_study(store, study, path("export-blinded"));
        for (const auto& f : {files.events_csv, files.participants_csv, files.bundle_json}) {
            const auto text = slurp(f);
            QVERIFY2(text.find("empower-4") == std::string::npos && text.find("base-20") == std::string::npos, f.c_str());
            QVERIFY(text.find("\"eta\"") == std::string::npos);
        }
        QCOMPARE(blinded.groups[0].shown + blinded.groups[1].shown, 28L);

        store.unblind(study.id);
        study = *store.study("s1");
        const auto r = compute_study_report(store, study);
        QVERIFY(!r.blinded && r.warnings.empty());
        QCOMPARE(r.participants, 4);
        QCOMPARE(r.finished_sessions, 4);
        const auto& a = r.groups[0];
        const auto& b = r.groups[1];
        QCOMPARE(a.label, std::string("empower-4"));
        QCOMPARE(a.shown, 12L);
        QCOMPARE(a.accepted, 4L);
        QCOMPARE(a.rejected, 4L);
        QCOMPARE(a.accept_ratio.pooled, 1.0 / 3);
        QCOMPARE(a.suggestions_per_participant, 3.0);
        QCOMPARE(a.shown_chars_per_suggestion.pooled, 4.0);
        QCOMPARE(a.deleted_chars_per_accept.pooled, 2.0);
        QCOMPARE(b.shown, 16L);
        QCOMPARE(b.accepted, 8L);
        QCOMPARE(b.accepted_partial, 4L);
        QCOMPARE(b.dismissed, 4L);
        QCOMPARE(b.accept_ratio.pooled, 0.5);
        QCOMPARE(b.shown_chars_per_suggestion.pooled, 10.0);
        QCOMPARE(b.deleted_chars_per_accept.pooled, 2.5);  // (5 + 0) per participant
        QCOMPARE(b.test_runs, 4L);
        const auto& c = r.comparisons.at(0);
        const auto z = two_proportion_z_test(4, 12, 8, 16);
        QCOMPARE(c.pooled.acceptance.z, z.z);
        QVERIFY(c.pooled.deletions.valid);
        QCOMPARE(c.pooled.deletions.mean1, 2.0);
        QCOMPARE(c.pooled.deletions.mean2, 2.5);
        const auto& enjoy = r.preferences.at(2);
        QCOMPARE(enjoy.item, std::string("enjoyment"));
        QCOMPARE(enjoy.answered, 4);
        QCOMPARE(enjoy.shares[0].ranked_first, 3);
        QCOMPARE(enjoy.shares[0].test.p_greater, binomial_test(3, 4).p_greater);
        QCOMPARE(r.preferences.at(0).answered, 0);  // nobody answered relevance

        // Exports after unblinding: names of arms, still no personal names, one row per event.
        const auto out = export_study(store, study, path("export"));
        const auto events_csv = slurp(out.events_csv);
        long rows = 0;  // rows start with a participant code; quoted multi-line text continues a row
        std::istringstream lines(events_csv);
        for (std::string line; std::getline(lines, line);) rows += line.rfind("P0", 0) == 0;
        QCOMPARE(rows, r.events);
        QVERIFY(events_csv.find("empower-4") != std::string::npos);
        const auto participants_csv = slurp(out.participants_csv);
        QCOMPARE(std::count(participants_csv.begin(), participants_csv.end(), '\n'), 4 * 2 + 1);
        const auto bundle = nlohmann::json::parse(slurp(out.bundle_json));
        QCOMPARE(bundle["participants"].size(), std::size_t(4));
        QCOMPARE(bundle["report"]["groups"][1]["accept_ratio"]["pooled"].get<double>(), 0.5);

        // The command line prints the same numbers, and fails clearly on a missing study.
        QProcess cli;
        cli.start(EW_EMPOWER_BINARY, {"study", "report", "--db", QString::fromStdString(db.string()), "--study", "s1", "--json"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const auto j = nlohmann::json::parse(cli.readAllStandardOutput().toStdString());
        QCOMPARE(j["groups"][0]["accept_ratio"]["pooled"].get<double>(), 1.0 / 3);
        QCOMPARE(j["preferences"][2]["shares"][0]["ranked_first"].get<int>(), 3);
        cli.start(EW_EMPOWER_BINARY, {"study", "report", "--db", QString::fromStdString(db.string()), "--study", "nope"});
        QVERIFY(cli.waitForFinished(60000));
        QVERIFY(cli.exitCode() != 0);
        QVERIFY(cli.readAllStandardError().contains("no study named \"nope\""));
    }

    // One participant with many suggestions dominates the pooled rates; the primary tests use one
    // value per participant, paired, and say which direction a one-sided p tests.
    void participantIsTheUnitOfAnalysis() {
        const auto db = path("unit.sqlite");
        store::Workspace ws(db, true);
        StudyStore store(ws);
        store.create_study(StudyDesign::paper_default("u", {"lava"}));
        auto study = *store.study("u");
        // (shown, accepted) in arm 0 (empower-4) and arm 1 (base-20), per participant.
        const std::vector<std::pair<std::pair<int, int>, std::pair<int, int>>> counts{
            {{40, 4}, {40, 30}}, {{4, 3}, {4, 1}}, {{5, 4}, {5, 2}}, {{6, 4}, {6, 3}}, {{4, 2}, {4, 1}}, {{5, 5}, {5, 2}}};
        std::vector<double> ra, rb;
        for (const auto& [a, b] : counts) {
            write_counts(db, store, store.add_participant(study), {{0, a}, {1, b}}, {{1, true}});
            ra.push_back(double(a.second) / a.first);
            rb.push_back(double(b.second) / b.first);
        }
        store.unblind(study.id);
        study = *store.study("u");
        const auto r = compute_study_report(store, study);
        const auto& g = r.groups[0];
        QCOMPARE(g.accept_ratio.pooled, 22.0 / 64);  // pooled: the first participant's 40 suggestions dominate
        double mean_a = 0, mean_b = 0;
        for (double v : ra) mean_a += v / 6;
        for (double v : rb) mean_b += v / 6;
        QVERIFY(std::fabs(g.accept_ratio.participant_mean - mean_a) < 1e-12);
        QCOMPARE(g.accept_ratio.participants, 6);
        QVERIFY(g.accept_ratio.pooled < r.groups[1].accept_ratio.pooled);          // pooled: base-20 looks better
        QVERIFY(g.accept_ratio.participant_mean > r.groups[1].accept_ratio.participant_mean);  // per person: empower-4 is
        QCOMPARE(r.groups[1].deleted_chars_per_accept.pooled, 1.0);
        QCOMPARE(g.accepted_chars_per_accept.pooled, 4.0);

        const auto& c = r.comparisons.at(0);
        QCOMPARE(c.a, std::string("empower-4"));
        const auto& accept = c.by_participant.at(0);
        QCOMPARE(accept.metric, std::string("accept_ratio"));
        QCOMPARE(accept.n, 6);
        const auto expected = paired_t_test(ra, rb);
        QVERIFY(std::fabs(accept.paired_t.t - expected.t) < 1e-12);
        QVERIFY(std::fabs(accept.paired_t.p_two_sided - expected.p_two_sided) < 1e-12);
        QCOMPARE(accept.wilcoxon.p_two_sided, wilcoxon_signed_rank(ra, rb).p_two_sided);
        QVERIFY(accept.sign_flip.valid);
        QVERIFY(accept.pooled_difference.valid && std::fabs(accept.pooled_difference.estimate - (22.0 / 64 - 39.0 / 64)) < 1e-12);
        QCOMPARE(accept.alternative, std::string("two-sided"));  // no hypothesis stated
        const auto j = r.to_json();
        QVERIFY(j["expectation"].is_null());
        const auto& primary = j["comparisons"][0]["by_participant"][0];
        QCOMPARE(primary["unit"].get<std::string>(), std::string("participant"));
        QCOMPARE(primary["design"].get<std::string>(), std::string("paired"));
        QVERIFY(primary["direction"].is_null() && !primary["tests"]["paired_t"].contains("p_greater"));
        QCOMPARE(j["comparisons"][0]["secondary_pooled_per_suggestion"]["acceptance"]["unit"].get<std::string>(), std::string("suggestion"));

        // A stated hypothesis: higher accept ratio, fewer deletions; character counts stay two-sided.
        const auto h = compute_study_report(store, study, Expectation::parse("empower-4 > base-20"));
        QCOMPARE(h.comparisons[0].by_participant[0].alternative, std::string("greater"));
        QCOMPARE(h.comparisons[0].by_participant[0].direction, std::string("empower-4 > base-20"));
        QCOMPARE(h.comparisons[0].by_participant[1].metric, std::string("deleted_chars_per_accept"));
        QCOMPARE(h.comparisons[0].by_participant[1].alternative, std::string("less"));
        QCOMPARE(h.comparisons[0].by_participant[1].direction, std::string("empower-4 < base-20"));
        QCOMPARE(h.comparisons[0].by_participant[2].alternative, std::string("two-sided"));
        QCOMPARE(h.comparisons[0].pooled.acceptance_alternative, std::string("greater"));
        const auto hj = h.to_json()["comparisons"][0]["by_participant"][0]["tests"]["paired_t"];
        QVERIFY(std::fabs(hj["p_greater"].get<double>() - expected.p_greater) < 1e-12);
        // The other way round flips every direction.
        const auto flipped = compute_study_report(store, study, Expectation::parse("base-20 > empower-4"));
        QCOMPARE(flipped.comparisons[0].by_participant[0].alternative, std::string("less"));
        QCOMPARE(flipped.comparisons[0].by_participant[0].direction, std::string("empower-4 < base-20"));
        QVERIFY_THROWS_EXCEPTION(Error, compute_study_report(store, study, Expectation::parse("empower-4 > nobody")));

        // The command line states the hypothesis and the direction of each one-sided p.
        QProcess cli;
        cli.start(EW_EMPOWER_BINARY, {"study", "report", "--db", QString::fromStdString(db.string()), "--study", "u", "--expect", "empower-4 > base-20"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 0);
        const QString text = cli.readAllStandardOutput();
        QVERIFY2(text.contains("Hypothesis: empower-4 > base-20") && text.contains("one-sided, empower-4 > base-20") &&
                     text.contains("one-sided, empower-4 < base-20") && text.contains("unit: participant"),
                 qPrintable(text));
    }

    void blindedStudiesRefuseAnExplicitHypothesis() {
        const auto db = path("blind-h.sqlite");
        store::Workspace ws(db, true);
        StudyStore store(ws);
        auto design = StudyDesign::paper_default("b", {"lava"});
        design.expectation = "empower-4 > base-20";
        store.create_study(design);
        const auto study = *store.study("b");
        write_counts(db, store, store.add_participant(study), {{0, {4, 2}}, {1, {4, 1}}});
        const auto r = compute_study_report(store, study);  // the design's hypothesis waits for unblinding
        QVERIFY(!r.expectation);
        QCOMPARE(r.comparisons[0].by_participant[0].alternative, std::string("two-sided"));
        QVERIFY(r.to_json().dump().find("empower-4") == std::string::npos);
        try {
            compute_study_report(store, study, Expectation::parse("empower-4 > base-20"));
            QFAIL("a blinded study took a hypothesis naming arms");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("is blinded"), e.what());
        }
        const auto files = export_study(store, study, path("blind-h-export"));
        QVERIFY(slurp(files.bundle_json).find("empower-4") == std::string::npos);  // "expect" names arms: not exported blinded
        auto bad = StudyDesign::paper_default("c", {"lava"});
        bad.expectation = "empower-4 > eta-8";
        QVERIFY_THROWS_EXCEPTION(Error, bad.validate("study.json"));
    }

    void corruptDatabaseIsRefusedAndUntouched() {
        const auto db = path("corrupt.sqlite");
        const std::string garbage = "SQLite format 3" + std::string(5000, '\x07');
        write_file_atomic(db, garbage);
        QProcess cli;
        cli.start(EW_EMPOWER_BINARY, {"study", "report", "--db", QString::fromStdString(db.string()), "--study", "s"});
        QVERIFY(cli.waitForFinished(60000));
        QCOMPARE(cli.exitCode(), 1);
        QVERIFY(cli.readAllStandardError().contains(QByteArray::fromStdString(db.string())));
        QCOMPARE(slurp(db), garbage);
    }

    void importsTabFrontendLogs() {
        const fs::path folder = path("alice");  // a real name, as such folders often are
        fs::create_directories(folder / "problems" / "no_assistant");
        fs::create_directories(folder / "problems" / "assistant_1");
        fs::create_directories(folder / "problems" / "assistant_2");
        write_file_atomic(folder / "problems" / "mapping_do_not_read.json",
                          R"({"Assistant 1": {"actualName": "eta4", "obfuscatedDirName": "assistant_1"},
                              "Assistant 2": {"actualName": "untrained10", "obfuscatedDirName": "assistant_2"}})");
        const std::string header = "timestamp\taction_type\taction_info\tcaret_index\n";
        write_file_atomic(folder / "problems" / "no_assistant" / "lava_log.csv",
                          header + "2025-01-01T10:00:00.000Z\tcurrent_code\tdef main():\\n    \t16\n"
                                   "2025-01-01T10:00:01.500Z\tcharacter_typed\tp\t17\n");
        write_file_atomic(folder / "problems" / "assistant_1" / "lava_log.csv",
                          header + "2025-01-01T10:30:00.000Z\tcurrent_code\tab\t2\n"
                                   "2025-01-01T10:30:01.000Z\tproposed_suggestion\tcd\t2\n"
                                   "2025-01-01T10:30:02.000Z\taccepted_suggestion\tcd\t4\n"
                                   "2025-01-01T10:30:03.000Z\tdeletion\t1\t3\n"
                                   "2025-01-01T10:30:04.000Z\tproposed_suggestion\tzz\t3\n"
                                   "2025-01-01T10:30:05.000Z\tarrow_key\tleft\t2\n"
                                   "2025-01-01T10:30:06.000Z\tcharacter_typed\tx\t3\n"
                                   "garbage line\n");
        write_file_atomic(folder / "problems" / "assistant_2" / "lava_log.csv",
                          header + "2025-01-01T10:45:00.000Z\tcurrent_code\t\t0\n"
                                   "2025-01-01T10:45:01.000Z\tproposed_suggestion\thello\t0\n"
                                   "2025-01-01T10:45:02.000Z\tproposed_suggestion\thelp\t0\n"
                                   "2025-01-01T10:45:03.000Z\taccepted_suggestion\thelp\t4\n"
                                   "2025-01-01T10:45:04.000Z\tdeletion\t1\t3\n"
                                   "2025-01-01T10:45:05.000Z\tdeletion\t1\t2\n");
        write_file_atomic(path("rankings.csv"), "participant,item,Assistant 1,Assistant 2\nalice,enjoyment,1,2\n"
                                                "alice,deletions,2,1\n");
        const auto db = path("imported.sqlite");
        store::Workspace ws(db, true);
        const auto result = import_tab_frontend(ws, {"tab", {folder}, path("rankings.csv")});
        QCOMPARE(result.participants.size(), std::size_t(1));
        QCOMPARE(result.participants[0].second, std::string("P01"));
        QCOMPARE(result.skipped_lines, 1L);  // the garbage line, reported with its number
        StudyStore store(ws);
        store.unblind(store.study("tab")->id);
        const auto r = compute_study_report(store, *store.study("tab"));
        QCOMPARE(r.groups[0].label, std::string("eta4"));
        QCOMPARE(r.groups[0].shown, 2L);
        QCOMPARE(r.groups[0].accepted, 1L);
        QCOMPARE(r.groups[0].deleted_chars_per_accept.pooled, 1.0);
        QCOMPARE(r.groups[1].label, std::string("untrained10"));
        QCOMPARE(r.groups[1].shown, 2L);
        QCOMPARE(r.groups[1].deleted_chars_per_accept.pooled, 2.0);
        QCOMPARE(r.preferences[2].shares[0].ranked_first, 1);  // enjoyment: eta4
        QCOMPARE(r.preferences[1].shares[1].ranked_first, 1);  // deletions: untrained10
        const auto out = export_study(store, *store.study("tab"), path("tab-export"));
        for (const auto& f : {out.events_csv, out.participants_csv, out.bundle_json})
            QVERIFY2(slurp(f).find("alice") == std::string::npos, f.c_str());

        // A broken mapping file is an error naming it; the workspace gains nothing.
        write_file_atomic(folder / "problems" / "mapping_do_not_read.json", "{not json");
        try {
            import_tab_frontend(ws, {"tab2", {folder}, {}});
            QFAIL("imported a folder with a broken mapping");
        } catch (const ew::Error& e) {
            QVERIFY(std::string(e.what()).find("mapping_do_not_read.json") != std::string::npos);
        }
        QVERIFY(!store.study("tab2"));
    }
};

QTEST_GUILESS_MAIN(TestStudyReport)
#include "test_study_report.moc"

// Our study figures against the paper's own analysis (festusev/tab_frontend, analysis/
// compute_suggestion_metrics.py and compute_aggregate_metrics.py), whose definitions are
// re-implemented here from their description — not copied — as the test's oracle:
//   per log file, an origin buffer ('S' suggested, 'T' typed, 'U' unknown) follows the caret:
//   an accept inserts (caret after − caret before) 'S' characters at the caret before, a typed
//   line that many 'T's; a deletion removes its count (or, without one, the caret's move back) from
//   the left of the caret before, counting the 'S's; a current_code snapshot resets the buffer to
//   'U' × caret; any other line only moves the caret (clamped to the buffer);
//   per participant folder and assistant: acceptance = accepted / proposed (× 100), deleted
//   characters per acceptance = 'S' deleted / accepted, suggestion length = 'S' inserted / accepted;
//   per method: the mean of those participant values, its standard error (sample sd / √n), and the
//   pooled ratios of the totals.
// Generated logs stay where both readings must agree (ASCII text, carets logged for every move,
// snapshots with the caret at the end); README § User studies lists where they deliberately differ.
#include "store/workspace.h"
#include "study/study_report.h"
#include "study/study_store.h"
#include "study/tab_frontend_import.h"
#include "support/file_io.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <map>
#include <random>

using namespace ew;
using namespace ew::study;
namespace fs = std::filesystem;

namespace {

struct ScriptCounts {
    long proposed = 0, accepted = 0, suggested_chars = 0, suggested_chars_deleted = 0;
};

struct LogRow {
    std::string action, info;
    long caret = 0;
};

// The analysis script's reading of one log file, from its definitions. As written, the script
// clamps a typed line's caret to the buffer *before* inserting, so a character typed at the end of
// the buffer is never inserted — and the next accept's caret delta then counts it as suggested.
// It also resets every origin at each snapshot (the editor logs one every 100 actions), so a
// suggested character deleted after one is not counted; the workbench keeps provenance when the
// snapshot confirms the rebuilt document (as all generated snapshots do).
// `as_written` = false inserts typed characters as the script evidently intends and keeps origins
// across a confirming snapshot: the reading the workbench must equal.
ScriptCounts script_counts(const std::vector<LogRow>& rows, bool as_written) {
    ScriptCounts m;
    std::string buf;  // one origin letter per character
    long caret = 0;
    auto clamp = [&](long v) { return std::clamp<long>(v, 0, static_cast<long>(buf.size())); };
    auto insert = [&](long at, long count, char origin) {
        if (at > static_cast<long>(buf.size())) buf.append(static_cast<std::size_t>(at) - buf.size(), 'U');
        buf.insert(static_cast<std::size_t>(at), static_cast<std::size_t>(count), origin);
    };
    for (const auto& row : rows) {
        const long before = caret;
        const long after = row.action == "accepted_suggestion" ? row.caret : clamp(row.caret);
        if (row.action == "proposed_suggestion") {
            ++m.proposed;
        } else if (row.action == "accepted_suggestion") {
            ++m.accepted;
            const long d = std::max(0L, after - before);
            if (d) {
                insert(before, d, 'S');
                m.suggested_chars += d;
            }
            caret = clamp(after);
        } else if (row.action == "character_typed") {
            const long typed_after = as_written ? after : row.caret;
            const long d = std::max(0L, typed_after - before);
            if (d) insert(before, d, 'T');
            caret = clamp(typed_after);
        } else if (row.action == "deletion") {
            long n = row.info.empty() ? 0 : std::stol(row.info);
            if (n <= 0) n = std::max(0L, before - after);
            caret = clamp(before);
            for (long i = 0, end = std::min(n, caret); i < end; ++i) {
                if (buf[static_cast<std::size_t>(caret - 1)] == 'S') ++m.suggested_chars_deleted;
                buf.erase(static_cast<std::size_t>(caret - 1), 1);
                --caret;
            }
            caret = clamp(after);
        } else if (row.action == "current_code") {
            if (as_written || static_cast<long>(buf.size()) != row.caret) buf.assign(static_cast<std::size_t>(std::max(0L, after)), 'U');
            caret = clamp(after);
        } else {
            caret = clamp(after);
        }
    }
    return m;
}

// A participant's editing in one log: typing, proposals (some accepted), Backspace and Delete,
// caret moves (logged), snapshots with the caret at the end.
std::vector<LogRow> simulate_session(std::mt19937& rng, int actions) {
    std::vector<LogRow> rows{{"current_code", "", 0}};
    std::string doc;
    long caret = 0;
    auto pick = [&](int n) { return static_cast<int>(rng() % static_cast<unsigned>(n)); };
    const std::string letters = "abcdefghij xyz()=+:";
    for (int i = 0; i < actions; ++i) {
        const int what = pick(100);
        if (what < 35) {
            const char c = letters[static_cast<std::size_t>(pick(static_cast<int>(letters.size())))];
            doc.insert(static_cast<std::size_t>(caret), 1, c);
            rows.push_back({"character_typed", std::string(1, c), ++caret});
        } else if (what < 65) {
            std::string text;
            for (int k = 1 + pick(10); k > 0; --k) text += letters[static_cast<std::size_t>(pick(static_cast<int>(letters.size())))];
            rows.push_back({"proposed_suggestion", text, caret});
            if (pick(3) != 0) {
                doc.insert(static_cast<std::size_t>(caret), text);
                caret += static_cast<long>(text.size());
                rows.push_back({"accepted_suggestion", text, caret});
            }
        } else if (what < 80 && caret > 0) {  // Backspace, with or without a logged count
            const long n = std::min<long>(caret, 1 + pick(4));
            doc.erase(static_cast<std::size_t>(caret - n), static_cast<std::size_t>(n));
            caret -= n;
            rows.push_back({"deletion", pick(4) == 0 ? "" : std::to_string(n), caret});
        } else if (what < 92) {
            caret = pick(static_cast<int>(doc.size()) + 1);
            rows.push_back({"arrow_key", pick(2) ? "ArrowLeft" : "ArrowRight", caret});
        } else if (what < 97 && caret == static_cast<long>(doc.size())) {
            rows.push_back({"current_code", doc, caret});
        }
    }
    return rows;
}

std::string log_text(const std::vector<LogRow>& rows, int minute_offset) {
    std::string out = "timestamp\taction_type\taction_info\tcaret_index\n";
    for (std::size_t i = 0; i < rows.size(); ++i) {
        const int t = minute_offset * 60 + static_cast<int>(i);
        char stamp[40];
        std::snprintf(stamp, sizeof stamp, "2025-03-04T%02d:%02d:%02d.000Z", 10 + t / 3600, t / 60 % 60, t % 60);
        out += std::string(stamp) + "\t" + rows[i].action + "\t" + rows[i].info + "\t" + std::to_string(rows[i].caret) + "\n";
    }
    return out;
}

double mean(const std::vector<double>& v) {
    double s = 0;
    for (double x : v) s += x;
    return s / static_cast<double>(v.size());
}

double standard_error(const std::vector<double>& v) {
    if (v.size() < 2) return 0;
    const double m = mean(v);
    double ss = 0;
    for (double x : v) ss += (x - m) * (x - m);
    return std::sqrt(ss / static_cast<double>(v.size() - 1)) / std::sqrt(static_cast<double>(v.size()));
}

}  // namespace

class TestPaperScriptMetrics : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private slots:
    void participantAndMethodFiguresMatchThePapersScript() {
        const fs::path root = tmp_.path().toStdString();
        const std::vector<std::string> methods = {"eta4", "untrained10"};
        std::mt19937 rng(20250304);
        std::vector<fs::path> folders;
        // The oracle: per participant folder, per method.
        std::map<std::string, std::map<std::string, ScriptCounts>> script, as_written;
        for (int p = 0; p < 8; ++p) {
            const auto folder = root / ("participant_" + std::to_string(p));
            const bool swapped = p % 2 == 1;  // counterbalanced: which method is Assistant 1
            const std::string dir1 = "d" + std::to_string(rng() % 1000), dir2 = "e" + std::to_string(rng() % 1000);
            const std::string m1 = methods[swapped ? 1 : 0], m2 = methods[swapped ? 0 : 1];
            fs::create_directories(folder / "no_assistant");
            fs::create_directories(folder / dir1);
            fs::create_directories(folder / dir2);
            write_file_atomic(folder / "mapping_do_not_read.json",
                              R"({"Assistant 1": {"actualName": ")" + m1 + R"(", "obfuscatedDirName": ")" + dir1 +
                                  R"("}, "Assistant 2": {"actualName": ")" + m2 + R"(", "obfuscatedDirName": ")" + dir2 + R"("}})");
            write_file_atomic(folder / "no_assistant" / "lava_log.csv", log_text(simulate_session(rng, 60), 0));
            int minute = 20;
            for (const auto& [dir, method] : {std::pair{dir1, m1}, std::pair{dir2, m2}}) {
                const auto rows = simulate_session(rng, 150 + static_cast<int>(rng() % 200));
                write_file_atomic(folder / dir / "lava_log.csv", log_text(rows, minute));
                minute += 20;
                script[folder.filename().string()][method] = script_counts(rows, false);
                as_written[folder.filename().string()][method] = script_counts(rows, true);
            }
            folders.push_back(folder);
        }

        store::Workspace ws(root / "study.sqlite", true);
        StudyStore store(ws);
        const auto imported = import_tab_frontend(ws, {"cross-check", folders, {}});
        QVERIFY2(imported.warnings.empty(), imported.warnings.empty() ? "" : imported.warnings.front().c_str());
        store.unblind(imported.study_id);
        const auto report = compute_study_report(store, *store.study(imported.study_id));

        std::map<std::string, std::string> folder_of_code;
        for (const auto& [folder, code] : imported.participants) folder_of_code[code] = folder;
        std::map<std::string, std::vector<double>> acceptance, deleted, length;  // method -> participant values
        std::map<std::string, ScriptCounts> totals;
        long compared = 0, ours_chars = 0, written_chars = 0, ours_deleted = 0, written_deleted = 0;
        for (const auto& participant : report.per_participant) {
            const auto& theirs = script.at(folder_of_code.at(participant.code));
            for (const auto& ours : participant.per_slot) {
                const ScriptCounts& s = theirs.at(ours.label);
                QCOMPARE(ours.shown, s.proposed);
                QCOMPARE(ours.accepted, s.accepted);
                QCOMPARE(ours.accepted_chars, s.suggested_chars);
                QCOMPARE(ours.deleted_chars, s.suggested_chars_deleted);
                auto& t = totals[ours.label];
                t.proposed += s.proposed;
                t.accepted += s.accepted;
                t.suggested_chars += s.suggested_chars;
                t.suggested_chars_deleted += s.suggested_chars_deleted;
                if (s.proposed > 0) {
                    acceptance[ours.label].push_back(100.0 * double(s.accepted) / double(s.proposed));
                    QCOMPARE(100.0 * ours.accept_ratio.pooled, acceptance[ours.label].back());
                }
                if (s.accepted > 0) {
                    deleted[ours.label].push_back(double(s.suggested_chars_deleted) / double(s.accepted));
                    length[ours.label].push_back(double(s.suggested_chars) / double(s.accepted));
                    QCOMPARE(ours.deleted_chars_per_accept.pooled, deleted[ours.label].back());
                    QCOMPARE(ours.accepted_chars_per_accept.pooled, length[ours.label].back());
                }
                compared += s.suggested_chars_deleted;
                // The script as written can only add typed characters to accepts.
                const ScriptCounts& w = as_written.at(folder_of_code.at(participant.code)).at(ours.label);
                QVERIFY(w.suggested_chars >= ours.accepted_chars);
                QCOMPARE(w.proposed, ours.shown);
                QCOMPARE(w.accepted, ours.accepted);
                ours_chars += ours.accepted_chars;
                written_chars += w.suggested_chars;
                ours_deleted += ours.deleted_chars;
                written_deleted += w.suggested_chars_deleted;
            }
        }
        qInfo("accepted characters: %ld here, %ld by the script as written; deleted suggested characters: %ld here, %ld by the script as written",
              ours_chars, written_chars, ours_deleted, written_deleted);
        QVERIFY2(compared > 20, "the generated logs delete too few suggested characters to test anything");

        for (const auto& group : report.groups) {
            const auto& t = totals.at(group.label);
            QCOMPARE(100.0 * group.accept_ratio.pooled, 100.0 * double(t.accepted) / double(t.proposed));
            QCOMPARE(group.deleted_chars_per_accept.pooled, double(t.suggested_chars_deleted) / double(t.accepted));
            QCOMPARE(group.accepted_chars_per_accept.pooled, double(t.suggested_chars) / double(t.accepted));
            QCOMPARE(group.accept_ratio.participants, static_cast<int>(acceptance[group.label].size()));
            QVERIFY(std::abs(100.0 * group.accept_ratio.participant_mean - mean(acceptance[group.label])) < 1e-9);
            QVERIFY(std::abs(100.0 * group.accept_ratio.participant_se - standard_error(acceptance[group.label])) < 1e-9);
            QVERIFY(std::abs(group.deleted_chars_per_accept.participant_mean - mean(deleted[group.label])) < 1e-9);
            QVERIFY(std::abs(group.deleted_chars_per_accept.participant_se - standard_error(deleted[group.label])) < 1e-9);
            QVERIFY(std::abs(group.accepted_chars_per_accept.participant_mean - mean(length[group.label])) < 1e-9);
            QVERIFY(std::abs(group.accepted_chars_per_accept.participant_se - standard_error(length[group.label])) < 1e-9);
        }
    }
};

QTEST_GUILESS_MAIN(TestPaperScriptMetrics)
#include "test_paper_script_metrics.moc"

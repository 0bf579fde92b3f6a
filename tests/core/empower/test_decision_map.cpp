// A file's decision map (empower/decision_map.h) on a tiny random model: every token of a file
// longer than the model's context is scored once, each placed in the text by code points and
// lines (non-ASCII included), its NLL the same as scoring its window directly, and the map's
// points and counts agree with decision_points on those NLLs.
#include "empower/decision_map.h"
#include "empower/decision_points.h"
#include "lm/document_windows.h"
#include "support/tiny_model.h"
#include "support/utf8.h"

#include <QtTest>
#include <cmath>

using namespace ew;

class TestDecisionMap : public QObject {
    Q_OBJECT
private slots:
    void coversALongFileAndPlacesEveryToken() {
        const auto model = testing::tiny_model();
        std::string text;
        for (int i = 0; i < 40; ++i) text += "def f" + std::to_string(i) + "(x):  # größe ✓\n    return x * " + std::to_string(i) + "\n";
        const auto ids = model->tokenizer().encode(text);
        QVERIFY2(ids.size() > 4 * lm::whole_file_window(model->context_length()), "the file must span several windows");
        std::atomic<bool> cancelled{false};
        std::size_t last_progress = 0;
        const auto scores = empower::score_file(*model, text, 3, cancelled, [&](const empower::FileScores& so_far, std::size_t total) {
            QVERIFY(so_far.tokens.size() > last_progress && total == ids.size());
            QCOMPARE(so_far.complete, so_far.tokens.size() == total);
            last_progress = so_far.tokens.size();
        });
        QVERIFY(scores.complete);
        QCOMPARE(scores.tokens.size(), ids.size());
        QCOMPARE(last_progress, ids.size());
        const auto code_points = utf8_to_u32(text);
        QCOMPARE(scores.total_chars, code_points.size());
        std::size_t chars = 0, byte = 0;
        for (const auto& t : scores.tokens) {
            QCOMPARE(t.byte_offset, byte);
            QCOMPARE(t.offset, chars);  // every boundary here falls between characters
            QCOMPARE(t.line, std::size_t(1 + std::count(text.begin(), text.begin() + long(byte), '\n')));
            QVERIFY(t.nll >= 0 && std::isfinite(t.nll));
            QVERIFY(t.top.size() == 3 && t.rank >= 0 && t.rank <= 3);
            if (t.rank > 0) QCOMPARE(t.top[std::size_t(t.rank) - 1].id, t.id);
            chars += t.chars;
            byte += t.bytes;
        }
        QCOMPARE(byte, text.size());
        QCOMPARE(chars, code_points.size());

        // The same NLLs as score_document's windows, which the editor's colouring shows.
        const std::size_t window = lm::whole_file_window(model->context_length());
        const auto direct = lm::score_document(*model, ids, window, window, 0, cancelled);
        for (std::size_t i = 0; i < ids.size(); i += 37) QVERIFY(std::abs(scores.tokens[i].nll + direct[i].logprob) < 1e-5);

        std::vector<double> nll;
        for (const auto& t : scores.tokens) nll.push_back(t.nll);
        for (const double eta : {0.5, 4.0, 16.0}) {
            const auto map = empower::decision_map(scores, eta);
            QCOMPARE(map.points, empower::decision_points(nll, eta));
            std::size_t decided = 0;
            for (const auto i : map.points) decided += scores.tokens[i].chars;
            QCOMPARE(map.total_chars, code_points.size());
            QCOMPARE(map.completable_chars, map.total_chars - decided);
            QCOMPARE(map.by_eta.size(), empower::share_curve_etas().size());
        }
    }

    // After an edit, the windows before it are kept and only the rest is scored: the same tokens,
    // places and numbers as scoring the edited file from the start, in fewer model calls.
    void anEditRescoresFromItsWindowOnly() {
        const auto model = testing::tiny_model();
        std::string text;
        for (int i = 0; i < 30; ++i) text += "def f" + std::to_string(i) + "(x):\n    return x * " + std::to_string(i) + "\n";
        std::atomic<bool> cancelled{false};
        const auto before = empower::score_file(*model, text, 2, cancelled);
        std::string edited = text;
        edited.insert(edited.size() * 3 / 4, "    y = größe(x)\n");
        int calls_fresh = 0, calls_kept = 0;
        std::size_t first_report = 0;
        const auto fresh = empower::score_file(*model, edited, 2, cancelled, [&](const empower::FileScores&, std::size_t) { ++calls_fresh; });
        const auto kept = empower::score_file(
            *model, edited, 2, cancelled,
            [&](const empower::FileScores& so_far, std::size_t) {
                if (calls_kept++ == 0) first_report = so_far.tokens.size();
            },
            &before);
        QVERIFY(kept.complete && fresh.complete);
        QCOMPARE(kept.tokens.size(), fresh.tokens.size());
        QCOMPARE(kept.total_chars, fresh.total_chars);
        for (std::size_t i = 0; i < fresh.tokens.size(); ++i) {
            const auto &a = kept.tokens[i], &b = fresh.tokens[i];
            QCOMPARE(a.id, b.id);
            QCOMPARE(a.byte_offset, b.byte_offset);
            QCOMPARE(a.offset, b.offset);
            QCOMPARE(a.line, b.line);
            QCOMPARE(a.rank, b.rank);
            QVERIFY2(std::abs(a.nll - b.nll) < 1e-6, qPrintable(QString("token %1: %2 vs %3").arg(i).arg(a.nll).arg(b.nll)));
        }
        const std::size_t window = lm::whole_file_window(model->context_length());
        QVERIFY2(first_report >= 2 * window, qPrintable(QString::number(first_report)));  // kept windows, reported at once
        QVERIFY2(calls_kept - 1 < calls_fresh - 1, qPrintable(QString("%1 vs %2 windows").arg(calls_kept - 1).arg(calls_fresh)));
        // An unrelated earlier version keeps nothing and still gives the right scores.
        const auto unrelated = empower::score_file(*model, "print('hello')\n", 2, cancelled);
        const auto again = empower::score_file(*model, edited, 2, cancelled, {}, &unrelated);
        QCOMPARE(again.tokens.size(), fresh.tokens.size());
        QVERIFY(std::abs(again.tokens.back().nll - fresh.tokens.back().nll) < 1e-6);
    }

    void aCancelledScoringKeepsWhatItScored() {
        const auto model = testing::tiny_model();
        std::string text;
        for (int i = 0; i < 30; ++i) text += "for row in grid:\n    print(row)\n";
        std::atomic<bool> cancelled{false};
        const auto scores = empower::score_file(*model, text, 0, cancelled, [&](const empower::FileScores&, std::size_t) { cancelled = true; });
        QVERIFY(!scores.complete);
        QCOMPARE(scores.tokens.size(), lm::whole_file_window(model->context_length()));  // one window, then the stop
        const auto map = empower::decision_map(scores, 4.0);
        QVERIFY(map.total_chars < utf8_to_u32(text).size());
    }
};

QTEST_GUILESS_MAIN(TestDecisionMap)
#include "test_decision_map.moc"

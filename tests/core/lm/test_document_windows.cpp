// Long documents are scored window by window (core/lm/document_windows.h): every token exactly
// once, in order, each pass bounded by context + fresh tokens; with a context that reaches the
// start, the windows score exactly what one pass over the document scores; progress arrives per
// window, and cancelling stops before the next window.
#include "lm/document_windows.h"
#include "lm/transformer_language_model.h"
#include "support/tiny_model.h"

#include <QtTest>
#include <cmath>
#include <random>

using namespace ew;

class TestDocumentWindows : public QObject {
    Q_OBJECT

private slots:
    void windowsCoverEveryTokenOnceWithBoundedPasses() {
        std::mt19937 rng(3);
        for (int trial = 0; trial < 500; ++trial) {
            const std::size_t n = rng() % 300, fresh = rng() % 40, context = rng() % 60;
            const auto windows = lm::document_windows(n, fresh, context);
            std::size_t next = 0;
            for (const auto& w : windows) {
                QCOMPARE(w.begin, next);
                QVERIFY(w.end > w.begin && w.end <= n);
                QVERIFY(w.end - w.begin <= std::max<std::size_t>(1, fresh));
                QVERIFY(w.context_begin <= w.begin && w.begin - w.context_begin <= context);
                // The context is as long as it may be: all of it, or `context` tokens.
                QCOMPARE(w.begin - w.context_begin, std::min(w.begin, context));
                next = w.end;
            }
            QCOMPARE(next, n);
            QCOMPARE(windows.size(), (n + std::max<std::size_t>(1, fresh) - 1) / std::max<std::size_t>(1, fresh));
        }
    }

    void windowsReachingTheStartEqualOnePass() {
        const auto model = testing::tiny_model(5);
        const auto ids = model->tokenizer().encode(
            "def read_grid():\n    rows = int(input())\n    return [input() for _ in range(rows)]\n\n"
            "for row in read_grid():\n    for cell in row:\n        print(cell, end='')\n    print()\n");
        const lm::ScoreRequest whole{{}, ids};
        const auto reference = model->score(std::span(&whole, 1), 3).front();
        const std::atomic<bool> never{false};
        std::vector<std::size_t> reported;
        const auto windowed = lm::score_document(*model, ids, 7, ids.size(), 3, never,
                                                 [&](std::size_t done, std::size_t total, const std::vector<lm::ScoredToken>& w) {
                                                     QCOMPARE(total, ids.size());
                                                     QVERIFY(!w.empty());
                                                     reported.push_back(done);
                                                 });
        QCOMPARE(windowed.size(), ids.size());
        QCOMPARE(reported.size(), (ids.size() + 6) / 7);
        QCOMPARE(reported.back(), ids.size());
        for (std::size_t i = 0; i < ids.size(); ++i) {
            QCOMPARE(windowed[i].id, ids[i]);
            QVERIFY2(std::abs(windowed[i].logprob - reference[i].logprob) < 1e-4f,
                     qPrintable(QString("token %1: %2 vs %3").arg(i).arg(windowed[i].logprob).arg(reference[i].logprob)));
            QCOMPARE(windowed[i].top.size(), reference[i].top.size());
        }
        // A short context sees less: still every token, finite, and not all equal to the full view.
        const auto bounded = lm::score_document(*model, ids, 7, 5, 0, never);
        QCOMPARE(bounded.size(), ids.size());
        bool differs = false;
        for (std::size_t i = 0; i < ids.size(); ++i) {
            QVERIFY(std::isfinite(bounded[i].logprob));
            differs = differs || std::abs(bounded[i].logprob - reference[i].logprob) > 1e-3f;
        }
        QVERIFY(differs);
    }

    void cancellingStopsBeforeTheNextWindow() {
        const auto model = testing::tiny_model(5);
        const auto ids = model->tokenizer().encode("x = 1\ny = 2\nz = x + y\nprint(z)\n");
        std::atomic<bool> cancelled{false};
        int windows = 0;
        const auto scored = lm::score_document(*model, ids, 4, 16, 0, cancelled, [&](std::size_t, std::size_t, const auto&) {
            ++windows;
            cancelled = true;  // as the GUI's Stop does, from any thread
        });
        QCOMPARE(windows, 1);
        QCOMPARE(scored.size(), std::size_t{4});
    }
};

QTEST_GUILESS_MAIN(TestDocumentWindows)
#include "test_document_windows.moc"

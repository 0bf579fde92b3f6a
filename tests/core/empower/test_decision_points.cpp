// Decision points (empower/decision_points.h) against their definition, brute force: from each
// restart, the Empower completion is the longest run of tokens whose summed NLL is ≤ η (Eq. 2,
// every length tried and summed afresh); the token after it is a decision point, the human writes
// it, and the next completion starts after it. Random NLL vectors with zeros and exact ties.
#include "empower/decision_points.h"

#include <QtTest>
#include <cmath>
#include <limits>
#include <random>

using namespace ew::empower;

namespace {
std::vector<std::size_t> brute_force(const std::vector<double>& nll, double eta) {
    std::vector<std::size_t> points;
    std::size_t at = 0;
    while (at < nll.size()) {
        std::size_t longest = 0;
        for (std::size_t k = 0; at + k <= nll.size(); ++k) {
            double sum = 0;
            for (std::size_t j = at; j < at + k; ++j) sum += nll[j];
            if (sum <= eta) longest = k;
        }
        if (at + longest == nll.size()) break;
        points.push_back(at + longest);
        at += longest + 1;
    }
    return points;
}
}  // namespace

class TestDecisionPoints : public QObject {
    Q_OBJECT
private slots:
    void matchesBruteForceOnRandomVectors() {
        std::mt19937 rng(16);
        std::exponential_distribution<double> spread(0.5);
        std::uniform_int_distribution<int> length(0, 60), kind(0, 5);
        for (int trial = 0; trial < 2000; ++trial) {
            std::vector<double> nll(static_cast<std::size_t>(length(rng)));
            for (auto& v : nll) {
                const int k = kind(rng);
                v = k == 0 ? 0.0 : k == 1 ? 1.0 : k == 2 ? 2.0 : std::round(spread(rng) * 4) / 4;  // zeros and exact sums
            }
            for (const double eta : {0.0, 0.5, 1.0, 2.0, 3.0, 8.0, 100.0})
                QCOMPARE(decision_points(nll, eta), brute_force(nll, eta));
        }
    }

    void theRuleAtItsEdges() {
        // A sum exactly at η is still suggested; the next token passes it.
        QCOMPARE(decision_points(std::vector<double>{1, 1, 1, 1}, 2.0), (std::vector<std::size_t>{2}));
        // The decision token's own NLL does not carry over: after it the count starts at 0.
        QCOMPARE(decision_points(std::vector<double>{5, 1, 1}, 2.0), (std::vector<std::size_t>{0}));
        // A token above η alone is always a decision point; at η = 0 every token with any surprise is one.
        QCOMPARE(decision_points(std::vector<double>{0, 3, 0, 0.1}, 0.0), (std::vector<std::size_t>{1, 3}));
        QVERIFY(decision_points(std::vector<double>{}, 4.0).empty());
    }

    void completableShareCountsCharactersOutsideDecisionTokens() {
        const std::vector<double> nll = {0.5, 9.0, 0.5, 0.5};
        const std::vector<std::size_t> chars = {4, 2, 3, 1};
        QCOMPARE(completable_share(nll, chars, 2.0), 8.0 / 10.0);  // the 2-character token is a decision point
        QCOMPARE(completable_share(nll, chars, 10.0), 9.0 / 10.0);  // the sum passes 10 at the last token
        QCOMPARE(completable_share(nll, chars, 10.5), 1.0);
        QCOMPARE(completable_share(std::vector<double>{}, std::vector<std::size_t>{}, 1.0), 1.0);
        // More η never means fewer completable characters on this vector; the curve's η rise from 0.5 to 32.
        const auto etas = share_curve_etas();
        QCOMPARE(etas.front(), 0.5);
        QVERIFY(std::abs(etas.back() - 32.0) < 1e-9);
        QVERIFY(std::is_sorted(etas.begin(), etas.end()));
    }

    void invalidInputIsRefused() {
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decision_points(std::vector<double>{1.0, -0.5}, 2.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decision_points(std::vector<double>{std::numeric_limits<double>::quiet_NaN()}, 2.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, decision_points(std::vector<double>{1.0}, -1.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, completable_share(std::vector<double>{1.0}, std::vector<std::size_t>{}, 1.0));
    }
};

QTEST_GUILESS_MAIN(TestDecisionPoints)
#include "test_decision_points.moc"

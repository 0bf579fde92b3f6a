// Within-subject tests against scipy 1.10 (Debian's python3-scipy): ttest_rel, wilcoxon (exact,
// and the normal approximation with ties or zeros), an exact sign-flip test checked against
// brute force over every sign pattern, the cluster bootstrap's interval, and expectations.
#include "study/cluster_bootstrap.h"
#include "study/expectation.h"
#include "study/paired_tests.h"
#include "support/error.h"

#include <QtTest>
#include <cmath>

using namespace ew;
using namespace ew::study;

namespace {
const std::vector<double> kA{0.42, 0.55, 0.31, 0.60, 0.47, 0.52, 0.38, 0.66};
const std::vector<double> kB{0.30, 0.41, 0.35, 0.44, 0.40, 0.33, 0.29, 0.50};

bool close(double x, double y, double tolerance = 1e-9) { return std::fabs(x - y) <= tolerance * std::max(1.0, std::fabs(y)); }
}  // namespace

class TestPairedTests : public QObject {
    Q_OBJECT
private slots:
    void pairedTMatchesScipy() {
        const auto t = paired_t_test(kA, kB);
        QVERIFY(t.valid);
        QCOMPARE(t.n, 8);
        QVERIFY(close(t.t, 4.334653849140341));
        QCOMPARE(t.df, 7.0);
        QVERIFY(close(t.p_two_sided, 0.003418335616460287));
        QVERIFY(close(t.p_greater, 0.0017091678082301436));
        QVERIFY(close(t.p_less, 0.9982908321917698));
        QVERIFY(!paired_t_test({1, 2}, {0, 1}).valid);  // no variance in the differences
    }
    void wilcoxonExactMatchesScipy() {
        const auto w = wilcoxon_signed_rank(kA, kB);
        QVERIFY(w.valid && w.exact);
        QCOMPARE(w.r_plus, 35.0);  // all ranks but the smallest (the one negative difference)
        QVERIFY(close(w.p_two_sided, 0.015625));
        QVERIFY(close(w.p_greater, 0.0078125));
        QVERIFY(close(w.p_less, 0.99609375));
    }
    void wilcoxonApproximatesWithTiesOrZeros() {
        // Tied |differences|, no zeros: scipy.stats.wilcoxon(method="approx", correction=False).
        const std::vector<double> c{3, 5, 2, 8, 6, 1, 4, 6, 2, 7, 3}, d{1, 4, 3, 4, 2, 2, 1, 2, 4, 3, 1};
        auto w = wilcoxon_signed_rank(c, d);
        QVERIFY(w.valid && !w.exact);
        QCOMPARE(w.r_plus, 57.0);
        QVERIFY(close(w.p_two_sided, 0.03131127134160312));
        QVERIFY(close(w.p_greater, 0.01565563567080156));
        QVERIFY(close(w.p_less, 0.9843443643291985));
        // Zeros are dropped (Wilcoxon's method) and force the approximation, as scipy's "auto" does.
        const std::vector<double> e{3, 5, 2, 8, 5, 1, 4, 6, 2, 7, 3}, f{1, 5, 3, 4, 2, 1, 1, 2, 4, 3, 1};
        w = wilcoxon_signed_rank(e, f);
        QVERIFY(w.valid && !w.exact);
        QCOMPARE(w.n, 9);
        QVERIFY(close(w.p_two_sided, 0.02716064210717801));
        QVERIFY(close(w.p_greater, 0.013580321053589006));
        QVERIFY(!wilcoxon_signed_rank({1, 2}, {1, 2}).valid);  // every difference zero
    }
    void signFlipIsExact() {
        const auto s = sign_flip_test(kA, kB);
        QVERIFY(s.valid);
        QVERIFY(close(s.p_greater, 2.0 / 256));  // brute force over the 256 sign patterns
        QVERIFY(close(s.p_less, 255.0 / 256));
        QVERIFY(close(s.p_two_sided, 4.0 / 256));
        std::vector<double> many(21, 1.0), none(21, 0.0);
        QVERIFY(!sign_flip_test(many, none).valid);  // beyond 2^20 patterns it is not offered
        QCOMPARE(sign_flip_test(std::vector<double>(20, 1.0), std::vector<double>(20, 0.0)).p_greater, 1.0 / (1 << 20));
    }
    void unequalLengthsAreAnError() {
        QVERIFY_THROWS_EXCEPTION(Error, paired_t_test({1, 2, 3}, {1, 2}));
        QVERIFY_THROWS_EXCEPTION(Error, wilcoxon_signed_rank({1}, {}));
    }
    void clusterBootstrapKeepsParticipantsTogether() {
        // Arm a accepts 3 of 10 for every participant, arm b 1 of 10: the pooled difference is 0.2
        // in every resample, so the interval is exactly [0.2, 0.2].
        std::vector<RateTotals> a(6, {3, 10}), b(6, {1, 10});
        auto ci = cluster_bootstrap_rate_difference(a, b, 500);
        QVERIFY(ci.valid);
        QVERIFY(close(ci.estimate, 0.2) && close(ci.lower, 0.2) && close(ci.upper, 0.2));
        // One participant with far more suggestions than the others: the interval is wide, and
        // the same seed gives the same interval.
        a = {{90, 100}, {1, 10}, {2, 10}, {1, 10}, {0, 10}, {2, 10}};
        b = {{10, 100}, {1, 10}, {1, 10}, {2, 10}, {1, 10}, {1, 10}};
        ci = cluster_bootstrap_rate_difference(a, b, 2000);
        QVERIFY(ci.lower < 0.05 && ci.upper > 0.4 && ci.lower <= ci.estimate && ci.estimate <= ci.upper);
        const auto again = cluster_bootstrap_rate_difference(a, b, 2000);
        QCOMPARE(again.lower, ci.lower);
        QCOMPARE(again.upper, ci.upper);
        QVERIFY(!cluster_bootstrap_rate_difference({{1, 0}}, {{1, 0}}).valid);  // no denominator
    }
    void expectationsAreParsed() {
        const auto e = Expectation::parse("  empower-4 >base-20 ");
        QCOMPARE(e.better, std::string("empower-4"));
        QCOMPARE(e.worse, std::string("base-20"));
        QCOMPARE(e.text(), std::string("empower-4 > base-20"));
        for (const char* bad : {"empower-4", "a > a", "> b", "a > b > c", "a < b"})
            QVERIFY_THROWS_EXCEPTION(Error, Expectation::parse(bad));
    }
};

QTEST_APPLESS_MAIN(TestPairedTests)
#include "test_paired_tests.moc"

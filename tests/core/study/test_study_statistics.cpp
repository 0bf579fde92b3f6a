// The study statistics against values computed here independently, straight from the formulas:
// binomial tails by exact integer sums, the t and normal tails by numerical integration of their
// densities — none of it through the incomplete beta the implementation uses.
#include "study/study_statistics.h"

#include <QtTest>
#include <cmath>

using namespace ew::study;

namespace {

double choose(int n, int k) {
    double c = 1;
    for (int i = 1; i <= k; ++i) c = c * (n - k + i) / i;
    return c;
}
double binomial_tail_at_least(int k, int n, double p) {
    double s = 0;
    for (int i = k; i <= n; ++i) s += choose(n, i) * std::pow(p, i) * std::pow(1 - p, n - i);
    return s;
}
// Simpson's rule on [a, b] with many panels: slow but obviously right.
template <typename F>
double integrate(F f, double a, double b, int panels = 200000) {
    const double h = (b - a) / panels;
    double s = f(a) + f(b);
    for (int i = 1; i < panels; ++i) s += f(a + i * h) * (i % 2 ? 4 : 2);
    return s * h / 3;
}
double t_density(double x, double df) {
    return std::exp(std::lgamma((df + 1) / 2) - std::lgamma(df / 2)) / std::sqrt(df * M_PI) *
           std::pow(1 + x * x / df, -(df + 1) / 2);
}

}  // namespace

class TestStudyStatistics : public QObject {
    Q_OBJECT
private slots:
    void paperPreferenceCases() {
        // Sec. 5.3: 14 of 18 preferred Empower for enjoyment, p = 0.015 (one-sided).
        auto t = binomial_test(14, 18);
        QVERIFY(std::fabs(t.p_greater - 4048.0 / 262144.0) < 1e-12);  // (C(18,14)+...+C(18,18)) / 2^18
        QVERIFY(std::fabs(t.p_two_sided - 2 * 4048.0 / 262144.0) < 1e-12);
        QVERIFY(std::fabs(t.p_greater - 0.015) < 0.0005);
        // App. E.5: 17 of 18 for deletions, p = 0.00007.
        t = binomial_test(17, 18);
        QVERIFY(std::fabs(t.p_greater - 19.0 / 262144.0) < 1e-15);
        QVERIFY(std::fabs(t.p_greater - 0.00007) < 0.000005);
        // 61% (11 of 18) for relevance, p = 0.240.
        t = binomial_test(11, 18);
        QVERIFY(std::fabs(t.p_greater - binomial_tail_at_least(11, 18, 0.5)) < 1e-12);
        QVERIFY(std::fabs(t.p_greater - 0.240) < 0.0005);
        QVERIFY(std::fabs(t.p_less - (1 - binomial_tail_at_least(12, 18, 0.5))) < 1e-12);
    }

    void twoSidedBinomialWithUnequalP() {
        // p0 = 0.3, n = 10, k = 6: two-sided sums outcomes no more likely than P(X = 6).
        const int n = 10, k = 6;
        const double p0 = 0.3;
        const double pk = choose(n, k) * std::pow(p0, k) * std::pow(1 - p0, n - k);
        double expected = 0;
        for (int i = 0; i <= n; ++i) {
            const double pi = choose(n, i) * std::pow(p0, i) * std::pow(1 - p0, n - i);
            if (pi <= pk * (1 + 1e-7)) expected += pi;
        }
        QVERIFY(std::fabs(binomial_test(k, n, p0).p_two_sided - expected) < 1e-12);
        QCOMPARE(binomial_test(0, 0).p_two_sided, 1.0);
        QVERIFY_THROWS_EXCEPTION(std::exception, binomial_test(5, 4));
    }

    void clopperPearsonSolvesItsDefiningEquations() {
        for (auto [k, n] : {std::pair{14, 18}, {0, 10}, {10, 10}, {3, 50}, {1, 1}}) {
            const auto ci = clopper_pearson(k, n);
            QVERIFY(ci.lower <= double(k) / n && double(k) / n <= ci.upper);
            if (k > 0) QVERIFY(std::fabs(binomial_tail_at_least(k, n, ci.lower) - 0.025) < 1e-9);
            else QCOMPARE(ci.lower, 0.0);
            if (k < n) QVERIFY(std::fabs((1 - binomial_tail_at_least(k + 1, n, ci.upper)) - 0.025) < 1e-9);
            else QCOMPARE(ci.upper, 1.0);
        }
        const auto ci = clopper_pearson(14, 18);  // published tables: 0.524 – 0.936
        QVERIFY(std::fabs(ci.lower - 0.524) < 0.001 && std::fabs(ci.upper - 0.936) < 0.001);
    }

    void incompleteBetaIdentities() {
        for (double x : {0.01, 0.2, 0.5, 0.77, 0.99}) {
            QVERIFY(std::fabs(regularized_incomplete_beta(x, 1, 1) - x) < 1e-13);
            QVERIFY(std::fabs(regularized_incomplete_beta(x, 3.5, 1) - std::pow(x, 3.5)) < 1e-12);
            QVERIFY(std::fabs(regularized_incomplete_beta(x, 2, 5) + regularized_incomplete_beta(1 - x, 5, 2) - 1) < 1e-12);
        }
        QVERIFY(std::fabs(regularized_incomplete_beta(0.5, 40, 40) - 0.5) < 1e-12);
        QVERIFY(std::fabs(beta_quantile(regularized_incomplete_beta(0.3, 2.5, 7), 2.5, 7) - 0.3) < 1e-12);
    }

    void studentTAgainstIntegratedDensity() {
        for (auto [t, df] : {std::pair{2.1, 5.0}, {0.4, 1.0}, {3.7, 17.3}, {1.0, 120.0}}) {
            // two-sided p = 1 - 2·∫₀^|t| density: a finite integral, no truncated tail
            const double centre = integrate([&](double x) { return t_density(x, df); }, 0, t);
            QVERIFY2(std::fabs(student_t_two_sided_p(t, df) - (1 - 2 * centre)) < 1e-9, qPrintable(QString::number(t)));
        }
    }

    void welchAgainstItsFormula() {
        const std::vector<double> a{12, 0, 30, 7, 15, 22, 3}, b{4, 9, 0, 2, 11, 5, 0, 1};
        auto mean = [](const std::vector<double>& v) { double s = 0; for (double x : v) s += x; return s / v.size(); };
        auto var = [&](const std::vector<double>& v) { double m = mean(v), s = 0; for (double x : v) s += (x - m) * (x - m); return s / (v.size() - 1); };
        const double sa = var(a) / a.size(), sb = var(b) / b.size();
        const double t = (mean(a) - mean(b)) / std::sqrt(sa + sb);
        const double df = (sa + sb) * (sa + sb) / (sa * sa / (a.size() - 1) + sb * sb / (b.size() - 1));
        const auto w = welch_t_test(a, b);
        QVERIFY(w.valid);
        QVERIFY(std::fabs(w.t - t) < 1e-12 && std::fabs(w.df - df) < 1e-9);
        const double tail = 0.5 - integrate([&](double x) { return t_density(x, df); }, 0, t);
        QVERIFY(std::fabs(w.p_two_sided - 2 * tail) < 1e-9);
        QVERIFY(std::fabs(w.p_greater - tail) < 1e-9);
        QVERIFY(!welch_t_test({1.0}, {2.0, 3.0}).valid);
        QVERIFY(!welch_t_test({1.0, 1.0}, {2.0, 2.0}).valid);  // no variance: no test, not a division by zero
    }

    void twoProportionZAgainstItsFormula() {
        // Acceptance 8.08% vs 6.18% as in the paper, with counts of the study's size.
        const long x1 = 303, n1 = 3750, x2 = 371, n2 = 6000;
        const double p = double(x1 + x2) / (n1 + n2);
        const double z = (double(x1) / n1 - double(x2) / n2) / std::sqrt(p * (1 - p) * (1.0 / n1 + 1.0 / n2));
        const auto r = two_proportion_z_test(x1, n1, x2, n2);
        QVERIFY(std::fabs(r.z - z) < 1e-12);
        const double tail = integrate([](double x) { return std::exp(-x * x / 2) / std::sqrt(2 * M_PI); }, z, z + 40);
        QVERIFY(std::fabs(r.p_greater - tail) < 1e-9);
        QVERIFY(std::fabs(r.p_two_sided - 2 * tail) < 1e-9);
        QCOMPARE(two_proportion_z_test(0, 5, 0, 7).p_two_sided, 1.0);
    }
};

QTEST_GUILESS_MAIN(TestStudyStatistics)
#include "test_study_statistics.moc"

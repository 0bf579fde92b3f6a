#include "study/study_statistics.h"

#include "support/error.h"

#include <cmath>
#include <limits>
#include <string>

namespace ew::study {

namespace {

double log_binomial_pmf(int k, int n, double p) {
    if (p <= 0) return k == 0 ? 0 : -std::numeric_limits<double>::infinity();
    if (p >= 1) return k == n ? 0 : -std::numeric_limits<double>::infinity();
    return std::lgamma(n + 1.0) - std::lgamma(k + 1.0) - std::lgamma(n - k + 1.0) + k * std::log(p) + (n - k) * std::log1p(-p);
}

// Continued fraction of I_x(a, b), evaluated by the modified Lentz method; converges quickly
// for x < (a + 1) / (a + b + 2), which the caller ensures by symmetry.
double beta_continued_fraction(double x, double a, double b) {
    constexpr double tiny = 1e-300;
    double c = 1, d = 1 - (a + b) * x / (a + 1);
    if (std::fabs(d) < tiny) d = tiny;
    d = 1 / d;
    double h = d;
    for (int m = 1; m <= 10000; ++m) {
        const double m2 = 2.0 * m;
        double aa = m * (b - m) * x / ((a + m2 - 1) * (a + m2));  // even step
        d = 1 + aa * d;
        if (std::fabs(d) < tiny) d = tiny;
        c = 1 + aa / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1 / d;
        h *= d * c;
        aa = -(a + m) * (a + b + m) * x / ((a + m2) * (a + m2 + 1));  // odd step
        d = 1 + aa * d;
        if (std::fabs(d) < tiny) d = tiny;
        c = 1 + aa / c;
        if (std::fabs(c) < tiny) c = tiny;
        d = 1 / d;
        const double delta = d * c;
        h *= delta;
        if (std::fabs(delta - 1) < 1e-15) break;
    }
    return h;
}

}  // namespace

double regularized_incomplete_beta(double x, double a, double b) {
    if (!(a > 0) || !(b > 0)) throw Error("incomplete beta needs a > 0 and b > 0");
    if (x <= 0) return 0;
    if (x >= 1) return 1;
    const double log_front = std::lgamma(a + b) - std::lgamma(a) - std::lgamma(b) + a * std::log(x) + b * std::log1p(-x);
    if (x < (a + 1) / (a + b + 2)) return std::exp(log_front) * beta_continued_fraction(x, a, b) / a;
    return 1 - std::exp(log_front) * beta_continued_fraction(1 - x, b, a) / b;
}

double beta_quantile(double probability, double a, double b) {
    if (probability <= 0) return 0;
    if (probability >= 1) return 1;
    // I_x is increasing in x: bisection to double precision is exact enough and cannot diverge.
    double lo = 0, hi = 1;
    for (int i = 0; i < 200 && hi - lo > 1e-16; ++i) {
        const double mid = 0.5 * (lo + hi);
        (regularized_incomplete_beta(mid, a, b) < probability ? lo : hi) = mid;
    }
    return 0.5 * (lo + hi);
}

double student_t_two_sided_p(double t, double df) {
    if (!(df > 0)) throw Error("Student's t needs df > 0");
    if (!std::isfinite(t)) return 0;
    return regularized_incomplete_beta(df / (df + t * t), df / 2, 0.5);
}

BinomialTest binomial_test(int k, int n, double p0) {
    if (n < 0 || k < 0 || k > n) throw Error("binomial test needs 0 <= successes <= trials");
    if (!(p0 >= 0 && p0 <= 1)) throw Error("binomial test needs 0 <= p0 <= 1");
    BinomialTest t{k, n, 0, 0, 0};
    const double log_pk = log_binomial_pmf(k, n, p0);
    // Relative tolerance as in the usual exact test: outcomes as likely as k up to rounding count.
    const double threshold = log_pk + std::log1p(1e-7);
    for (int i = 0; i <= n; ++i) {
        const double lp = log_binomial_pmf(i, n, p0);
        const double p = std::exp(lp);
        if (i >= k) t.p_greater += p;
        if (i <= k) t.p_less += p;
        if (lp <= threshold) t.p_two_sided += p;
    }
    t.p_greater = std::min(1.0, t.p_greater);
    t.p_less = std::min(1.0, t.p_less);
    t.p_two_sided = std::min(1.0, t.p_two_sided);
    return t;
}

Interval clopper_pearson(int k, int n, double confidence) {
    if (n <= 0 || k < 0 || k > n) throw Error("Clopper-Pearson needs 0 <= successes <= trials and trials > 0");
    if (!(confidence > 0 && confidence < 1)) throw Error("confidence must be in (0, 1)");
    const double alpha = 1 - confidence;
    Interval ci;
    ci.lower = k == 0 ? 0 : beta_quantile(alpha / 2, k, n - k + 1);
    ci.upper = k == n ? 1 : beta_quantile(1 - alpha / 2, k + 1, n - k);
    return ci;
}

ZTest two_proportion_z_test(long x1, long n1, long x2, long n2) {
    if (n1 <= 0 || n2 <= 0 || x1 < 0 || x2 < 0 || x1 > n1 || x2 > n2)
        throw Error("two-proportion z-test needs 0 <= x <= n and n > 0 for both groups");
    ZTest t;
    t.p1 = static_cast<double>(x1) / n1;
    t.p2 = static_cast<double>(x2) / n2;
    const double pooled = static_cast<double>(x1 + x2) / static_cast<double>(n1 + n2);
    const double se = std::sqrt(pooled * (1 - pooled) * (1.0 / n1 + 1.0 / n2));
    if (se == 0) return t;  // both proportions 0 or both 1: no evidence either way
    t.z = (t.p1 - t.p2) / se;
    t.p_two_sided = std::erfc(std::fabs(t.z) / std::sqrt(2.0));
    t.p_greater = 0.5 * std::erfc(t.z / std::sqrt(2.0));
    return t;
}

WelchTest welch_t_test(const std::vector<double>& s1, const std::vector<double>& s2) {
    WelchTest t;
    auto mean_var = [](const std::vector<double>& s, double& mean, double& var) {
        mean = 0;
        for (double v : s) mean += v;
        mean /= static_cast<double>(s.size());
        var = 0;
        for (double v : s) var += (v - mean) * (v - mean);
        var /= static_cast<double>(s.size() - 1);
    };
    if (s1.size() < 2 || s2.size() < 2) {
        for (double v : s1) t.mean1 += v / static_cast<double>(s1.size());
        for (double v : s2) t.mean2 += v / static_cast<double>(s2.size());
        return t;
    }
    double v1, v2;
    mean_var(s1, t.mean1, v1);
    mean_var(s2, t.mean2, v2);
    const double a = v1 / static_cast<double>(s1.size()), b = v2 / static_cast<double>(s2.size());
    if (a + b == 0) return t;
    t.t = (t.mean1 - t.mean2) / std::sqrt(a + b);
    // Welch–Satterthwaite degrees of freedom.
    t.df = (a + b) * (a + b) / (a * a / static_cast<double>(s1.size() - 1) + b * b / static_cast<double>(s2.size() - 1));
    t.p_two_sided = student_t_two_sided_p(t.t, t.df);
    t.p_greater = t.t > 0 ? t.p_two_sided / 2 : 1 - t.p_two_sided / 2;
    t.valid = true;
    return t;
}

}  // namespace ew::study

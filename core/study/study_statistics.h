// The statistics a study report needs, from their textbook definitions (no statistics library
// in the stack): exact binomial tests, Clopper–Pearson intervals, the pooled two-proportion
// z-test and Welch's unequal-variance t-test. Special functions: regularized incomplete beta by
// its continued fraction (modified Lentz), the normal tail by std::erfc.
#pragma once
#include <vector>

namespace ew::study {

struct BinomialTest {
    int successes = 0, trials = 0;
    double p_greater = 1;    // one-sided: P(X >= k) under H0
    double p_less = 1;       // one-sided: P(X <= k)
    double p_two_sided = 1;  // sum of P(X = i) over i no more likely than k (the exact test's definition)
};
BinomialTest binomial_test(int successes, int trials, double p0 = 0.5);

struct Interval {
    double lower = 0, upper = 1;
};
// Exact (Clopper–Pearson) confidence interval for a binomial proportion.
Interval clopper_pearson(int successes, int trials, double confidence = 0.95);

struct ZTest {
    double p1 = 0, p2 = 0, z = 0;
    double p_two_sided = 1, p_greater = 1;  // greater: H1 p1 > p2
};
// Pooled two-proportion z-test of x1/n1 against x2/n2.
ZTest two_proportion_z_test(long x1, long n1, long x2, long n2);

struct WelchTest {
    double mean1 = 0, mean2 = 0, t = 0, df = 0;
    double p_two_sided = 1, p_greater = 1;  // greater: H1 mean1 > mean2
    bool valid = false;                     // needs two values per sample and some variance
};
WelchTest welch_t_test(const std::vector<double>& sample1, const std::vector<double>& sample2);

// Special functions (exposed for tests).
double regularized_incomplete_beta(double x, double a, double b);
double beta_quantile(double probability, double a, double b);
double student_t_two_sided_p(double t, double df);

}  // namespace ew::study

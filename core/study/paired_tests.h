// Tests for a within-subject design: each participant used both assistants, so the unit of
// analysis is the participant and the data are their paired differences d = a − b. Defined as
// scipy.stats defines them, so a researcher can check any figure there: ttest_rel, wilcoxon
// (zero_method="wilcox", correction=False, method="auto"), and an exact sign-flip permutation test.
// "greater" is H1: a > b (mean or median difference above 0); "less" the opposite.
#pragma once
#include <vector>

namespace ew::study {

struct PairedTTest {
    int n = 0;
    double mean_difference = 0, t = 0, df = 0;
    double p_two_sided = 1, p_greater = 1, p_less = 1;
    bool valid = false;  // needs two pairs and some variance in the differences
};
PairedTTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b);

struct WilcoxonTest {
    int n = 0;               // pairs with a non-zero difference (zeros are dropped, Wilcoxon's method)
    double r_plus = 0;       // sum of the ranks of |d| where d > 0 (ties get the mean rank)
    bool exact = false;      // exact null distribution (n <= 50, no ties, no zeros); else the normal approximation
    double p_two_sided = 1, p_greater = 1, p_less = 1;
    bool valid = false;      // needs a non-zero difference
};
WilcoxonTest wilcoxon_signed_rank(const std::vector<double>& a, const std::vector<double>& b);

struct SignFlipTest {
    int n = 0;
    double p_two_sided = 1, p_greater = 1, p_less = 1;
    bool valid = false;      // exact only: n between 1 and kMaxPairs
    static constexpr int kMaxPairs = 20;  // 2^20 sign patterns
};
// Exact permutation test of the mean difference: under H0 each difference's sign is a fair coin,
// so p is the share of all 2^n sign patterns whose sum is at least as extreme as the observed one.
SignFlipTest sign_flip_test(const std::vector<double>& a, const std::vector<double>& b);

}  // namespace ew::study

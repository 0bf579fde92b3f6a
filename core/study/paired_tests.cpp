#include "study/paired_tests.h"

#include "study/study_statistics.h"
#include "support/error.h"

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <numeric>

namespace ew::study {

namespace {

std::vector<double> differences(const std::vector<double>& a, const std::vector<double>& b) {
    if (a.size() != b.size()) throw Error("a paired test needs as many values in each arm (one per participant)");
    std::vector<double> d(a.size());
    for (std::size_t i = 0; i < a.size(); ++i) d[i] = a[i] - b[i];
    return d;
}

double normal_upper_tail(double z) { return 0.5 * std::erfc(z / std::sqrt(2.0)); }

}  // namespace

PairedTTest paired_t_test(const std::vector<double>& a, const std::vector<double>& b) {
    const auto d = differences(a, b);
    PairedTTest t;
    t.n = static_cast<int>(d.size());
    if (d.empty()) return t;
    t.mean_difference = std::accumulate(d.begin(), d.end(), 0.0) / static_cast<double>(d.size());
    if (d.size() < 2) return t;
    double var = 0;
    for (double v : d) var += (v - t.mean_difference) * (v - t.mean_difference);
    var /= static_cast<double>(d.size() - 1);
    if (var == 0) return t;
    t.df = static_cast<double>(d.size() - 1);
    t.t = t.mean_difference / std::sqrt(var / static_cast<double>(d.size()));
    t.p_two_sided = student_t_two_sided_p(t.t, t.df);
    t.p_greater = t.t > 0 ? t.p_two_sided / 2 : 1 - t.p_two_sided / 2;
    t.p_less = 1 - t.p_greater;
    t.valid = true;
    return t;
}

WilcoxonTest wilcoxon_signed_rank(const std::vector<double>& a, const std::vector<double>& b) {
    std::vector<double> d;
    bool zeros = false;
    for (double v : differences(a, b))
        if (v != 0) d.push_back(v);
        else zeros = true;
    WilcoxonTest w;
    w.n = static_cast<int>(d.size());
    if (d.empty()) return w;
    // Ranks of |d|, ties sharing their mean rank.
    std::vector<std::size_t> order(d.size());
    std::iota(order.begin(), order.end(), 0);
    std::sort(order.begin(), order.end(), [&](std::size_t i, std::size_t j) { return std::fabs(d[i]) < std::fabs(d[j]); });
    std::vector<double> rank(d.size());
    bool ties = false;
    double tie_term = 0;  // Σ (t³ − t) over tie groups, for the variance
    for (std::size_t i = 0; i < order.size();) {
        std::size_t j = i;
        while (j + 1 < order.size() && std::fabs(d[order[j + 1]]) == std::fabs(d[order[i]])) ++j;
        const double mean_rank = (static_cast<double>(i + 1) + static_cast<double>(j + 1)) / 2;
        for (std::size_t k = i; k <= j; ++k) rank[order[k]] = mean_rank;
        const double t = static_cast<double>(j - i + 1);
        if (t > 1) {
            ties = true;
            tie_term += t * t * t - t;
        }
        i = j + 1;
    }
    for (std::size_t i = 0; i < d.size(); ++i)
        if (d[i] > 0) w.r_plus += rank[i];
    const int n = w.n;
    const double total = static_cast<double>(n) * (n + 1) / 2;
    w.exact = n <= 50 && !ties && !zeros;  // as scipy's method="auto" chooses
    if (w.exact) {
        // Number of subsets of {1..n} with each rank sum: the null distribution of R+.
        const int max_sum = n * (n + 1) / 2;
        std::vector<double> count(static_cast<std::size_t>(max_sum) + 1, 0);
        count[0] = 1;
        for (int r = 1; r <= n; ++r)
            for (int s = max_sum; s >= r; --s) count[static_cast<std::size_t>(s)] += count[static_cast<std::size_t>(s - r)];
        const double patterns = std::ldexp(1.0, n);
        const int observed = static_cast<int>(std::lround(w.r_plus));
        double at_least = 0, at_most = 0;
        for (int s = 0; s <= max_sum; ++s) {
            if (s >= observed) at_least += count[static_cast<std::size_t>(s)];
            if (s <= observed) at_most += count[static_cast<std::size_t>(s)];
        }
        w.p_greater = at_least / patterns;
        w.p_less = at_most / patterns;
        w.p_two_sided = std::min(1.0, 2 * std::min(w.p_greater, w.p_less));
    } else {
        const double mean = total / 2;
        const double variance = static_cast<double>(n) * (n + 1) * (2 * n + 1) / 24 - tie_term / 48;
        if (variance <= 0) return w;
        const double z = (w.r_plus - mean) / std::sqrt(variance);
        w.p_greater = normal_upper_tail(z);
        w.p_less = normal_upper_tail(-z);
        w.p_two_sided = std::min(1.0, 2 * std::min(w.p_greater, w.p_less));
    }
    w.valid = true;
    return w;
}

SignFlipTest sign_flip_test(const std::vector<double>& a, const std::vector<double>& b) {
    const auto d = differences(a, b);
    SignFlipTest t;
    t.n = static_cast<int>(d.size());
    if (d.empty() || t.n > SignFlipTest::kMaxPairs) return t;
    const double observed = std::accumulate(d.begin(), d.end(), 0.0);
    double scale = 0;
    for (double v : d) scale += std::fabs(v);
    const double tolerance = 1e-12 * std::max(1.0, scale);  // sums equal up to rounding count as equal
    const std::uint64_t patterns = std::uint64_t(1) << t.n;
    std::uint64_t greater = 0, less = 0, extreme = 0;
    for (std::uint64_t mask = 0; mask < patterns; ++mask) {
        double sum = 0;
        for (int i = 0; i < t.n; ++i) sum += (mask >> i & 1) ? -std::fabs(d[static_cast<std::size_t>(i)]) : std::fabs(d[static_cast<std::size_t>(i)]);
        if (sum >= observed - tolerance) ++greater;
        if (sum <= observed + tolerance) ++less;
        if (std::fabs(sum) >= std::fabs(observed) - tolerance) ++extreme;
    }
    t.p_greater = static_cast<double>(greater) / static_cast<double>(patterns);
    t.p_less = static_cast<double>(less) / static_cast<double>(patterns);
    t.p_two_sided = static_cast<double>(extreme) / static_cast<double>(patterns);
    t.valid = true;
    return t;
}

}  // namespace ew::study

#include "study/cluster_bootstrap.h"

#include "support/error.h"

#include <algorithm>
#include <cmath>
#include <random>

namespace ew::study {

BootstrapInterval cluster_bootstrap_rate_difference(const std::vector<RateTotals>& a, const std::vector<RateTotals>& b, int resamples,
                                                    double confidence, std::uint64_t seed) {
    if (a.size() != b.size()) throw Error("a paired bootstrap needs each participant's totals in both arms");
    if (!(confidence > 0 && confidence < 1) || resamples < 1) throw Error("bootstrap needs 0 < confidence < 1 and at least one resample");
    BootstrapInterval out;
    const std::size_t n = a.size();
    auto difference = [&](const std::vector<std::size_t>& pick, double& result) {
        RateTotals ta, tb;
        for (auto i : pick) {
            ta.numerator += a[i].numerator;
            ta.denominator += a[i].denominator;
            tb.numerator += b[i].numerator;
            tb.denominator += b[i].denominator;
        }
        if (ta.denominator <= 0 || tb.denominator <= 0) return false;
        result = ta.numerator / ta.denominator - tb.numerator / tb.denominator;
        return true;
    };
    std::vector<std::size_t> all(n);
    for (std::size_t i = 0; i < n; ++i) all[i] = i;
    if (n == 0 || !difference(all, out.estimate)) return out;
    std::mt19937_64 rng(seed);
    std::uniform_int_distribution<std::size_t> draw(0, n - 1);
    std::vector<double> values;
    values.reserve(static_cast<std::size_t>(resamples));
    std::vector<std::size_t> pick(n);
    for (int r = 0; r < resamples; ++r) {
        for (auto& i : pick) i = draw(rng);
        double d = 0;
        if (difference(pick, d)) values.push_back(d);
    }
    if (values.size() < 2) return out;
    std::sort(values.begin(), values.end());
    // Percentile interval, by linear interpolation between order statistics (numpy's default).
    auto quantile = [&](double q) {
        const double position = q * static_cast<double>(values.size() - 1);
        const auto below = static_cast<std::size_t>(std::floor(position));
        const auto above = std::min(values.size() - 1, below + 1);
        return values[below] + (position - static_cast<double>(below)) * (values[above] - values[below]);
    };
    const double alpha = 1 - confidence;
    out.lower = quantile(alpha / 2);
    out.upper = quantile(1 - alpha / 2);
    out.resamples = static_cast<int>(values.size());
    out.valid = true;
    return out;
}

}  // namespace ew::study

// A confidence interval for a pooled rate (Σ numerator / Σ denominator: accepted / shown, deleted
// characters / accepts) that respects how the data were collected. A participant's suggestions are
// not independent draws, so the resampled unit is the participant (a cluster bootstrap): each
// resample draws participants with replacement, keeping each one's suggestions — and, in a
// within-subject study, both of their arms — together.
#pragma once
#include <cstdint>
#include <vector>

namespace ew::study {

struct RateTotals {
    double numerator = 0, denominator = 0;
};

struct BootstrapInterval {
    double estimate = 0;         // on the data as observed
    double lower = 0, upper = 0; // percentile interval
    int resamples = 0;           // resamples with a defined rate in both arms
    bool valid = false;
};

// The difference of pooled rates, arm a − arm b, where a[i] and b[i] are participant i's totals in
// each arm. Deterministic for a given seed, so a report reads the same every time.
BootstrapInterval cluster_bootstrap_rate_difference(const std::vector<RateTotals>& a, const std::vector<RateTotals>& b,
                                                    int resamples = 10000, double confidence = 0.95, std::uint64_t seed = 20240101);

}  // namespace ew::study

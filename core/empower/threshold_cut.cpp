#include "empower/threshold_cut.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ew::empower {

namespace {
// Float log-softmax can return +1e-7 for a certain token; anything larger is a caller bug.
constexpr double kPositiveTolerance = 1e-4;

double checked_nll(double logprob, std::size_t index) {
    if (!std::isfinite(logprob))
        throw std::invalid_argument("log-probability of suffix token " + std::to_string(index) + " is " +
                                    (std::isnan(logprob) ? std::string("NaN") : std::string("infinite")));
    if (logprob > kPositiveTolerance)
        throw std::invalid_argument("log-probability of suffix token " + std::to_string(index) + " is positive (" +
                                    std::to_string(logprob) + "): not a log-probability");
    return logprob > 0 ? 0.0 : -logprob;
}
}  // namespace

std::vector<double> cumulative_nll(std::span<const double> logprobs) {
    std::vector<double> out;
    out.reserve(logprobs.size());
    double sum = 0;
    for (std::size_t i = 0; i < logprobs.size(); ++i) out.push_back(sum += checked_nll(logprobs[i], i));
    return out;
}

std::size_t threshold_cut(std::span<const double> logprobs, double eta, NllUnit unit) {
    if (std::isnan(eta) || eta < 0) throw std::invalid_argument("η must be a non-negative number, got " + std::to_string(eta));
    const double eta_nats = to_nats(eta, unit);  // η = +inf keeps everything
    double sum = 0;
    // Validate every entry, even past the cut: bad input is an error wherever it is.
    std::size_t cut = logprobs.size();
    for (std::size_t i = 0; i < logprobs.size(); ++i) {
        sum += checked_nll(logprobs[i], i);
        if (cut == logprobs.size() && sum > eta_nats) cut = i;
    }
    return cut;
}

std::size_t threshold_cut(std::span<const float> logprobs, double eta, NllUnit unit) {
    std::vector<double> wide(logprobs.begin(), logprobs.end());
    return threshold_cut(std::span<const double>(wide), eta, unit);
}

}  // namespace ew::empower

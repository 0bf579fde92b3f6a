// How likely a user is to keep the next suggested token, as a function of the cumulative NLL at
// that token (issue 16 §2): the online estimate behind the adaptive η (empower/adaptive_eta.h).
//
// The model. A shown suggestion is read token by token; token i is kept, given that the ones
// before it were, with probability p(c_i) = σ(a − b·c_i), c_i its cumulative NLL in nats. A
// suggestion of which the user kept k of n shown tokens (accepted whole: k = n; partly: the k kept;
// rejected, dismissed or typed over: 0) says: k keeps at c_1 … c_k and, when k < n, one stop at
// c_{k+1}; the tokens after that were never judged (a discrete-time survival model with hazard
// 1 − p). Why logistic in c: it is monotone and has two parameters, so a few dozen suggestions
// pin it down, and an Empower cut is a threshold on c, so c is the variable η acts on.
//
// The estimate. A Gaussian prior on (a, b) and the exact Laplace approximation of the posterior,
// refitted by Newton's method after every suggestion on the counts of keeps and stops per
// 0.25-nat bin of c (sufficient statistics up to the binning, at most 0.125 nats off: the state is
// 2 × 160 counts, whatever the number of suggestions, and is what the workspace stores).
// Predictions integrate over the posterior (the probit approximation), so an uncertain curve is
// pulled towards ½ instead of trusted.
#pragma once
#include <array>
#include <cstddef>
#include <nlohmann/json_fwd.hpp>
#include <span>

namespace ew::empower {

struct KeepCurvePrior {
    // p(keep) at c = 0 is σ(2) ≈ 0.88 and halves by c ≈ 6.7 nats; wide enough for any user.
    double a_mean = 2.0, a_sd = 1.5;
    double b_mean = 0.3, b_sd = 0.3;
};

class KeepCurve {
public:
    static constexpr double kBinWidth = 0.25;  // nats
    static constexpr std::size_t kBins = 160;  // 0 … 40 nats; beyond: the last bin

    explicit KeepCurve(const KeepCurvePrior& prior = {});

    // One shown suggestion: the cumulative NLL (nats, non-decreasing) at each shown token, and how
    // many of them, from the start, the user kept (≤ their number). Throws std::invalid_argument
    // otherwise.
    void observe(std::span<const double> cumulative_nll, std::size_t kept);

    double keep_probability(double cumulative_nll) const;  // posterior predictive
    double a() const { return mode_[0]; }                  // the posterior's mode (= mean under Laplace)
    double b() const { return mode_[1]; }
    double a_sd() const;
    double b_sd() const;
    std::size_t suggestions() const { return suggestions_; }

    nlohmann::json to_json() const;
    static KeepCurve from_json(const nlohmann::json& j);  // throws ew::Error naming what is wrong

private:
    void fit();
    KeepCurvePrior prior_;
    std::array<double, kBins> kept_{}, stopped_{};
    std::array<double, 2> mode_;
    std::array<double, 3> cov_;  // a-a, a-b, b-b
    std::size_t suggestions_ = 0;
};

}  // namespace ew::empower

#include "empower/keep_curve.h"

#include "support/error.h"

#include <cmath>
#include <nlohmann/json.hpp>
#include <stdexcept>

namespace ew::empower {

namespace {
double sigmoid(double z) { return 1.0 / (1.0 + std::exp(-z)); }
double bin_centre(std::size_t bin) { return (double(bin) + 0.5) * KeepCurve::kBinWidth; }
std::size_t bin_of(double c) {
    const auto b = static_cast<std::size_t>(std::max(0.0, c) / KeepCurve::kBinWidth);
    return std::min(b, KeepCurve::kBins - 1);
}
}  // namespace

KeepCurve::KeepCurve(const KeepCurvePrior& prior) : prior_(prior), mode_{prior.a_mean, prior.b_mean} {
    if (!(prior.a_sd > 0) || !(prior.b_sd > 0)) throw std::invalid_argument("the keep curve's prior needs positive standard deviations");
    cov_ = {prior.a_sd * prior.a_sd, 0.0, prior.b_sd * prior.b_sd};
}

void KeepCurve::observe(std::span<const double> c, std::size_t kept) {
    if (kept > c.size()) throw std::invalid_argument("kept more tokens than were shown");
    for (std::size_t i = 0; i < c.size(); ++i)
        if (!std::isfinite(c[i]) || c[i] < 0 || (i > 0 && c[i] < c[i - 1] - 1e-9))
            throw std::invalid_argument("cumulative NLLs must be finite, ≥ 0 and non-decreasing");
    if (c.empty()) return;
    for (std::size_t i = 0; i < kept; ++i) kept_[bin_of(c[i])] += 1;
    if (kept < c.size()) stopped_[bin_of(c[kept])] += 1;
    ++suggestions_;
    fit();
}

void KeepCurve::fit() {
    // Newton's method on the log posterior, from the last mode (it moves little per suggestion).
    const double pa = 1.0 / (prior_.a_sd * prior_.a_sd), pb = 1.0 / (prior_.b_sd * prior_.b_sd);
    double a = mode_[0], b = mode_[1];
    double haa = 0, hab = 0, hbb = 0;
    for (int iteration = 0; iteration < 50; ++iteration) {
        double ga = -pa * (a - prior_.a_mean), gb = -pb * (b - prior_.b_mean);
        haa = pa, hab = 0, hbb = pb;  // the negative Hessian
        for (std::size_t k = 0; k < kBins; ++k) {
            const double n = kept_[k] + stopped_[k];
            if (n == 0) continue;
            const double c = bin_centre(k), p = sigmoid(a - b * c), w = n * p * (1 - p);
            const double residual = kept_[k] - n * p;  // d/dz of the log-likelihood
            ga += residual;
            gb -= residual * c;
            haa += w;
            hab -= w * c;
            hbb += w * c * c;
        }
        const double det = haa * hbb - hab * hab;
        const double da = (hbb * ga - hab * gb) / det, db = (haa * gb - hab * ga) / det;
        a += da;
        b += db;
        if (std::abs(da) + std::abs(db) < 1e-10) break;
    }
    mode_ = {a, b};
    const double det = haa * hbb - hab * hab;
    cov_ = {hbb / det, -hab / det, haa / det};
}

double KeepCurve::keep_probability(double c) const {
    const double z = mode_[0] - mode_[1] * c;
    const double var = cov_[0] - 2 * c * cov_[1] + c * c * cov_[2];  // of a − b·c
    return sigmoid(z / std::sqrt(1.0 + M_PI * std::max(0.0, var) / 8.0));
}

double KeepCurve::a_sd() const { return std::sqrt(cov_[0]); }
double KeepCurve::b_sd() const { return std::sqrt(cov_[2]); }

nlohmann::json KeepCurve::to_json() const {
    return {{"model", "logistic-keep-v1"},
            {"prior", {{"a_mean", prior_.a_mean}, {"a_sd", prior_.a_sd}, {"b_mean", prior_.b_mean}, {"b_sd", prior_.b_sd}}},
            {"bin_width", kBinWidth},
            {"kept", kept_},
            {"stopped", stopped_},
            {"suggestions", suggestions_}};
}

KeepCurve KeepCurve::from_json(const nlohmann::json& j) {
    try {
        if (j.at("model").get<std::string>() != "logistic-keep-v1") throw Error("unknown keep-curve model " + j.at("model").dump());
        if (j.at("bin_width").get<double>() != kBinWidth) throw Error("keep curve: bins of another width");
        const auto& p = j.at("prior");
        KeepCurve curve({p.at("a_mean").get<double>(), p.at("a_sd").get<double>(), p.at("b_mean").get<double>(), p.at("b_sd").get<double>()});
        const auto kept = j.at("kept").get<std::vector<double>>(), stopped = j.at("stopped").get<std::vector<double>>();
        if (kept.size() != kBins || stopped.size() != kBins) throw Error("keep curve: expected " + std::to_string(kBins) + " bins");
        for (std::size_t k = 0; k < kBins; ++k) {
            if (!(kept[k] >= 0) || !(stopped[k] >= 0)) throw Error("keep curve: counts must be ≥ 0");
            curve.kept_[k] = kept[k];
            curve.stopped_[k] = stopped[k];
        }
        curve.suggestions_ = j.at("suggestions").get<std::size_t>();
        curve.fit();
        return curve;
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("keep curve: ") + e.what());
    } catch (const std::invalid_argument& e) {
        throw Error(std::string("keep curve: ") + e.what());
    }
}

}  // namespace ew::empower

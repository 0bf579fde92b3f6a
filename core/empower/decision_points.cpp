#include "empower/decision_points.h"

#include <cmath>
#include <stdexcept>
#include <string>

namespace ew::empower {

std::vector<std::size_t> decision_points(std::span<const double> nll, double eta) {
    if (!std::isfinite(eta) || eta < 0) throw std::invalid_argument("η must be a finite number ≥ 0");
    std::vector<std::size_t> points;
    double sum = 0;
    for (std::size_t i = 0; i < nll.size(); ++i) {
        if (!std::isfinite(nll[i]) || nll[i] < 0)
            throw std::invalid_argument("token " + std::to_string(i) + " has NLL " + std::to_string(nll[i]) + "; expected a finite number ≥ 0");
        sum += nll[i];
        if (sum > eta) {
            points.push_back(i);
            sum = 0;
        }
    }
    return points;
}

double completable_share(std::span<const double> nll, std::span<const std::size_t> chars, double eta) {
    if (nll.size() != chars.size()) throw std::invalid_argument("completable_share: one character count per token");
    std::size_t total = 0, decided = 0;
    for (const auto c : chars) total += c;
    for (const auto i : decision_points(nll, eta)) decided += chars[i];
    return total == 0 ? 1.0 : double(total - decided) / double(total);
}

std::vector<double> share_curve_etas() {
    std::vector<double> etas;
    for (int step = 0; step <= 24; ++step) etas.push_back(0.5 * std::pow(2.0, step / 4.0));  // 0.5 · 2^(k/4), k = 0 … 24: up to 32
    return etas;
}

}  // namespace ew::empower

#include "empower/adaptive_eta.h"

#include "empower/decision_points.h"
#include "support/error.h"

#include <nlohmann/json.hpp>
#include <stdexcept>

namespace ew::empower {

SuggestionProfile profile_of(const Suggestion& s, const text::BpeTokenizer& tokenizer) {
    SuggestionProfile p;
    const double typed_nll = s.typed_tokens > 0 && s.typed_tokens <= s.cumulative_nll.size() ? s.cumulative_nll[s.typed_tokens - 1] : 0.0;
    std::size_t bytes = 0;  // of the tokens so far, typed prefix included
    for (std::size_t i = 0; i < s.tokens.size() && i < s.cumulative_nll.size(); ++i) {
        const auto& piece = tokenizer.token_bytes(s.tokens[i].id);
        const std::size_t begin = bytes;
        bytes += piece.size();
        if (i < s.typed_tokens) continue;
        // The visible part: what lies past the typed prefix, counted in code points.
        std::size_t chars = 0;
        for (std::size_t k = std::max(begin, s.typed_prefix.size()); k < bytes; ++k)
            chars += (static_cast<unsigned char>(piece[k - begin]) & 0xC0) != 0x80;
        p.cumulative_nll.push_back(std::max(0.0, s.cumulative_nll[i] - typed_nll));
        p.chars.push_back(chars);
        p.text_ends.push_back(std::min(s.text.size(), bytes > s.typed_prefix.size() ? bytes - s.typed_prefix.size() : 0));
    }
    p.shown = s.cut > s.typed_tokens ? std::min(s.cut - s.typed_tokens, p.cumulative_nll.size()) : 0;
    return p;
}

std::size_t tokens_within(const SuggestionProfile& profile, std::size_t kept_bytes) {
    std::size_t n = 0;
    while (n < profile.shown && n < profile.text_ends.size() && profile.text_ends[n] <= kept_bytes) ++n;
    return n;
}

double expected_utility(const std::function<double(double)>& keep, const SuggestionProfile& profile, double eta,
                        const AdaptiveEtaOptions& options) {
    double utility = 0, still_kept = 1;
    for (std::size_t i = 0; i < profile.cumulative_nll.size() && i < profile.chars.size(); ++i) {
        if (profile.cumulative_nll[i] > eta) break;
        still_kept *= keep(profile.cumulative_nll[i]);
        utility += double(profile.chars[i]) * (options.alpha * still_kept - options.beta);
    }
    return utility;
}

double best_eta(const std::function<double(double)>& keep, std::span<const SuggestionProfile> profiles, const AdaptiveEtaOptions& options,
                double floor) {
    double best = std::max(options.prior_eta, floor), best_utility = -1e300;
    for (const double eta : share_curve_etas()) {
        if (eta < floor) continue;
        double total = 0;
        for (const auto& p : profiles) total += expected_utility(keep, p, eta, options);
        if (total > best_utility + 1e-12) {
            best_utility = total;
            best = eta;
        }
    }
    return best;
}

double shown_share_floor(std::span<const SuggestionProfile> profiles, double share) {
    if (share <= 0 || profiles.empty()) return 0;
    const auto grid = share_curve_etas();
    for (const double eta : grid) {
        std::size_t showing = 0;
        for (const auto& p : profiles) showing += !p.cumulative_nll.empty() && p.cumulative_nll.front() <= eta;
        if (double(showing) >= share * double(profiles.size())) return eta;
    }
    return grid.back();
}

AdaptiveEta::AdaptiveEta(const AdaptiveEtaOptions& options, const KeepCurvePrior& prior)
    : options_(options), curve_(prior), eta_(options.prior_eta) {
    if (!(options.prior_eta >= 0) || options.window == 0) throw std::invalid_argument("adaptive η: a prior η ≥ 0 and a window ≥ 1");
}

double AdaptiveEta::observe(const SuggestionProfile& profile, std::size_t shown, std::size_t kept) {
    if (shown > profile.cumulative_nll.size() || profile.chars.size() != profile.cumulative_nll.size())
        throw std::invalid_argument("adaptive η: shown more tokens than were generated, or lengths that do not match");
    curve_.observe(std::span(profile.cumulative_nll.data(), shown), kept);
    recent_.push_back(profile);
    while (recent_.size() > options_.window) recent_.pop_front();
    if (curve_.suggestions() >= options_.min_suggestions) {
        const std::vector<SuggestionProfile> window(recent_.begin(), recent_.end());
        const double floor = shown_share_floor(window, options_.min_shown_share);
        eta_ = best_eta([this](double c) { return curve_.keep_probability(c); }, window, options_, floor);
    }
    return eta_;
}

nlohmann::json AdaptiveEta::to_json() const {
    auto recent = nlohmann::json::array();
    for (const auto& p : recent_) recent.push_back({{"cumulative_nll", p.cumulative_nll}, {"chars", p.chars}});
    return {{"eta", eta_}, {"curve", curve_.to_json()}, {"recent", recent}};
}

AdaptiveEta AdaptiveEta::from_json(const nlohmann::json& j, const AdaptiveEtaOptions& options) {
    try {
        AdaptiveEta state(options);
        state.curve_ = KeepCurve::from_json(j.at("curve"));
        for (const auto& p : j.at("recent")) {
            SuggestionProfile profile{p.at("cumulative_nll").get<std::vector<double>>(), p.at("chars").get<std::vector<std::size_t>>()};
            if (profile.cumulative_nll.size() != profile.chars.size()) throw Error("adaptive η: a recent suggestion's lengths do not match");
            state.recent_.push_back(std::move(profile));
        }
        while (state.recent_.size() > options.window) state.recent_.pop_front();
        state.eta_ = j.at("eta").get<double>();
        if (!(state.eta_ >= 0)) throw Error("adaptive η: η must be ≥ 0");
        return state;
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("adaptive η: ") + e.what());
    }
}

}  // namespace ew::empower

#include "eval/patient_replay_human.h"

#include <cmath>

namespace ew::eval {

double Patience::keep(double c) const { return 1.0 / (1.0 + std::exp(-(a - b * c))); }

std::optional<Patience> Patience::named(std::string_view name) {
    if (name == "impatient") return Patience{1.5, 0.8};
    if (name == "middling") return Patience{3.0, 0.5};
    if (name == "patient") return Patience{4.0, 0.25};
    return std::nullopt;
}

PatientReplayHuman::PatientReplayHuman(std::string reference, const text::BpeTokenizer& tokenizer, std::uint64_t seed,
                                       const std::string& problem, Patience patience, std::function<empower::SuggestionProfile()> shown)
    : SeededNoisyReplayHuman(std::move(reference), tokenizer, seed, problem, SeededNoiseOptions{0.0}), patience_(patience),
      shown_(std::move(shown)), random_(episode_seed(seed, problem) ^ 0x9e3779b97f4a7c15ULL) {}

SimulatedHuman::Decision PatientReplayHuman::decide(const std::string& code, const std::string& suggestion) {
    const auto profile = shown_ ? shown_() : empower::SuggestionProfile{};
    if (profile.shown == 0) return ReplayHuman::decide(code, suggestion);
    const std::string rest = remainder(code);
    std::uniform_real_distribution<double> draw(0.0, 1.0);
    std::size_t kept = 0;
    for (std::size_t i = 0; i < profile.shown; ++i) {
        const std::size_t end = profile.text_ends[i];
        if (end > suggestion.size() || !rest.starts_with(std::string_view(suggestion).substr(0, end))) break;  // wrong from here
        if (draw(random_) >= patience_.keep(profile.cumulative_nll[i])) break;                                   // gave up reading
        kept = end;
    }
    if (kept == 0) return {HumanAction::Reject, {}};
    return {HumanAction::Accept, suggestion.substr(0, kept)};
}

}  // namespace ew::eval

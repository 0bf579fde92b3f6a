#include "eval/seeded_noisy_human.h"

#include <algorithm>

namespace ew::eval {

std::uint64_t episode_seed(std::uint64_t seed, const std::string& problem) {
    std::uint64_t h = 1469598103934665603ull;
    auto mix = [&](unsigned char byte) { h = (h ^ byte) * 1099511628211ull; };
    for (int i = 0; i < 8; ++i) mix(static_cast<unsigned char>(seed >> (8 * i)));
    for (unsigned char c : problem) mix(c);
    return h;
}

SeededNoisyReplayHuman::SeededNoisyReplayHuman(std::string reference, const text::BpeTokenizer& tokenizer, std::uint64_t seed,
                                               const std::string& problem, SeededNoiseOptions options)
    : ReplayHuman(std::move(reference), tokenizer), options_(options), random_(episode_seed(seed, problem)) {}

SimulatedHuman::Decision SeededNoisyReplayHuman::decide(const std::string& code, const std::string& suggestion) {
    std::uniform_real_distribution<double> unit(0.0, 1.0);
    auto exact = ReplayHuman::decide(code, suggestion);
    if (exact.action == HumanAction::Accept) {
        if (unit(random_) < options_.overlook_rate) return {HumanAction::Reject, {}};
        return exact;
    }
    if (suggestion.empty()) return exact;
    const auto rest = remainder(code);
    const auto common = static_cast<std::size_t>(std::mismatch(rest.begin(), rest.begin() + std::min(rest.size(), suggestion.size()),
                                                               suggestion.begin())
                                                     .first -
                                                 rest.begin());
    const double correct_share = double(common) / double(suggestion.size());
    if (common > 0 && unit(random_) < correct_share) return {HumanAction::Accept, suggestion.substr(0, common)};
    return {HumanAction::Reject, {}};
}

std::string SeededNoisyReplayHuman::write(const std::string& code, int tokens) {
    std::uniform_int_distribution<int> burst(std::max(1, tokens / 2), std::max(1, tokens + tokens / 2));
    return ReplayHuman::write(code, burst(random_));
}

}  // namespace ew::eval

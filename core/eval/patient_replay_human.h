// A replay human whose patience runs out (issue 16 §2's simulated users, for the adaptive η): it
// reads a suggestion token by token and keeps token i — given that it kept the ones before — when
// the token continues its reference and it has not given up, which it does with probability
// 1 − σ(a − b·c_i), c_i the suggestion's cumulative NLL at that token (the assistant reports it).
// An impatient user (small a, large b) stops early in a long, surprising suggestion; a patient one
// reads on. What it keeps stays; the rest it deletes (counted), as the noisy replay human does. It
// types like the seeded noisy replay human (bursts of K_H/2 … 3K_H/2 tokens), seeded by (seed,
// problem).
#pragma once
#include "empower/adaptive_eta.h"
#include "eval/seeded_noisy_human.h"

#include <functional>
#include <optional>
#include <string_view>

namespace ew::eval {

struct Patience {
    double a = 3.0, b = 0.5;
    double keep(double cumulative_nll) const;
    // "impatient" (a 1.5, b 0.8: keeps half a token at c ≈ 1.9 nats), "middling" (3, 0.5: c = 6),
    // "patient" (4, 0.25: c = 16); nullopt for another name.
    static std::optional<Patience> named(std::string_view name);
};

class PatientReplayHuman : public SeededNoisyReplayHuman {
public:
    // `shown`: the profile of the suggestion being decided on (empower::profile_of); without one
    // (no tokens) the human decides as the replay human does.
    PatientReplayHuman(std::string reference, const text::BpeTokenizer& tokenizer, std::uint64_t seed, const std::string& problem,
                       Patience patience, std::function<empower::SuggestionProfile()> shown);
    Decision decide(const std::string& code, const std::string& suggestion) override;

private:
    Patience patience_;
    std::function<empower::SuggestionProfile()> shown_;
    std::mt19937_64 random_;
};

}  // namespace ew::eval

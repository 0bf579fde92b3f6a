// The η that suits one user, chosen online (issue 16 §2): the Empower cut that maximises the
// expected characters the user keeps minus a reading cost per character shown — the paper's DPR
// trade-off, with α the value of a kept character and β the cost of reading one (§5.3, Eq. 4).
//
// For a suggestion whose generated tokens have cumulative NLL c_1 ≤ c_2 ≤ … and lengths ℓ_i
// (characters), an Empower-η cut shows the tokens with c_i ≤ η, and the user keeps token i with
// probability Π_{j≤i} p(c_j) (keep_curve.h), so
//     U(η) = α Σ_{i shown} ℓ_i Π_{j≤i} p(c_j)  −  β Σ_{i shown} ℓ_i.
// The calibrator averages U over the user's recent suggestions as generated (Empower generates
// past η, to the look-ahead: those tokens are what a larger η would have shown; beyond them a
// suggestion counts nothing, so η is never pushed past what was seen) and picks the best η on
// the grid 0.5 … 32 nats. Before `min_suggestions` it keeps the prior η.
//
// A floor. Below the smallest η at which `min_shown_share` of the recent suggestions show a token
// at all, most suggestions show nothing, nothing is judged and so nothing more is learned: a user
// who rejected everything for a while would never be shown anything again. η stays at or above it.
// (Thompson sampling — choosing with one posterior draw instead of the predictive — was tried as
// the way to explore and not kept: on the synthetic users of test_adaptive_eta it needed 26–111
// suggestions to stay within 90 % of the best fixed η, against 8–10 for the predictive, and the
// predictive also recovered from a start of 12 rejections.)
#pragma once
#include "empower/keep_curve.h"
#include "empower/suggestion_policy.h"
#include "text/bpe_tokenizer.h"

#include <cstddef>
#include <deque>
#include <functional>
#include <span>
#include <vector>

namespace ew::empower {

// A suggestion as generated: every token's cumulative NLL (nats) and characters, in order.
struct SuggestionProfile {
    std::vector<double> cumulative_nll;
    std::vector<std::size_t> chars;
    std::vector<std::size_t> text_ends;  // where each token ends in Suggestion::text (bytes, clamped); not stored
    std::size_t shown = 0;               // the tokens the cut showed; not stored
};

// The profile of a suggestion as the assistant made it: its tokens after those that only re-spell
// typed text (token healing), with the cumulative NLL from there and each one's characters.
SuggestionProfile profile_of(const Suggestion& suggestion, const text::BpeTokenizer& tokenizer);
// How many of the profile's shown tokens lie wholly inside the first `kept_bytes` of the text.
std::size_t tokens_within(const SuggestionProfile& profile, std::size_t kept_bytes);

struct AdaptiveEtaOptions {
    double prior_eta = 8.0;           // nats, until enough is known
    double alpha = 1.0;               // value of a kept character
    double beta = 0.25;               // cost of reading a shown character
    std::size_t min_suggestions = 8;  // before this many, prior_eta
    std::size_t window = 200;         // recent suggestions the choice averages over
    double min_shown_share = 0.25;    // η's floor: recent suggestions that must show ≥ 1 token (0: none)
};

// U(η) above for one suggestion, with `keep` the probability of keeping a token at cumulative NLL c.
double expected_utility(const std::function<double(double)>& keep, const SuggestionProfile& profile, double eta,
                        const AdaptiveEtaOptions& options);

// The grid η maximising the mean U over `profiles` (ties: the smaller η, less to read), among
// those ≥ `floor`.
double best_eta(const std::function<double(double)>& keep, std::span<const SuggestionProfile> profiles, const AdaptiveEtaOptions& options,
                double floor = 0);
// The smallest grid η at which at least `share` of `profiles` show their first token (0 when
// share ≤ 0 or there are none; the largest grid η when no grid η reaches the share).
double shown_share_floor(std::span<const SuggestionProfile> profiles, double share);

class AdaptiveEta {
public:
    explicit AdaptiveEta(const AdaptiveEtaOptions& options = {}, const KeepCurvePrior& prior = {});

    double eta() const { return eta_; }  // nats: the η the next suggestion is cut at
    // A suggestion was made (`profile`: as generated; `shown`: how many of its tokens were shown)
    // and the user kept `kept` of them. Updates the curve and chooses η again; returns it. Report
    // the suggestions that showed nothing too (shown = kept = 0): they teach the curve nothing, but
    // without them the recent window holds only suggestions cheap enough for the η in use, and
    // neither the choice nor the floor would see what a larger η shows.
    double observe(const SuggestionProfile& profile, std::size_t shown, std::size_t kept);
    const KeepCurve& curve() const { return curve_; }
    const AdaptiveEtaOptions& options() const { return options_; }

    nlohmann::json to_json() const;  // the curve, the recent profiles and η: what the workspace keeps per user
    static AdaptiveEta from_json(const nlohmann::json& j, const AdaptiveEtaOptions& options);  // throws ew::Error

private:
    AdaptiveEtaOptions options_;
    KeepCurve curve_;
    std::deque<SuggestionProfile> recent_;
    double eta_;
};

}  // namespace ew::empower

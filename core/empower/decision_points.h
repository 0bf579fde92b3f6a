// Decision points of text already written (issue 16 §1): where an Empower-η assistant following
// the writer would have stopped.
//
// The rule. Walk the tokens from the start with a running sum of their NLL (−log p, nats). Add
// each token's NLL; while the sum stays ≤ η the assistant would have suggested that token. The
// first token that takes the sum above η is a decision point: the assistant stops before it, the
// human writes it, and the sum restarts at 0 after it (the decision token's own NLL is not carried
// over). So a token whose NLL alone is above η is always a decision point, and a stretch of
// tokens summing to at most η never holds one. This is threshold_cut (Eq. 2) applied again from
// each restart: the token just after each cut is a decision point.
#pragma once
#include <cstddef>
#include <span>
#include <vector>

namespace ew::empower {

// Indices of the decision points, ascending. nll: per token, ≥ 0, in nats; eta ≥ 0 in nats.
// Throws std::invalid_argument for a negative or non-finite NLL or η.
std::vector<std::size_t> decision_points(std::span<const double> nll, double eta);

// The share of characters an Empower-η assistant could have completed: characters outside the
// decision tokens over all characters (1 for an empty text). chars[i]: token i's characters.
double completable_share(std::span<const double> nll, std::span<const std::size_t> chars, double eta);

// The η of the "how much could an assistant write here" curve: 0.5 … 32 nats, four per doubling.
std::vector<double> share_curve_etas();

}  // namespace ew::empower

// The Empower cut (paper Eq. 2): given the log-probabilities of suffix tokens, keep the longest
// prefix of the suffix whose cumulative negative log-likelihood stays <= η.
//
//   i* = max { i : -Σ_{j<i} log π(t_j | context, t_<j) <= η }
//
// NLLs are non-negative, so the cumulative sum is monotone and i* is where it first crosses η.
#pragma once
#include "empower/nll_units.h"

#include <cstddef>
#include <span>
#include <vector>

namespace ew::empower {

// logprobs: natural-log probabilities, each <= 0 (tiny positive float noise is tolerated as 0).
// eta: the threshold in `unit` (>= 0). Throws std::invalid_argument for NaN/inf/positive
// log-probs or a negative/NaN η.
std::size_t threshold_cut(std::span<const double> logprobs, double eta, NllUnit unit = NllUnit::Nats);
std::size_t threshold_cut(std::span<const float> logprobs, double eta, NllUnit unit = NllUnit::Nats);

// Cumulative NLL after each token, in nats (element i = NLL of tokens 0..i).
std::vector<double> cumulative_nll(std::span<const double> logprobs);

}  // namespace ew::empower

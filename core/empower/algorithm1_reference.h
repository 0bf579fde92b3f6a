// Algorithm 1 of the paper exactly as written: for i = 1..N, score the first i suffix tokens in a
// separate forward pass and stop when the NLL exceeds η. O(N) forward passes; it exists as the
// independent reference that the one-pass cut is tested and benchmarked against.
#pragma once
#include "empower/nll_units.h"
#include "lm/language_model.h"

#include <cstddef>
#include <vector>

namespace ew::empower {

std::size_t algorithm1_cut(const lm::LanguageModel& model, const std::vector<lm::TokenId>& context,
                           const std::vector<lm::TokenId>& suffix, double eta, NllUnit unit = NllUnit::Nats);

}  // namespace ew::empower

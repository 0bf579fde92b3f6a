// The training loss without the full logits. Cross-entropy is summed over the target tokens only
// (prefix and padding positions never reach the vocabulary projection) and projected a chunk of
// rows at a time: with a 152k vocabulary the [B, T, V] logits of a 0.6B model's batch, with their
// log-softmax and gradient, would outweigh everything else a training step holds.
//
// Includes <torch/torch.h>: keep this header out of widely-included headers.
#pragma once
#include "model/transformer.h"

#include <cstdint>
#include <optional>

namespace ew::train {

constexpr std::int64_t kIgnoreTarget = -100;  // a position with no target: prefix and padding

// Sum over positions whose `target` [B, T] is not kIgnoreTarget of −log p(target | input [B, T]).
// With `backward_scale`, also back-propagates scale × that sum into the model's parameter gradients,
// accumulating as Tensor::backward does — the same gradients as one backward through the full
// logits, `chunk_tokens` rows of them (0: loss_chunk_tokens() for the vocabulary) alive at a time.
double token_loss_sum(const model::Transformer& model, const torch::Tensor& input, const torch::Tensor& target,
                      std::optional<double> backward_scale, std::int64_t chunk_tokens = 0);

}  // namespace ew::train

#include "train/token_loss.h"

#include "train/training_memory.h"

#include <algorithm>

namespace ew::train {

double token_loss_sum(const model::Transformer& model, const torch::Tensor& input, const torch::Tensor& target,
                      std::optional<double> backward_scale, std::int64_t chunk_tokens) {
    const auto hidden = model.hidden_states(input);  // [B, T, D]
    const auto targets = target.to(hidden.device()).reshape({-1});
    const auto kept = targets.ne(kIgnoreTarget).nonzero().reshape({-1});
    const auto rows = hidden.reshape({-1, hidden.size(-1)}).index_select(0, kept);  // [N, D]
    const auto wanted = targets.index_select(0, kept);
    const std::int64_t n = rows.size(0), chunk = chunk_tokens > 0 ? chunk_tokens : loss_chunk_tokens(model.config().vocab_size);
    const auto options = torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum);
    // Backward in two stages: each chunk's logits back-propagate into a detached copy of the rows
    // (and into the LM head) and are freed; the rows' summed gradient then goes through the layers once.
    const bool backward = backward_scale.has_value() && hidden.requires_grad();
    const auto source = backward ? rows.detach().requires_grad_(true) : rows;
    double sum = 0;
    for (std::int64_t begin = 0; begin < n; begin += chunk) {
        const std::int64_t end = std::min(n, begin + chunk);
        auto piece = torch::nn::functional::cross_entropy(model.logits_from_hidden(source.slice(0, begin, end)),
                                                          wanted.slice(0, begin, end), options);
        sum += piece.item<double>();
        if (backward) (piece * *backward_scale).backward();
    }
    if (backward) {
        // No target in the batch: zero gradients through the layers and the head, so every
        // parameter has one (data-parallel ranks exchange the same list of tensors).
        if (n > 0) rows.backward(source.grad());
        else (model.logits_from_hidden(hidden.reshape({-1, hidden.size(-1)}).slice(0, 0, 1)).sum() * 0.0).backward();
    }
    return sum;
}

}  // namespace ew::train

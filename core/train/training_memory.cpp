#include "train/training_memory.h"

#include "model/memory_estimate.h"
#include "support/error.h"

#include <algorithm>

#ifdef EW_HAVE_CUDA_KERNELS
#include "cuda/device_memory.h"
#endif

namespace ew::train {

namespace {
using u64 = std::uint64_t;

std::string refusal(const TrainingMemoryEstimate& e, const std::string& batch, u64 available, const std::string& what_to_change) {
    return "training needs about " + model::format_bytes(e.total()) + " for " + batch + " (" + e.describe() + ") but only " +
           model::format_bytes(available) + " is available; " + what_to_change;
}
}  // namespace

std::int64_t loss_chunk_tokens(std::int64_t vocab_size) {
    return std::max<std::int64_t>(16, (std::int64_t(128) << 20) / (4 * std::max<std::int64_t>(1, vocab_size)));
}

std::string TrainingMemoryEstimate::describe() const {
    return model::format_bytes(weights + gradients + optimizer) + " weights, gradients and AdamW state, " + model::format_bytes(activations) +
           " activations, " + model::format_bytes(logits) + " logits";
}

TrainingMemoryEstimate estimate_training_memory(const model::ModelConfig& c, int micro_rows, int tokens, bool bf16_products) {
    TrainingMemoryEstimate e;
    const auto params = static_cast<u64>(c.parameter_count());
    const u64 D = static_cast<u64>(c.hidden_size), I = static_cast<u64>(c.intermediate_size);
    const u64 H = static_cast<u64>(c.num_attention_heads), Q = static_cast<u64>(c.q_width()), KV = static_cast<u64>(c.kv_width());
    const u64 V = static_cast<u64>(c.vocab_size), L = static_cast<u64>(c.num_hidden_layers);
    const u64 rows = static_cast<u64>(std::max(1, micro_rows)), T = static_cast<u64>(std::max(1, tokens));
    e.weights = params * 4;
    e.gradients = params * 4;
    // exp_avg and exp_avg_sq, plus AdamW's temporaries for its largest tensor (the embedding).
    e.optimizer = params * 8 + V * D * 4 * 2;
    // Floats backward keeps per token and layer: the norms' inputs and outputs, q/k/v and their
    // rotated copies, the attention output, the MLP's gate, up, activation and product, and the
    // causal attention's scores, mask and probabilities (3 × heads × T). Measured peaks stay under
    // this (test_training_memory).
    u64 per_token_layer = 8 * D + 4 * Q + 4 * KV + 5 * I + 3 * H * T;
    if (c.qk_norm()) per_token_layer += 2 * (Q + KV);
    if (c.gemma()) per_token_layer += 4 * D;
    u64 bytes_per_token_layer = per_token_layer * 4;
    if (bf16_products) bytes_per_token_layer += (2 * D + Q + 2 * KV + 3 * I) * 2;  // the casts' bf16 copies
    e.activations = rows * T * (L * bytes_per_token_layer + 4 * D * 4);           // + embeddings and final norm
    if (bf16_products) e.activations += params * 2;                                 // bf16 weight copies kept for backward
    const u64 chunk = static_cast<u64>(loss_chunk_tokens(c.vocab_size));
    e.logits = std::min(chunk, rows * T) * V * 4 * 3;
    return e;
}

MicroBatchPlan plan_micro_batch(const model::ModelConfig& config, int rows, int tokens, bool bf16_products, u64 available, int requested) {
    MicroBatchPlan plan;
    plan.available = available;
    int most = std::max(1, rows);
    if (requested > 0) most = std::min(most, requested);
    if (available == 0) {
        plan.micro_rows = most;
        plan.estimate = estimate_training_memory(config, most, tokens, bf16_products);
        return plan;
    }
    for (int r = most; r >= 1; --r) {
        plan.micro_rows = r;
        plan.estimate = estimate_training_memory(config, r, tokens, bf16_products);
        if (plan.estimate.total() <= available) return plan;
    }
    throw Error(refusal(plan.estimate, "one sequence of " + std::to_string(tokens) + " tokens", available,
                        "lower seq_len, use a smaller model, or a machine with more memory"));
}

void check_training_fits(const model::ModelConfig& config, int rows, int tokens, bool bf16_products, u64 available,
                         const std::string& what_to_change) {
    const auto estimate = estimate_training_memory(config, rows, tokens, bf16_products);
    if (available == 0 || estimate.total() <= available) return;
    throw Error(refusal(estimate, std::to_string(rows) + " sequences of " + std::to_string(tokens) + " tokens", available, what_to_change));
}

std::uint64_t memory_for_training(bool cuda, int device_index, int processes) {
    if (cuda) {
#ifdef EW_HAVE_CUDA_KERNELS
        const auto gpu = cuda::device_memory(device_index);
        return gpu.error.empty() ? gpu.free : 0;
#else
        return 0;
#endif
    }
    return model::available_to_this_process() / static_cast<u64>(std::max(1, processes));
}

}  // namespace ew::train

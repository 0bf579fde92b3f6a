// What one optimizer step of training holds at its peak, estimated before the model is loaded, so a
// run that cannot fit is refused in one line naming the numbers — not killed by the kernel's OOM
// killer hours in, or stopped by libtorch's raw allocator message under an address-space cap — and
// a batch that does not fit in one forward pass is split into micro-batches that do.
#pragma once
#include "model/model_config.h"

#include <cstdint>
#include <string>

namespace ew::train {

// Rows of vocabulary projection per chunk of the training loss (train/token_loss.h): about 128 MiB
// of float32 logits at a time.
std::int64_t loss_chunk_tokens(std::int64_t vocab_size);

struct TrainingMemoryEstimate {
    std::uint64_t weights = 0;      // float32 master weights
    std::uint64_t gradients = 0;    // float32, one per weight
    std::uint64_t optimizer = 0;    // AdamW's two moments and its largest per-tensor temporaries
    std::uint64_t activations = 0;  // what backward keeps for one micro-batch through every layer
    std::uint64_t logits = 0;       // one chunk of vocabulary projection, its log-softmax and gradient
    std::uint64_t total() const { return weights + gradients + optimizer + activations + logits; }
    std::string describe() const;   // "9.5 GiB weights+gradients+AdamW, 3.1 GiB activations, ..."
};

// One step over micro-batches of `micro_rows` sequences of `tokens` tokens. `bf16_products`: the
// mixed-precision path, which also keeps bf16 copies of the weights and activations for backward.
TrainingMemoryEstimate estimate_training_memory(const model::ModelConfig& config, int micro_rows, int tokens, bool bf16_products);

struct MicroBatchPlan {
    int micro_rows = 1;  // sequences per forward/backward pass; gradients accumulate over the batch
    TrainingMemoryEstimate estimate;
    std::uint64_t available = 0;  // bytes the plan was made against (0: unknown, nothing refused)
};

// The largest micro-batch of at most `rows` sequences (and at most `requested` when it is > 0)
// whose estimate fits in `available` bytes. Throws ew::Error naming the estimate, what is available
// and what to change when not even one sequence fits. `available` 0 means unknown: the plan is
// `requested` or `rows` and nothing is refused on a guess.
MicroBatchPlan plan_micro_batch(const model::ModelConfig& config, int rows, int tokens, bool bf16_products, std::uint64_t available,
                                int requested = 0);

// Bytes a training process may still allocate on its device (0: unknown): the GPU's free memory on
// CUDA (when the CUDA kernels are built in), else what this process may allocate on the host,
// shared among `processes` CPU ranks.
std::uint64_t memory_for_training(bool cuda, int device_index, int processes);

// Throws the plan's one-line refusal when `rows` sequences of `tokens` tokens do not fit in one
// pass (for trainers that do not split batches); `what_to_change` ends the message.
void check_training_fits(const model::ModelConfig& config, int rows, int tokens, bool bf16_products, std::uint64_t available,
                         const std::string& what_to_change);

}  // namespace ew::train

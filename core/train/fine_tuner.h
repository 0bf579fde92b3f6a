// Supervised fine-tuning of an assistant on prefix -> completion + stop token (paper Sec. 4, App. C):
// loss on completion tokens only, AdamW with warmup + cosine, gradient clipping and accumulation,
// a seeded held-out split with eval loss, atomic checkpoints and exact resume (same data order,
// same optimizer state), CUDA when libtorch has it, CPU otherwise.
#pragma once
#include "train/fine_tune_config.h"

#include <atomic>
#include <functional>
#include <optional>
#include <string>

namespace ew::train {

struct FineTuneProgress {
    std::string event;  // "start", "step", "eval", "checkpoint", "done", "stopped"
    std::int64_t step = 0, total_steps = 0;
    double loss = 0, learning_rate = 0, tokens_per_second = 0;
    std::optional<double> eval_loss;
    double elapsed_seconds = 0, remaining_seconds = 0;
    std::string checkpoint_path;
    std::string device;
    std::string precision;  // "fp32" or "bf16" (mixed: bf16 products, fp32 master weights)
    std::size_t train_examples = 0, eval_examples = 0;
    // The memory plan (start event): sequences per forward pass, the step's estimated peak and what
    // was available when it was planned (0: unknown).
    int micro_batch = 0;
    std::uint64_t memory_estimate = 0, memory_available = 0;
};

struct FineTuneResult {
    std::int64_t steps_done = 0;
    double final_eval_loss = 0;
    bool stopped_early = false;
};

struct DataParallelRank;

// With `data_parallel` set, this process is one rank of a data-parallel group (train/data_parallel.h);
// only rank 0 evaluates, checkpoints and calls `on_progress`.
FineTuneResult fine_tune(const FineTuneConfig& config, const std::function<void(const FineTuneProgress&)>& on_progress,
                         const std::atomic<bool>* stop = nullptr, const DataParallelRank* data_parallel = nullptr);

}  // namespace ew::train

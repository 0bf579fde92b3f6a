// Pretraining of the default model from a folder of source files: trains (or reuses) a BPE
// tokenizer, then a transformer with AdamW + warmup/cosine, held-out bits-per-byte, atomic
// checkpoints and exact resume. The output folder is a Hugging Face-style model directory.
#pragma once
#include "model/model_config.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>

namespace ew::train {

struct PretrainOptions {
    std::filesystem::path corpus_dir;  // empty: the Python standard library
    std::filesystem::path out_dir;
    model::ModelConfig model;          // vocab_size is the tokenizer's target size
    int seq_len = 512;
    int batch_size = 8;
    std::int64_t steps = 4000;
    double learning_rate = 2e-3;
    double min_learning_rate = 2e-4;
    std::int64_t warmup_steps = 100;
    double weight_decay = 0.1;
    double grad_clip = 1.0;
    std::uint64_t seed = 1234;
    int threads = 0;  // 0: all cores
    std::string device = "cpu";      // cpu | cuda | auto (cuda when libtorch has a GPU)
    std::string precision = "auto";  // auto | fp32 | bf16: as FineTuneConfig::precision (auto: bf16 on CUDA)
    std::int64_t eval_every = 250;
    std::int64_t checkpoint_every = 250;
    std::int64_t eval_max_tokens = 0;  // 0: whole held-out split
    // Start from these weights (a model directory, e.g. the committed bundled model) when out_dir
    // has no checkpoint yet; its tokenizer and config are used. Fresh optimizer state and schedule.
    std::filesystem::path init_from;
};

struct PretrainProgress {
    std::int64_t step = 0, total_steps = 0;
    double loss = 0, learning_rate = 0, tokens_per_second = 0;
    double elapsed_seconds = 0, remaining_seconds = 0;
    std::int64_t tokens_seen = 0;
    std::optional<double> heldout_bits_per_byte;
    std::string event;  // "step", "eval", "checkpoint", "done", "stopped", or a setup message
};

struct PretrainResult {
    std::int64_t steps_done = 0;
    std::int64_t tokens_seen = 0;
    double heldout_bits_per_byte = 0;
    double wall_seconds = 0;  // accumulated across resumes
    bool stopped_early = false;
};

// Resumes automatically from out_dir/checkpoint when present. `stop` requests a graceful stop:
// a checkpoint is written and the function returns.
PretrainResult pretrain(const PretrainOptions& options, const std::function<void(const PretrainProgress&)>& on_progress,
                        const std::atomic<bool>* stop = nullptr);

// Learning rate at `step` (0-based): linear warmup, then cosine decay to min_learning_rate.
double scheduled_learning_rate(const PretrainOptions& options, std::int64_t step);

}  // namespace ew::train

namespace ew::train {
// Forward + backward + AdamW throughput of a randomly initialised model on random tokens
// (tokens/s over `steps` timed steps after one warm-up step). For `empower bench`.
double measure_training_tokens_per_second(const model::ModelConfig& config, int batch_size, int seq_len, int steps);
int intra_op_threads();  // libtorch's current intra-op thread count
}  // namespace ew::train

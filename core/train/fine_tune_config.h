// A fine-tuning run's configuration — the run.json that `empower train --config` reads and the
// training panel writes. Every field has a default; unknown fields are rejected (typos).
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

namespace ew::train {

struct FineTuneConfig {
    std::string run_name = "run";
    std::filesystem::path base_model;   // model directory to start from (empty: the bundled model)
    std::filesystem::path dataset;      // JSONL with "prefix" and "completion" (empower dataset)
    std::filesystem::path out_dir;      // the fine-tuned model directory + checkpoint/
    int epochs = 1;
    int batch_size = 8;
    int grad_accumulation = 1;
    // Sequences per forward/backward pass: a batch is split into micro-batches of at most this many
    // and their gradients summed, which equals the whole batch's gradient. 0 = as many as the memory
    // estimate allows (train/training_memory.h).
    int micro_batch = 0;
    // At most this much memory for the run (GiB; 0: whatever is available), for a machine shared with
    // other work: the memory plan splits batches, or refuses, against the smaller of the two.
    double memory_limit_gib = 0;
    double learning_rate = 1e-4;
    double min_learning_rate = 1e-5;
    std::int64_t warmup_steps = 10;
    double weight_decay = 0.0;
    double grad_clip = 1.0;
    int seq_len = 512;
    double eval_fraction = 0.2;  // held-out split, as in the paper (App. C)
    std::int64_t eval_every = 25;
    std::int64_t checkpoint_every = 25;
    std::uint64_t seed = 0;
    std::string device = "auto";  // auto | cpu | cuda
    // Matrix products in bfloat16 with float32 master weights and optimizer state (Transformer::
    // set_mixed_precision), or all float32. auto: bf16 on CUDA, fp32 on the CPU (where bf16 GEMMs
    // are slower than fp32 ones). Checkpoints are float32 either way.
    std::string precision = "auto";  // auto | fp32 | bf16
    int threads = 0;
    // Processes (one per GPU, or sharing the CPU) that train together, data-parallel: `empower train`
    // starts the other ranks itself. 1 = one process.
    int data_parallel = 1;

    static FineTuneConfig from_json_text(const std::string& text, const std::string& origin);
    static FineTuneConfig load(const std::filesystem::path& path);
    std::string to_json_text() const;
    // "fp32" or "bf16" for a run on `device_is_cuda`.
    std::string resolved_precision(bool device_is_cuda) const;
};

// "auto" | "fp32" | "bf16" → what a run on `device_is_cuda` uses: auto is bf16 on CUDA, fp32 on the
// CPU (whose bf16 GEMMs are slower than its fp32 ones). Fine-tuning and pretraining share it.
std::string resolve_precision(const std::string& precision, bool device_is_cuda);

}  // namespace ew::train

// How a model directory is loaded: device, threads, the memory check, and how the weights are held.
// Torch-free, so configuration files (eval.json) can check a weights value without libtorch.
#pragma once
#include <cstdint>
#include <string>

namespace ew::lm {

struct LoadOptions {
    std::string device = "cpu";  // "cpu", "cuda", "auto" (cuda when libtorch has it)
    int threads = 0;             // intra-op threads for CPU math; 0: default_cpu_threads() (support/cpu_threads.h)
    std::uint64_t available_memory_bytes = 0;  // for the pre-load memory check; 0 = detect
    // The longest context (prompt + generated tokens) this use will run: sizes the KV cache in that
    // check. 0: model::kEstimatedContextTokens.
    std::uint64_t context_tokens = 0;
    // How the CPU holds the large matrices; compute is float32 either way. "fp32"; "bf16": rounds
    // float32 checkpoints to bfloat16 (results change slightly); "int8": int8 with a scale per row
    // (a quarter of fp32's bytes; results change more; CPU only); "auto": the fastest on this CPU of
    // the kinds that cannot move a result — as stored, fp32 for a bf16 checkpoint, and a rounding
    // kind only once `empower calibrate-weights` recorded its agreement (lm/auto_weights.h).
    // CUDA: bf16 unless "fp32".
    std::string weights = "auto";
};

// Checks a LoadOptions::weights value; throws naming the valid ones.
void validate_weights_option(const std::string& weights);

}  // namespace ew::lm

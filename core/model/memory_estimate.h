// How much memory a model needs before any weight is read, so an 8B checkpoint on a 16 GB laptop
// gets a clear refusal instead of an out-of-memory kill halfway through loading.
#pragma once
#include "model/model_config.h"

#include <cstdint>
#include <string>

namespace ew::model {

struct MemoryEstimate {
    std::uint64_t weights = 0;      // parameters in the compute dtype
    std::uint64_t kv_cache = 0;     // one session's keys and values over the context estimated for
    std::uint64_t activations = 0;  // scoring one 2,048-token window: logits dominate (T × V floats)
    std::uint64_t context_tokens = 0;
    std::uint64_t total() const { return weights + kv_cache + activations; }
};

// The context a load is checked for: the workbench's passes (suggestion context 1,024 tokens by
// default, scoring windows of 2,048) stay within it; longer contexts grow the KV cache on demand,
// and running out then is reported in one line (support/failure_message.h).
constexpr std::uint64_t kEstimatedContextTokens = 4096;

// `bytes_per_value`: 4 for float32, 2 for bfloat16/float16, 1 for int8 weights. `context_tokens`: 0 = the smaller of
// the model's context window and kEstimatedContextTokens (not the whole window: Qwen3's 40,960
// tokens of KV cache would triple a 0.6B model's estimate).
MemoryEstimate estimate_inference_memory(const ModelConfig& config, int bytes_per_value, std::uint64_t context_tokens = 0);

// MemAvailable from /proc/meminfo (0 when unknown).
std::uint64_t available_host_memory();

// What this process may still allocate: MemAvailable, or less under an address-space limit
// (`prlimit --as`, `ulimit -v`): the limit minus the address space already in use. 0 when unknown.
std::uint64_t available_to_this_process();

// Whether the estimate fits `available` (0: available_to_this_process()); true when that is unknown,
// so nothing is refused on a guess.
// `context_tokens` as for estimate_inference_memory: the longest context the caller will run.
bool memory_fits(const ModelConfig& config, int bytes_per_value, std::uint64_t available = 0, std::uint64_t context_tokens = 0);

// Throws ew::Error("<origin>: ...") when the estimate exceeds `available` (0: available_to_this_process()).
void check_memory_fits(const ModelConfig& config, int bytes_per_value, const std::string& origin, std::uint64_t available = 0,
                       std::uint64_t context_tokens = 0);

std::string format_bytes(std::uint64_t bytes);  // "1.5 GiB"

}  // namespace ew::model

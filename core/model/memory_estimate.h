// How much memory a model needs before any weight is read, so an 8B checkpoint on a 16 GB laptop
// gets a clear refusal instead of an out-of-memory kill halfway through loading.
#pragma once
#include "model/model_config.h"

#include <cstdint>
#include <string>

namespace ew::model {

struct MemoryEstimate {
    std::uint64_t weights = 0;      // parameters in the compute dtype
    std::uint64_t kv_cache = 0;     // one session's keys and values over the full context window
    std::uint64_t activations = 0;  // scoring one 2,048-token window: logits dominate (T × V floats)
    std::uint64_t total() const { return weights + kv_cache + activations; }
};

// `bytes_per_value`: 4 for float32, 2 for bfloat16/float16.
MemoryEstimate estimate_inference_memory(const ModelConfig& config, int bytes_per_value);

// MemAvailable from /proc/meminfo (0 when unknown).
std::uint64_t available_host_memory();

// What this process may still allocate: MemAvailable, or less under an address-space limit
// (`prlimit --as`, `ulimit -v`): the limit minus the address space already in use. 0 when unknown.
std::uint64_t available_to_this_process();

// Throws ew::Error("<origin>: ...") when the estimate exceeds `available` (0: available_to_this_process()).
void check_memory_fits(const ModelConfig& config, int bytes_per_value, const std::string& origin, std::uint64_t available = 0);

std::string format_bytes(std::uint64_t bytes);  // "1.5 GiB"

}  // namespace ew::model

// How much memory a model needs before any weight is read, so an 8B checkpoint on a 16 GB laptop
// gets a clear refusal instead of an out-of-memory kill halfway through loading.
#pragma once
#include "model/model_config.h"

#include <algorithm>
#include <cstdint>
#include <string>

namespace ew::model {

struct MemoryEstimate {
    std::uint64_t weights = 0;      // parameters as held (4, 2 or 1 byte each)
    std::uint64_t kv_cache = 0;     // one session's keys and values over the context estimated for
    std::uint64_t activations = 0;  // one forward pass: hidden states, attention blocks, a chunk of logits
    std::uint64_t context_tokens = 0;
    // The checkpoint's bytes, mapped while loading. They count against an address-space limit
    // (prlimit --as, ulimit -v) but not against RAM: each tensor's pages are dropped once it is read.
    std::uint64_t mapped_file = 0;
    std::uint64_t total() const { return weights + kv_cache + activations; }
    // The peak of the address space: the mapping is gone before the cache and activations exist;
    // threads' malloc arenas and stacks reserve address space they may never touch (measured:
    // 0.2-0.3 GiB more than the rest for the 0.6B shape with each kind of weights).
    std::uint64_t address_space() const { return weights + std::max(mapped_file, kv_cache + activations) + (384ull << 20); }
};

// The context a load is checked for: the workbench's passes (suggestion context 1,024 tokens by
// default, scoring windows of 1,024) stay within it; longer contexts grow the KV cache on demand,
// and running out then is reported in one line (support/failure_message.h).
constexpr std::uint64_t kEstimatedContextTokens = 4096;

// Rows of logits computed at once when scoring (lm::TransformerLanguageModel): the vocabulary
// projection is the largest activation, so scoring projects it a chunk at a time.
constexpr int kLogitRowsPerChunk = 256;

// `bytes_per_value`: 4 for float32, 2 for bfloat16/float16, 1 for int8 weights. `context_tokens`: 0 = the smaller of
// the model's context window and kEstimatedContextTokens (not the whole window: Qwen3's 40,960
// tokens of KV cache would triple a 0.6B model's estimate). `mapped_file`: the checkpoint's size.
MemoryEstimate estimate_inference_memory(const ModelConfig& config, int bytes_per_value, std::uint64_t context_tokens = 0,
                                         std::uint64_t mapped_file = 0);

// MemAvailable from /proc/meminfo (0 when unknown).
std::uint64_t available_host_memory();

// What an address-space limit (`prlimit --as`, `ulimit -v`) still allows this process: the limit
// minus the address space already in use. 0 when there is no limit.
std::uint64_t address_space_headroom();

// What this process may still allocate: MemAvailable, or less under an address-space limit. 0 when unknown.
std::uint64_t available_to_this_process();

// Whether `need` fits: in `available` bytes when that is given (a GPU's free memory, a test's
// budget), else in this process's RAM (total()) and address-space limit (address_space()).
// True when nothing is known, so nothing is refused on a guess.
bool memory_fits(const MemoryEstimate& need, std::uint64_t available = 0);

// Throws ew::Error("<origin>: ...") naming the estimate's parts and what to change when `need`
// does not fit (as memory_fits). `bytes_per_value` as held, to suggest only narrower kinds.
void check_memory_fits(const MemoryEstimate& need, int bytes_per_value, const std::string& origin, std::uint64_t available = 0);

std::string format_bytes(std::uint64_t bytes);  // "1.5 GiB"

}  // namespace ew::model

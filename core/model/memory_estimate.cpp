#include "model/memory_estimate.h"

#include "support/error.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/resource.h>

namespace ew::model {

MemoryEstimate estimate_inference_memory(const ModelConfig& c, int bytes_per_value, std::uint64_t context_tokens,
                                         std::uint64_t mapped_file) {
    using u64 = std::uint64_t;
    MemoryEstimate m;
    const auto w = static_cast<u64>(bytes_per_value);
    m.weights = static_cast<u64>(c.parameter_count()) * w;
    m.mapped_file = mapped_file;
    // Int8 weights still compute (and cache keys and values) in a wider type.
    const auto b = std::max<u64>(w, 2);
    const auto window = static_cast<u64>(c.context_window());
    const auto context = std::min(window, context_tokens > 0 ? context_tokens : kEstimatedContextTokens);
    m.context_tokens = context;
    m.kv_cache = 2ull * static_cast<u64>(c.num_hidden_layers) * static_cast<u64>(c.kv_width()) * context * b;
    // One forward pass over the whole context at most (scoring; generation prefills in chunks):
    // per row, float32 residual and normed states, queries, keys, values, attention output and
    // three MLP widths; attention in query blocks of ≤ 8 Mi float32 scores with their softmax
    // (model/transformer.cpp); logits for one chunk of rows, with their log-softmax.
    const u64 rows = context;
    const u64 per_row = 4ull * (4ull * static_cast<u64>(c.hidden_size) + 2ull * static_cast<u64>(c.q_width()) +
                                2ull * static_cast<u64>(c.kv_width()) + 3ull * static_cast<u64>(c.intermediate_size));
    const u64 attention_blocks = 3ull * (8ull << 20) * 4ull;
    const u64 logits = std::min<u64>(context, kLogitRowsPerChunk) * static_cast<u64>(c.vocab_size) * 4ull * 2ull;
    m.activations = rows * per_row + attention_blocks + logits;
    return m;
}

namespace {
// A "Key:   123 kB" line of a /proc file, in bytes (0 when absent).
std::uint64_t proc_kib_field(const char* file, const std::string& key) {
    std::ifstream in(file);
    std::string line;
    while (std::getline(in, line)) {
        if (line.rfind(key, 0) != 0) continue;
        std::istringstream fields(line.substr(key.size()));
        std::uint64_t kib = 0;
        fields >> kib;
        return kib * 1024;
    }
    return 0;
}
}  // namespace

std::uint64_t available_host_memory() { return proc_kib_field("/proc/meminfo", "MemAvailable:"); }

std::uint64_t address_space_headroom() {
    rlimit limit{};
    if (getrlimit(RLIMIT_AS, &limit) != 0 || limit.rlim_cur == RLIM_INFINITY) return 0;
    const std::uint64_t used = proc_kib_field("/proc/self/status", "VmSize:");
    const std::uint64_t cap = static_cast<std::uint64_t>(limit.rlim_cur);
    return cap > used ? cap - used : 1;  // 1, not 0: 0 means "no limit"
}

std::uint64_t available_to_this_process() {
    const std::uint64_t memory = available_host_memory(), headroom = address_space_headroom();
    if (memory == 0 || headroom == 0) return std::max(memory, headroom);
    return std::min(memory, headroom);
}

std::string format_bytes(std::uint64_t bytes) {
    char buf[32];
    if (bytes >= (1ull << 30)) std::snprintf(buf, sizeof buf, "%.1f GiB", double(bytes) / double(1ull << 30));
    else std::snprintf(buf, sizeof buf, "%.0f MiB", double(bytes) / double(1ull << 20));
    return buf;
}

namespace {
// What `need` lacks: an empty `why` when it fits, else "only N is available" (the binding limit,
// named), and whether that limit is the address space.
struct Shortfall {
    std::string why;
    bool address_space = false;
};
Shortfall shortfall(const MemoryEstimate& need, std::uint64_t available) {
    if (available != 0) return {need.total() <= available ? "" : "only " + format_bytes(available) + " is available"};
    if (const auto memory = available_host_memory(); memory != 0 && need.total() > memory)
        return {"only " + format_bytes(memory) + " is available"};
    if (const auto headroom = address_space_headroom(); headroom != 0 && need.address_space() > headroom)
        return {"this process's address-space limit (ulimit -v, prlimit --as) leaves " + format_bytes(headroom) + " and " +
                    format_bytes(need.address_space()) + " is needed at the peak (loading maps the " + format_bytes(need.mapped_file) +
                    " checkpoint; threads reserve more)",
                true};
    return {};
}
}  // namespace

bool memory_fits(const MemoryEstimate& need, std::uint64_t available) { return shortfall(need, available).why.empty(); }

void check_memory_fits(const MemoryEstimate& need, int bytes_per_value, const std::string& origin, std::uint64_t available) {
    const auto lacking = shortfall(need, available);
    if (lacking.why.empty()) return;
    throw Error(origin + ": this model needs about " + format_bytes(need.total()) + " (weights " + format_bytes(need.weights) +
                ", KV cache " + format_bytes(need.kv_cache) + " for " + std::to_string(need.context_tokens) + " tokens, activations " +
                format_bytes(need.activations) + ") but " + lacking.why + "; " + (lacking.address_space ? "raise that limit, " : "") +
                (bytes_per_value == 4 ? "hold the weights in fewer bytes (--weights bf16 or int8), "
                 : bytes_per_value == 2 ? "hold the weights in fewer bytes (--weights int8), " : "") +
                "use a shorter context, a smaller model or a machine with more memory");
}

}  // namespace ew::model

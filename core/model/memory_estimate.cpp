#include "model/memory_estimate.h"

#include "support/error.h"

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <sstream>
#include <sys/resource.h>

namespace ew::model {

MemoryEstimate estimate_inference_memory(const ModelConfig& c, int bytes_per_value, std::uint64_t context_tokens) {
    MemoryEstimate m;
    const auto w = static_cast<std::uint64_t>(bytes_per_value);
    m.weights = static_cast<std::uint64_t>(c.parameter_count()) * w;
    // Int8 weights still compute (and cache keys and values) in a wider type.
    const auto b = std::max<std::uint64_t>(w, 2);
    const auto window = static_cast<std::uint64_t>(c.context_window());
    const auto context = std::min(window, context_tokens > 0 ? context_tokens : kEstimatedContextTokens);
    m.context_tokens = context;
    m.kv_cache = 2ull * static_cast<std::uint64_t>(c.num_hidden_layers) * static_cast<std::uint64_t>(c.kv_width()) * context * b;
    const std::uint64_t pass = std::min<std::uint64_t>(context, 2048);
    // Logits in float32 plus one log-softmax row block, and the widest MLP activation.
    m.activations = pass * static_cast<std::uint64_t>(c.vocab_size) * 4ull * 2ull +
                    pass * static_cast<std::uint64_t>(c.intermediate_size) * b * 3ull;
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

std::uint64_t available_to_this_process() {
    std::uint64_t available = available_host_memory();
    rlimit limit{};
    if (getrlimit(RLIMIT_AS, &limit) == 0 && limit.rlim_cur != RLIM_INFINITY) {
        const std::uint64_t used = proc_kib_field("/proc/self/status", "VmSize:");
        const std::uint64_t cap = static_cast<std::uint64_t>(limit.rlim_cur);
        const std::uint64_t headroom = cap > used ? cap - used : 1;  // 1, not 0: 0 means "unknown"
        available = available == 0 ? headroom : std::min(available, headroom);
    }
    return available;
}

std::string format_bytes(std::uint64_t bytes) {
    char buf[32];
    if (bytes >= (1ull << 30)) std::snprintf(buf, sizeof buf, "%.1f GiB", double(bytes) / double(1ull << 30));
    else std::snprintf(buf, sizeof buf, "%.0f MiB", double(bytes) / double(1ull << 20));
    return buf;
}

bool memory_fits(const ModelConfig& config, int bytes_per_value, std::uint64_t available, std::uint64_t context_tokens) {
    if (available == 0) available = available_to_this_process();
    return available == 0 || estimate_inference_memory(config, bytes_per_value, context_tokens).total() <= available;
}

void check_memory_fits(const ModelConfig& config, int bytes_per_value, const std::string& origin, std::uint64_t available,
                       std::uint64_t context_tokens) {
    if (available == 0) available = available_to_this_process();
    if (memory_fits(config, bytes_per_value, available, context_tokens)) return;
    const auto need = estimate_inference_memory(config, bytes_per_value, context_tokens);
    throw Error(origin + ": this model needs about " + format_bytes(need.total()) + " (weights " + format_bytes(need.weights) +
                ", KV cache " + format_bytes(need.kv_cache) + " for " + std::to_string(need.context_tokens) + " tokens, activations " + format_bytes(need.activations) +
                ") but only " + format_bytes(available) + " is available; " +
                (bytes_per_value == 4 ? "hold the weights in fewer bytes (--weights bf16 or int8), "
                 : bytes_per_value == 2 ? "hold the weights in fewer bytes (--weights int8), " : "") +
                "use a shorter context, a smaller model or a machine with more memory");
}

}  // namespace ew::model

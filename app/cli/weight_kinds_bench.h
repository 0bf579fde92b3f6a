// `empower bench --model DIR --weight-kinds fp32,bf16`: what each way of holding a real
// checkpoint's weights costs and changes, measured in one run on this machine — load time,
// resident memory, prefill tokens/s, decode ms/token against the bandwidth limit of the weights as
// held (bytes read per token / read bandwidth measured in the same run), and agreement with fp32:
// the largest |Δ log p| over held-out code and the share of Empower cuts (η = 8, 16 nats) that are
// identical. A cut that moves changes a researcher's result, so agreement is reported beside speed.
// PyTorch eager (Debian python3-torch, fp32 and bf16) runs the same prefill and decode beside them.
#pragma once
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ew::cli {

struct WeightKindsBenchOptions {
    std::string model_dir;
    std::vector<std::string> kinds;  // LoadOptions::weights values; agreement is against the first
    std::string text;                // held-out code the contexts are drawn from
    int threads = 0;
    int cases = 8;                   // scored windows (context 256 + continuation 64) for agreement
    int decode_tokens = 16;
};

nlohmann::json bench_weight_kinds(const WeightKindsBenchOptions& options, bool print);

}  // namespace ew::cli

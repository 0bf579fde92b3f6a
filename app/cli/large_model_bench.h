// The real-checkpoint figures of `empower bench --large-model`: scoring and generation speed of
// a ~100M-parameter random Llama configuration on this machine, and the peak memory of scoring
// 2,048 tokens with a 128k vocabulary with the fused (chunked) and unfused (all logits) paths —
// each peak measured in a child process of its own so the two cannot share an allocation.
#pragma once
#include "text/bpe_tokenizer.h"

#include <nlohmann/json.hpp>
#include <string>

namespace ew::cli {

nlohmann::json bench_large_model(const text::BpeTokenizer& tokenizer, const std::string& self_executable);
// The child's side: scores 2,048 tokens with `mode` ("fused" | "unfused") and prints
// {"mode", "max_rss_kb", "seconds"}.
void run_scoring_peak_child(const text::BpeTokenizer& tokenizer, const std::string& mode);

}  // namespace ew::cli

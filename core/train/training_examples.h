// A fine-tuning dataset (the JSONL `empower dataset` writes: "prefix" and "completion" per line)
// read into token sequences [BOS] prefix completion [EOS] that fit one training window.
#pragma once
#include "text/bpe_tokenizer.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace ew::train {

struct TrainingExample {
    std::vector<std::int64_t> ids;  // [BOS] prefix completion [EOS], at most seq_len + 1 ids
    std::size_t first_target;       // index of the first completion token in ids
};

// The completion keeps at most seq_len / 2 tokens, the prefix its last tokens that still fit.
// Throws ew::Error naming the file and line for a malformed line, or when there is no example.
std::vector<TrainingExample> load_training_examples(const std::filesystem::path& path, const text::BpeTokenizer& tok,
                                                    int bos, int eos, int seq_len);

}  // namespace ew::train

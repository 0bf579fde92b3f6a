// A fine-tuning dataset (the JSONL `empower dataset` writes: "prefix" and "completion" per line)
// read into token sequences [BOS] prefix completion [EOS] that fit one training window. The BOS is
// what the model's tokenizer adds (text/sequence_template.h: Llama-3's, none for Qwen — then the
// empty-context token only before an empty prefix), exactly as scoring and generation frame text.
#pragma once
#include "text/bpe_tokenizer.h"
#include "text/sequence_template.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <vector>

namespace ew::train {

struct TrainingExample {
    std::vector<std::int64_t> ids;  // framed prefix, completion, EOS: at most seq_len + 1 ids
    std::size_t first_target;       // index of the first completion token in ids
};

// The completion keeps at most seq_len / 2 tokens, the prefix its last tokens that still fit.
// Throws ew::Error naming the file and line for a malformed line, or when there is no example.
std::vector<TrainingExample> load_training_examples(const std::filesystem::path& path, const text::BpeTokenizer& tok,
                                                    const text::SequenceTemplate& sequence, int eos, int seq_len);

}  // namespace ew::train

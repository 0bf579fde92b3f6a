// A Hugging Face-style model directory: config.json + tokenizer.json + model.safetensors (or
// shards listed in model.safetensors.index.json), and tokenizer_config.json when present (it can
// decide which special tokens the tokenizer adds).
// Loading checks that the three agree (tokenizer ids fit the model's vocabulary) before any
// weights are read, and every error names the offending file.
#pragma once
#include "model/model_config.h"
#include "text/bpe_tokenizer.h"
#include "text/sequence_template.h"

#include <filesystem>
#include <nlohmann/json.hpp>

namespace ew::model {

struct ModelDirectory {
    std::filesystem::path path;
    ModelConfig config;
    text::BpeTokenizer tokenizer;
    text::SequenceTemplate sequence;  // the special tokens around a text, by transformers' rules
    nlohmann::json tokenizer_config;  // tokenizer_config.json as read; null when the directory has none

    // model.safetensors when present, else the shard index.
    std::filesystem::path weights_path() const;

    // Reads and cross-validates config.json and tokenizer.json (weights are loaded by the model).
    static ModelDirectory open(const std::filesystem::path& dir);
};

// The sequence template of `tokenizer` (its post_processor, then tokenizer_config.json's rule when
// `tokenizer_config` is an object) with the empty-context token from `config`: its bos_token_id,
// else the tokenizer's end-of-text, else its eos_token_id.
text::SequenceTemplate sequence_template_for(const ModelConfig& config, const text::BpeTokenizer& tokenizer,
                                             const nlohmann::json& tokenizer_config, const std::string& origin);

}  // namespace ew::model

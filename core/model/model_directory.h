// A Hugging Face-style model directory: config.json + tokenizer.json + model.safetensors (or
// shards listed in model.safetensors.index.json).
// Loading checks that the three agree (tokenizer ids fit the model's vocabulary) before any
// weights are read, and every error names the offending file.
#pragma once
#include "model/model_config.h"
#include "text/bpe_tokenizer.h"

#include <filesystem>

namespace ew::model {

struct ModelDirectory {
    std::filesystem::path path;
    ModelConfig config;
    text::BpeTokenizer tokenizer;

    // model.safetensors when present, else the shard index.
    std::filesystem::path weights_path() const;

    // Reads and cross-validates config.json and tokenizer.json (weights are loaded by the model).
    static ModelDirectory open(const std::filesystem::path& dir);
};

}  // namespace ew::model

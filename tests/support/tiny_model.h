// Tiny, fast, deterministic fixtures for tests: a BPE tokenizer trained on a few Python snippets
// and a randomly initialised transformer small enough for real forward passes in milliseconds.
#pragma once
#include "lm/transformer_language_model.h"
#include "text/bpe_tokenizer.h"
#include "train/fine_tune_config.h"

#include <filesystem>
#include <memory>
#include <string>
#include <vector>

namespace ew::testing {

const std::vector<std::string>& tiny_corpus();
text::BpeTokenizer tiny_tokenizer();  // ~400 tokens; adds <|endoftext|> as BOS, as the pretrainer's do
model::ModelConfig tiny_config(int vocab_size);
std::shared_ptr<lm::TransformerLanguageModel> tiny_model(std::uint64_t seed = 1);
// The tiny tokenizer plus ChatML's special tokens (<|im_start|>, <|im_end|>), as a Qwen
// tokenizer.json lists them, and a random model over it: a tiny "instruct" checkpoint.
text::BpeTokenizer tiny_chat_tokenizer();
std::shared_ptr<lm::TransformerLanguageModel> tiny_chat_model(std::uint64_t seed = 4);
// Writes a complete model directory (config.json, model.safetensors, tokenizer.json).
void write_tiny_model_dir(const std::filesystem::path& dir, std::uint64_t seed = 1);
// A fine-tuning dataset (JSONL) built with `method` from `copies` copies of tiny_corpus(), with the
// tokenizer of the model directory `model_dir`.
void write_tiny_dataset(const std::filesystem::path& jsonl, const std::filesystem::path& model_dir, const std::string& method,
                        int copies, std::uint64_t seed = 0);
// A fine-tuning run small enough for tests that run real jobs: batch 4, 96-token sequences, one
// thread, eval every 5 and checkpoint every 3 steps.
train::FineTuneConfig tiny_fine_tune_config(const std::string& run_name, const std::filesystem::path& base_model,
                                            const std::filesystem::path& dataset, const std::filesystem::path& out_dir, int epochs);

}  // namespace ew::testing

// Bits per byte of a model on a set of source files: how well it predicts code it was not
// trained on, comparable across tokenizers (the denominator is bytes, not tokens).
//
// Each file is scored on its own, from the model's BOS/end-of-text token: every token of the file
// is predicted (no end-of-text after it), over windows of half the context so that every token
// but a file's first half-context sees at least half a context of the text before it.
// Bits per byte = Σ NLL (nats) / (ln 2 × Σ file bytes).
#pragma once
#include "lm/language_model.h"

#include <atomic>
#include <filesystem>
#include <string>
#include <vector>

namespace ew::lm {

struct BitsPerByte {
    double bits_per_byte = 0;
    double nll_nats = 0;
    std::size_t bytes = 0, tokens = 0, files = 0;
};

BitsPerByte bits_per_byte(const LanguageModel& model, const std::vector<std::string>& texts, const std::atomic<bool>* cancel = nullptr);

// Every regular *.py file under `dir` (recursively, sorted), or `dir` itself when it is a file.
std::vector<std::filesystem::path> python_files_under(const std::filesystem::path& dir);

}  // namespace ew::lm

#include "model/model_directory.h"

#include "support/error.h"

namespace ew::model {

std::filesystem::path ModelDirectory::weights_path() const {
    std::error_code ec;
    if (std::filesystem::exists(path / "model.safetensors", ec)) return path / "model.safetensors";
    return path / "model.safetensors.index.json";
}

ModelDirectory ModelDirectory::open(const std::filesystem::path& dir) {
    std::error_code ec;
    if (!std::filesystem::is_directory(dir, ec)) fail_file(dir, "model directory does not exist");
    for (const char* f : {"config.json", "tokenizer.json"})
        if (!std::filesystem::exists(dir / f, ec)) fail_file(dir / f, "missing from the model directory");
    if (!std::filesystem::exists(dir / "model.safetensors", ec) && !std::filesystem::exists(dir / "model.safetensors.index.json", ec))
        fail_file(dir / "model.safetensors", "missing from the model directory (nor is there a model.safetensors.index.json)");
    ModelDirectory m{dir, ModelConfig::load(dir / "config.json"), text::BpeTokenizer::load(dir / "tokenizer.json")};
    if (m.tokenizer.vocab_size() > m.config.vocab_size)
        fail_file(dir / "tokenizer.json", "tokenizer has " + std::to_string(m.tokenizer.vocab_size()) +
                                              " tokens but config.json says the model's vocabulary is " +
                                              std::to_string(m.config.vocab_size) + ": they do not belong together");
    if (m.config.eos_token_id >= m.tokenizer.vocab_size())
        fail_file(dir / "config.json", "eos_token_id " + std::to_string(m.config.eos_token_id) + " is not a token of tokenizer.json");
    return m;
}

}  // namespace ew::model

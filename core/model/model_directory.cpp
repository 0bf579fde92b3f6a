#include "model/model_directory.h"

#include "support/error.h"
#include "support/file_io.h"

#include <nlohmann/json.hpp>

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
    ModelDirectory m{dir, ModelConfig::load(dir / "config.json"), text::BpeTokenizer::load(dir / "tokenizer.json"), {}, nullptr};
    // Added tokens past the model's rows are allowed (Gemma 3 1B's tokenizer knows the multimodal
    // <image_soft_token>); the forward pass refuses such an id if it ever arrives. Vocabulary
    // entries past them mean the files do not belong together.
    int regular_vocabulary = m.tokenizer.vocab_size();
    while (regular_vocabulary > 0 && m.tokenizer.is_added(regular_vocabulary - 1)) --regular_vocabulary;
    if (regular_vocabulary > m.config.vocab_size)
        fail_file(dir / "tokenizer.json", "tokenizer has " + std::to_string(m.tokenizer.vocab_size()) +
                                              " tokens but config.json says the model's vocabulary is " +
                                              std::to_string(m.config.vocab_size) + ": they do not belong together");
    if (m.config.eos_token_id >= m.tokenizer.vocab_size())
        fail_file(dir / "config.json", "eos_token_id " + std::to_string(m.config.eos_token_id) + " is not a token of tokenizer.json");
    auto& tokenizer_config = m.tokenizer_config;
    if (std::filesystem::exists(dir / "tokenizer_config.json", ec)) {
        try {
            tokenizer_config = nlohmann::json::parse(read_file(dir / "tokenizer_config.json"));
        } catch (const nlohmann::json::exception& e) {
            fail_file(dir / "tokenizer_config.json", std::string("not valid JSON (") + e.what() + ")");
        }
        if (!tokenizer_config.is_object()) fail_file(dir / "tokenizer_config.json", "is not a JSON object");
    }
    m.sequence = sequence_template_for(m.config, m.tokenizer, tokenizer_config, dir.string());
    return m;
}

text::SequenceTemplate sequence_template_for(const ModelConfig& config, const text::BpeTokenizer& tokenizer,
                                             const nlohmann::json& tokenizer_config, const std::string& origin) {
    auto t = text::sequence_template_from_post_processor(nlohmann::json::parse(tokenizer.post_processor()), origin + "/tokenizer.json");
    if (config.bos_token_id >= 0) t.empty_context = config.bos_token_id;
    else if (auto eot = tokenizer.end_of_text_id()) t.empty_context = *eot;
    else t.empty_context = config.eos_token_id;
    t = text::apply_tokenizer_config(tokenizer_config, std::move(t), tokenizer, origin + "/tokenizer_config.json");
    for (auto id : t.begin)
        if (id >= config.vocab_size) throw Error(origin + ": the tokenizer adds token " + std::to_string(id) + ", outside the model's vocabulary");
    for (auto id : t.end)
        if (id >= config.vocab_size) throw Error(origin + ": the tokenizer adds token " + std::to_string(id) + ", outside the model's vocabulary");
    return t;
}

}  // namespace ew::model

// Hyper-parameters of a decoder-only transformer, read from / written to a Hugging Face
// config.json (LlamaConfig field names), so a user can drop in a real checkpoint directory.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>

namespace ew::model {

struct ModelConfig {
    std::string architecture = "LlamaForCausalLM";
    std::string model_type = "llama";
    int vocab_size = 8192;
    int hidden_size = 256;
    int intermediate_size = 768;  // SwiGLU width
    int num_hidden_layers = 4;
    int num_attention_heads = 8;
    int num_key_value_heads = 8;  // < heads: grouped-query attention
    int max_position_embeddings = 512;
    double rope_theta = 10000.0;
    double rms_norm_eps = 1e-5;
    bool tie_word_embeddings = true;
    int bos_token_id = -1;  // -1: none
    int eos_token_id = -1;
    std::string torch_dtype = "float32";

    int head_dim() const { return hidden_size / num_attention_heads; }
    std::int64_t parameter_count() const;

    // Throws ew::Error("<origin>: ...") on missing/invalid fields or inconsistent sizes.
    static ModelConfig from_json_text(const std::string& text, const std::string& origin);
    static ModelConfig load(const std::filesystem::path& config_json);
    std::string to_json_text() const;
    void validate(const std::string& origin) const;
};

}  // namespace ew::model

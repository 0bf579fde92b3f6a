// Hyper-parameters of a decoder-only transformer, read from / written to a Hugging Face
// config.json (LlamaConfig field names), so a user can drop in a real checkpoint directory.
#pragma once
#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ew::model {

// Rotary-embedding frequency scaling ("rope_scaling" in config.json). "llama3" is Llama 3.1's
// wavelength-dependent scheme; "linear" divides positions by `factor`; "default" is none.
struct RopeScaling {
    std::string type = "default";
    double factor = 1.0;
    double low_freq_factor = 1.0;
    double high_freq_factor = 4.0;
    int original_max_position_embeddings = 8192;
};

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
    int eos_token_id = -1;                // the first of eos_token_ids
    std::vector<int> eos_token_ids;       // every id config.json lists (Llama 3.1: 128001, 128008, 128009); generation stops on each
    std::string torch_dtype = "float32";
    int explicit_head_dim = 0;     // "head_dim" (Qwen3, some Llamas); 0: hidden_size / heads
    bool attention_bias = false;   // q/k/v projections have biases (Qwen2)
    RopeScaling rope_scaling;

    // Positions this program serves: the model's own limit, capped so RoPE tables and attention
    // stay bounded on a workstation (Llama 3.1 declares 131,072).
    static constexpr int kMaxServedPositions = 32768;
    int context_window() const { return max_position_embeddings < kMaxServedPositions ? max_position_embeddings : kMaxServedPositions; }
    int head_dim() const { return explicit_head_dim > 0 ? explicit_head_dim : hidden_size / num_attention_heads; }
    int q_width() const { return num_attention_heads * head_dim(); }   // rows of q_proj
    int kv_width() const { return num_key_value_heads * head_dim(); }  // rows of k_proj / v_proj
    bool qk_norm() const { return model_type == "qwen3"; }              // RMSNorm of q and k per head
    std::int64_t parameter_count() const;

    // Throws ew::Error("<origin>: ...") on missing/invalid fields or inconsistent sizes.
    static ModelConfig from_json_text(const std::string& text, const std::string& origin);
    static ModelConfig load(const std::filesystem::path& config_json);
    std::string to_json_text() const;
    void validate(const std::string& origin) const;
};

}  // namespace ew::model

// Hyper-parameters of a decoder-only transformer, read from / written to a Hugging Face
// config.json (LlamaConfig field names), so a user can drop in a real checkpoint directory.
// Families: Llama (llama), Qwen2/Qwen3 (qwen2, qwen3) and Gemma 3 — text-only checkpoints
// (gemma3_text) and the language model of multimodal ones (gemma3: a nested "text_config", the
// vision tower ignored), with Gemma3TextConfig's defaults for every field a file leaves out.
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
    RopeScaling rope_scaling;  // Gemma 3: of the global (full-attention) layers only

    // Gemma 3 (all filled from config.json by from_json_text; others keep these neutral values).
    std::string hidden_activation = "silu";  // the MLP gate: "silu" (SwiGLU) or "gelu_pytorch_tanh" (GeGLU)
    double query_pre_attn_scalar = 0;        // attention scale is its -1/2 power; 0: head_dim's
    int sliding_window = 0;                  // keys a sliding layer sees (itself included); 0: none
    std::vector<bool> sliding_layers;        // per layer; empty: none slides
    double rope_local_base_freq = 10000.0;   // RoPE base of the sliding layers (unscaled)
    // Where the language model's tensors live: "" (model.layers.…), or "language_model." in
    // multimodal Gemma 3 checkpoints (language_model.model.layers.…).
    std::string weight_prefix;

    // Positions this program serves: the model's own limit, capped so RoPE tables and attention
    // stay bounded on a workstation (Llama 3.1 declares 131,072).
    static constexpr int kMaxServedPositions = 32768;
    int context_window() const { return max_position_embeddings < kMaxServedPositions ? max_position_embeddings : kMaxServedPositions; }
    int head_dim() const { return explicit_head_dim > 0 ? explicit_head_dim : hidden_size / num_attention_heads; }
    int q_width() const { return num_attention_heads * head_dim(); }   // rows of q_proj
    int kv_width() const { return num_key_value_heads * head_dim(); }  // rows of k_proj / v_proj
    bool gemma() const { return model_type == "gemma3_text"; }           // Gemma 3's layer (also for "gemma3" files)
    bool qk_norm() const { return model_type == "qwen3" || gemma(); }   // RMSNorm of q and k per head
    bool is_sliding(int layer) const { return sliding_window > 0 && layer < static_cast<int>(sliding_layers.size()) && sliding_layers[layer]; }
    double attention_scale() const;  // multiplies q·k
    std::int64_t parameter_count() const;

    // Throws ew::Error("<origin>: ...") on missing/invalid fields or inconsistent sizes.
    static ModelConfig from_json_text(const std::string& text, const std::string& origin);
    static ModelConfig load(const std::filesystem::path& config_json);
    std::string to_json_text() const;
    void validate(const std::string& origin) const;
};

}  // namespace ew::model

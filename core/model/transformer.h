// The decoder-only transformer behind the default model and Llama-family checkpoints:
// pre-norm (RMSNorm), rotary position embeddings (with Llama 3.1 / linear frequency scaling),
// causal grouped-query attention, SwiGLU MLP; Qwen2's q/k/v biases and Qwen3's per-head q/k
// RMSNorm and explicit head_dim; Gemma 3's layer: embeddings scaled by √D, (1 + w) RMSNorm, a
// norm after attention and around the MLP (four per layer), GeGLU, query_pre_attn_scalar, and
// sliding-window layers with their own RoPE base between full-attention ones. Weights use Hugging
// Face tensor names, so safetensors files (single or sharded) interchange with HF.
//
// Dimension legend: B = batch, T = new tokens this call, S = cached + new tokens,
// D = hidden size, H = query heads, K = key/value heads, E = head dim, V = vocabulary.
//
// Includes <torch/torch.h>: keep this header out of widely-included headers.
#pragma once
#include "model/model_config.h"

#include <filesystem>
#include <map>
#include <optional>
#include <string>
#include <torch/torch.h>

#include <atomic>
#include <unordered_map>
#include <utility>
#include <vector>

namespace ew::model {

// Per-sequence attention state. Lives in a session, never in the (shared, immutable) model.
struct KvCache {
    std::vector<torch::Tensor> keys;    // per layer [B, K, S, E]: views of the first S positions of storage
    std::vector<torch::Tensor> values;  // per layer [B, K, S, E]
    std::int64_t length = 0;            // S

    KvCache() = default;
    // Move-only: a copy would share the storage, and its appends would overwrite the original's.
    KvCache(const KvCache&) = delete;
    KvCache& operator=(const KvCache&) = delete;
    KvCache(KvCache&&) = default;
    KvCache& operator=(KvCache&&) = default;

    void clear();
    void truncate(std::int64_t new_length);
    // Appends k, v [B, K, T, E] to layer `layer`. Storage grows geometrically, so a decode step
    // copies its own token only, not the whole cache as a concatenation would.
    void append(std::size_t layer, const torch::Tensor& k, const torch::Tensor& v);

private:
    std::vector<torch::Tensor> key_storage_, value_storage_;  // per layer [B, K, capacity, E]
};

class Transformer {
public:
    // Random initialisation (seed torch beforehand for reproducibility).
    explicit Transformer(ModelConfig config);
    // Loads and validates every tensor against the config; errors name the file and tensor.
    // `weights_path`: model.safetensors or model.safetensors.index.json (sharded).
    // `dtype` is the compute dtype; `matrix_dtype`, when given, how the large matrices (embeddings,
    // projections, MLP, LM head) are held — bfloat16 on the CPU halves memory and bandwidth while
    // computing in float32 (see held_linear); torch::kChar holds them as int8 with a scale per row
    // (int8_rows.h; CPU inference only: such a model cannot train, move or be saved). Norms and
    // biases are always held in `dtype`.
    static Transformer load(const ModelConfig& config, const std::filesystem::path& weights_path,
                            torch::Dtype dtype = torch::kFloat32, torch::Device device = torch::kCPU,
                            std::optional<torch::Dtype> matrix_dtype = std::nullopt);
    void save(const std::filesystem::path& safetensors_path,
              const std::map<std::string, std::string>& metadata = {}) const;

    // input_ids [B, T] (int64). With a cache, positions continue after cache->length and the
    // cache grows by T. Returns logits [B, T, V] in float32.
    torch::Tensor forward(const torch::Tensor& input_ids, KvCache* cache = nullptr) const;
    // The same in two steps, so callers can project only the positions they need: with a 128k
    // vocabulary the full [B, T, V] logits dominate memory. hidden_states: [B, T, D] after the
    // final norm; logits_from_hidden: [..., V] float32 for any leading shape.
    // `cancel` is polled after each layer: once set, the cache is as it was before the call and an
    // undefined tensor comes back, so an abandoned pass (a stale request's decode step) stops
    // within one layer's time instead of finishing all of them.
    torch::Tensor hidden_states(const torch::Tensor& input_ids, KvCache* cache = nullptr,
                                const std::atomic<bool>* cancel = nullptr) const;
    torch::Tensor logits_from_hidden(const torch::Tensor& hidden) const;

    const ModelConfig& config() const { return config_; }
    std::vector<std::pair<std::string, torch::Tensor>> named_parameters() const;
    std::vector<torch::Tensor> parameters() const;
    void set_requires_grad(bool requires_grad);
    // Copies another model's weights into this one's tensors in place, so optimizers holding these
    // tensors stay valid (used when resuming). Shapes must match.
    void copy_weights_from(const Transformer& other);
    torch::Device device() const { return embed_.device(); }
    torch::Dtype dtype() const { return compute_dtype_; }           // activations
    torch::Dtype matrix_dtype() const { return embed_.scalar_type(); }  // the large weights as held (kChar: int8)
    std::uint64_t weight_bytes() const;
    // Moves every weight (and the RoPE tables) to `device`, keeping dtypes: a model initialised
    // on the CPU trains on a GPU. Call before making an optimizer over parameters().
    void move_to(torch::Device device);
    // Mixed precision for training: the weights (and so the optimizer's master copy) stay in the
    // compute dtype, float32, while every matrix product — projections, MLP, attention, LM head —
    // runs in `matmul_dtype` (bfloat16), as autocast does. Norms, softmax, the residual stream and
    // the logits stay float32. Explicit rather than libtorch's autocast so the same code behaves
    // the same on libtorch 1.13 (CPU, CI) and 2.x (CUDA). nullopt: everything in the compute dtype.
    void set_mixed_precision(std::optional<torch::Dtype> matmul_dtype) { mixed_matmul_dtype_ = matmul_dtype; }
    std::optional<torch::Dtype> mixed_precision() const { return mixed_matmul_dtype_; }

private:
    struct Layer {
        torch::Tensor input_norm, q_proj, k_proj, v_proj, o_proj;
        torch::Tensor post_attention_norm, gate_proj, up_proj, down_proj;
        torch::Tensor q_bias, k_bias, v_bias;  // defined when config.attention_bias
        torch::Tensor q_norm, k_norm;          // [E], defined when config.qk_norm()
        // Gemma: post_attention_norm normalizes the attention output; these two wrap the MLP.
        torch::Tensor pre_feedforward_norm, post_feedforward_norm;
    };
    Transformer() = default;
    void build_rope_tables();
    std::vector<std::pair<std::string, torch::Tensor*>> parameter_slots();

    ModelConfig config_;
    torch::Dtype compute_dtype_ = torch::kFloat32;
    std::optional<torch::Dtype> mixed_matmul_dtype_;
    torch::Tensor linear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b = {}) const;
    // The row scales of an int8-held matrix, or an undefined tensor for any other.
    const torch::Tensor& row_scales_of(const torch::Tensor& w) const;
    bool held_in_int8() const { return embed_.scalar_type() == torch::kChar; }
    torch::Tensor embed_;    // [V, D]
    std::vector<Layer> layers_;
    torch::Tensor final_norm_;
    torch::Tensor lm_head_;  // [V, D]; undefined when tied to embed_
    torch::Tensor float32_head_;  // [V, D] float32 copy of the head on a bf16 GPU model, else undefined
    // Row scales of the int8-held matrices, keyed by the matrix's data pointer: it stays put when
    // the model (and with it every tensor handle) is moved, and int8 matrices are never replaced.
    std::unordered_map<const void*, torch::Tensor> int8_row_scales_;
    torch::Tensor rope_cos_, rope_sin_;  // [context_window, E]
    torch::Tensor local_rope_cos_, local_rope_sin_;  // the sliding layers' (Gemma), else undefined
    std::string tensor_name(const std::string& inside_model) const;  // "layers.0.…" -> the file's name
    std::string lm_head_name() const;
};

}  // namespace ew::model

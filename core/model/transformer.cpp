#include "model/transformer.h"

#include "model/few_row_product.h"
#include "model/few_token_kernels.h"
#include "model/held_linear.h"
#include "model/int8_rows.h"
#include "model/row_blocks.h"
#include "model/safetensors.h"
#include "model/weight_files.h"
#include "support/error.h"

#include <torch/version.h>

#include <algorithm>
#include <cmath>

namespace ew::model {

void KvCache::clear() {
    keys.clear();
    values.clear();
    key_storage_.clear();
    value_storage_.clear();
    length = 0;
}

void KvCache::truncate(std::int64_t new_length) {
    if (new_length >= length) return;
    if (new_length <= 0) {
        clear();
        return;
    }
    for (auto& k : keys) k = k.narrow(2, 0, new_length);
    for (auto& v : values) v = v.narrow(2, 0, new_length);
    length = new_length;  // the storage stays: the next append writes over the dropped positions
}

void KvCache::append(std::size_t layer, const torch::Tensor& k, const torch::Tensor& v) {
    if (keys.size() <= layer) {
        keys.resize(layer + 1);
        values.resize(layer + 1);
    }
    if (key_storage_.size() <= layer) {
        key_storage_.resize(layer + 1);
        value_storage_.resize(layer + 1);
    }
    // Under autograd a growing buffer written in place would break the graph: concatenate there.
    if (torch::GradMode::is_enabled() && (k.requires_grad() || v.requires_grad())) {
        keys[layer] = keys[layer].defined() ? torch::cat({keys[layer], k}, 2) : k;
        values[layer] = values[layer].defined() ? torch::cat({values[layer], v}, 2) : v;
        return;
    }
    const std::int64_t old = keys[layer].defined() ? keys[layer].size(2) : 0, T = k.size(2), need = old + T;
    auto& ks = key_storage_[layer];
    auto& vs = value_storage_[layer];
    if (!ks.defined() || ks.size(2) < need || ks.size(0) != k.size(0) || ks.scalar_type() != k.scalar_type()) {
        // 1.5× growth rounded to 256 positions: a decode step copies one token, a regrowth is rare.
        const std::int64_t capacity = (std::max(need, old + old / 2) + 255) / 256 * 256;
        auto grown_k = torch::empty({k.size(0), k.size(1), capacity, k.size(3)}, k.options());
        auto grown_v = torch::empty({v.size(0), v.size(1), capacity, v.size(3)}, v.options());
        if (old > 0) {
            grown_k.narrow(2, 0, old).copy_(keys[layer]);
            grown_v.narrow(2, 0, old).copy_(values[layer]);
        }
        ks = grown_k;
        vs = grown_v;
    }
    ks.narrow(2, old, T).copy_(k);
    vs.narrow(2, old, T).copy_(v);
    keys[layer] = ks.narrow(2, 0, need);
    values[layer] = vs.narrow(2, 0, need);
}

namespace {

torch::Tensor rms_norm(const torch::Tensor& x, const torch::Tensor& weight, double eps) {
    // Computed in float32 for stability whatever the weight dtype, as HF Llama does.
    auto xf = x.to(torch::kFloat32);
    auto normed = xf * torch::rsqrt(xf.pow(2).mean(-1, true) + eps);
    return normed.to(x.scalar_type()) * weight;
}

// Gemma's RMSNorm: the weight is an offset from 1, and the product is taken in float32 before
// the cast back (Llama casts first), as HF's Gemma3RMSNorm does.
torch::Tensor gemma_rms_norm(const torch::Tensor& x, const torch::Tensor& weight, double eps) {
    auto xf = x.to(torch::kFloat32);
    auto normed = xf * torch::rsqrt(xf.pow(2).mean(-1, true) + eps);
    return (normed * (1.0 + weight.to(torch::kFloat32))).to(x.scalar_type());
}

// cos/sin tables [positions, E] for RoPE with base `theta`, scaled as `r` says.
std::pair<torch::Tensor, torch::Tensor> rope_tables(std::int64_t E, double theta, const RopeScaling& r, std::int64_t positions) {
    auto inv_freq = 1.0 / torch::pow(theta, torch::arange(0, E, 2, torch::kFloat64) / double(E));
    auto pos = torch::arange(positions, torch::kFloat64);
    if (r.type == "linear") {
        pos = pos / r.factor;
    } else if (r.type == "llama3") {
        // Llama 3.1: long wavelengths are slowed by `factor`, short ones kept, the band between
        // interpolated smoothly in 1/wavelength.
        const double old_len = r.original_max_position_embeddings;
        const double low_wavelen = old_len / r.low_freq_factor, high_wavelen = old_len / r.high_freq_factor;
        auto wavelen = 2 * M_PI / inv_freq;
        auto smooth = (old_len / wavelen - r.low_freq_factor) / (r.high_freq_factor - r.low_freq_factor);
        auto blended = (1 - smooth) * inv_freq / r.factor + smooth * inv_freq;
        inv_freq = torch::where(wavelen < high_wavelen, inv_freq, torch::where(wavelen > low_wavelen, inv_freq / r.factor, blended));
    }
    auto freqs = torch::outer(pos, inv_freq);
    auto emb = torch::cat({freqs, freqs}, -1);
    return {emb.cos(), emb.sin()};
}

torch::Tensor rotate_half(const torch::Tensor& x) {
    auto half = x.size(-1) / 2;
    return torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

// Grouped-query attention without copying keys and values per query head: the G = H/K query heads
// that share a key/value head are stacked as extra rows of one product. Queries go in blocks so
// the float32 scores of a long prefill stay near 32 MB instead of growing as T × S.
// q [B, H, T, E], k and v [B, K, S, E], masked [T, S] (true: not attended). Returns [B, T, H·E].
torch::Tensor grouped_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v,
                                const torch::Tensor& masked, double scale) {
    const std::int64_t B = q.size(0), H = q.size(1), T = q.size(2), E = q.size(3), K = k.size(1), S = k.size(2);
    const std::int64_t G = H / K;
    const auto grouped = q.reshape({B, K, G, T, E});
    const auto keys_t = k.transpose(-2, -1);  // [B, K, E, S]
    const std::int64_t block = std::clamp<std::int64_t>((std::int64_t{8} << 20) / std::max<std::int64_t>(1, B * H * S), 1, T);
    std::vector<torch::Tensor> outputs;
    for (std::int64_t t0 = 0; t0 < T; t0 += block) {
        const std::int64_t tb = std::min(block, T - t0);
        const auto qb = grouped.narrow(3, t0, tb).reshape({B, K, G * tb, E});
        auto scores = torch::matmul(qb, keys_t) * scale;  // [B, K, G·tb, S], rows ordered (g, t)
        scores = scores.masked_fill(masked.narrow(0, t0, tb).repeat({G, 1}), -std::numeric_limits<float>::infinity());
        const auto attn = torch::softmax(scores.to(torch::kFloat32), -1).to(v.scalar_type());
        outputs.push_back(torch::matmul(attn, v).view({B, K, G, tb, E}));
    }
    auto out = outputs.size() == 1 ? outputs[0] : torch::cat(outputs, 3);  // [B, K, G, T, E]
    return out.reshape({B, H, T, E}).transpose(1, 2).reshape({B, T, H * E});
}

// Attention through libtorch's fused kernel (flash / memory-efficient) where it exists — libtorch
// ≥ 2.1 on CUDA — for the two shapes it covers exactly: a whole causal sequence from position 0,
// and one new query against all cached keys. Returns an undefined tensor where it does not apply.
torch::Tensor fused_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, std::int64_t past,
                              bool whole_window, double scale) {
#if TORCH_VERSION_MAJOR > 2 || (TORCH_VERSION_MAJOR == 2 && TORCH_VERSION_MINOR >= 1)
    const std::int64_t B = q.size(0), H = q.size(1), T = q.size(2), E = q.size(3), K = k.size(1);
    if (!q.is_cuda() || !whole_window || (past != 0 && T != 1)) return {};
    auto keys = H == K ? k : k.repeat_interleave(H / K, 1);
    auto values = H == K ? v : v.repeat_interleave(H / K, 1);
    auto out = at::scaled_dot_product_attention(q, keys, values, {}, 0.0, /*is_causal=*/past == 0 && T > 1, scale);
    return out.transpose(1, 2).reshape({B, T, H * E});
#else
    (void)q, (void)k, (void)v, (void)past, (void)whole_window, (void)scale;
    return {};
#endif
}

}  // namespace

const torch::Tensor& Transformer::row_scales_of(const torch::Tensor& w) const {
    static const torch::Tensor none;
    if (w.scalar_type() != torch::kChar) return none;
    return int8_row_scales_.at(w.data_ptr());
}

torch::Tensor Transformer::linear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b) const {
    if (!mixed_matmul_dtype_) return held_linear(x, w, b, row_scales_of(w));
    const auto t = *mixed_matmul_dtype_;
    return torch::linear(x.to(t), w.to(t), b.defined() ? b.to(t) : b);
}

Transformer::Transformer(ModelConfig config) : config_(std::move(config)), compute_dtype_(torch::kFloat32) {
    config_.validate("model config");
    const auto& c = config_;
    const double std = 0.02;
    const double out_std = std / std::sqrt(2.0 * c.num_hidden_layers);  // GPT-2 style residual scaling
    const int64_t D = c.hidden_size, QW = c.q_width(), KE = c.kv_width(), F = c.intermediate_size;
    auto normal = [](std::vector<int64_t> shape, double s) { return torch::randn(shape) * s; };
    embed_ = normal({c.vocab_size, D}, std);
    for (int i = 0; i < c.num_hidden_layers; ++i) {
        Layer l;
        l.q_proj = normal({QW, D}, std);
        l.k_proj = normal({KE, D}, std);
        l.v_proj = normal({KE, D}, std);
        l.o_proj = normal({D, QW}, out_std);
        if (c.attention_bias) {
            l.q_bias = torch::zeros({QW});
            l.k_bias = torch::zeros({KE});
            l.v_bias = torch::zeros({KE});
        }
        // Gemma's norms hold w in (1 + w): zeros are the identity.
        const auto unit_norm = [&](std::int64_t n) { return c.gemma() ? torch::zeros({n}) : torch::ones({n}); };
        l.input_norm = unit_norm(D);
        if (c.qk_norm()) {
            l.q_norm = unit_norm(c.head_dim());
            l.k_norm = unit_norm(c.head_dim());
        }
        l.post_attention_norm = unit_norm(D);
        if (c.gemma()) {
            l.pre_feedforward_norm = unit_norm(D);
            l.post_feedforward_norm = unit_norm(D);
        }
        l.gate_proj = normal({F, D}, std);
        l.up_proj = normal({F, D}, std);
        l.down_proj = normal({D, F}, out_std);
        layers_.push_back(std::move(l));
    }
    final_norm_ = c.gemma() ? torch::zeros({D}) : torch::ones({D});
    if (!c.tie_word_embeddings) lm_head_ = normal({c.vocab_size, D}, std);
    build_rope_tables();
}

void Transformer::move_to(torch::Device device) {
    if (held_in_int8() && !device.is_cpu()) throw Error("a model held in int8 runs on the CPU only: load it with fp32 or bf16 weights");
    for (auto& [name, slot] : parameter_slots()) *slot = slot->to(device);
    if (float32_head_.defined()) float32_head_ = float32_head_.to(device);
    build_rope_tables();
}

void Transformer::build_rope_tables() {
    auto dev = embed_.defined() ? embed_.device() : torch::Device(torch::kCPU);
    auto dt = compute_dtype_;
    const std::int64_t E = config_.head_dim(), positions = config_.context_window();
    auto [cos, sin] = rope_tables(E, config_.rope_theta, config_.rope_scaling, positions);
    rope_cos_ = cos.to(dev, dt);
    rope_sin_ = sin.to(dev, dt);
    if (config_.sliding_window > 0) {  // Gemma's sliding layers: their own base, never scaled
        auto [local_cos, local_sin] = rope_tables(E, config_.rope_local_base_freq, RopeScaling{}, positions);
        local_rope_cos_ = local_cos.to(dev, dt);
        local_rope_sin_ = local_sin.to(dev, dt);
    }
}

// Tensor names by layout: "model.layers.0.…" (causal-LM checkpoints), "language_model.model.…"
// (multimodal Gemma 3 as published), "model.language_model.…" (as newer transformers saves it).
std::string Transformer::tensor_name(const std::string& inside_model) const {
    const auto& p = config_.weight_prefix;
    return p == "model.language_model." ? p + inside_model : p + "model." + inside_model;
}

std::string Transformer::lm_head_name() const {
    return config_.weight_prefix == "language_model." ? "language_model.lm_head.weight" : "lm_head.weight";
}

std::vector<std::pair<std::string, torch::Tensor*>> Transformer::parameter_slots() {
    std::vector<std::pair<std::string, torch::Tensor*>> slots;
    slots.emplace_back(tensor_name("embed_tokens.weight"), &embed_);
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        auto p = tensor_name("layers." + std::to_string(i) + ".");
        auto& l = layers_[i];
        slots.emplace_back(p + "input_layernorm.weight", &l.input_norm);
        slots.emplace_back(p + "self_attn.q_proj.weight", &l.q_proj);
        slots.emplace_back(p + "self_attn.k_proj.weight", &l.k_proj);
        slots.emplace_back(p + "self_attn.v_proj.weight", &l.v_proj);
        slots.emplace_back(p + "self_attn.o_proj.weight", &l.o_proj);
        if (config_.attention_bias) {
            slots.emplace_back(p + "self_attn.q_proj.bias", &l.q_bias);
            slots.emplace_back(p + "self_attn.k_proj.bias", &l.k_bias);
            slots.emplace_back(p + "self_attn.v_proj.bias", &l.v_bias);
        }
        if (config_.qk_norm()) {
            slots.emplace_back(p + "self_attn.q_norm.weight", &l.q_norm);
            slots.emplace_back(p + "self_attn.k_norm.weight", &l.k_norm);
        }
        slots.emplace_back(p + "post_attention_layernorm.weight", &l.post_attention_norm);
        if (config_.gemma()) {
            slots.emplace_back(p + "pre_feedforward_layernorm.weight", &l.pre_feedforward_norm);
            slots.emplace_back(p + "post_feedforward_layernorm.weight", &l.post_feedforward_norm);
        }
        slots.emplace_back(p + "mlp.gate_proj.weight", &l.gate_proj);
        slots.emplace_back(p + "mlp.up_proj.weight", &l.up_proj);
        slots.emplace_back(p + "mlp.down_proj.weight", &l.down_proj);
    }
    slots.emplace_back(tensor_name("norm.weight"), &final_norm_);
    if (!config_.tie_word_embeddings) slots.emplace_back(lm_head_name(), &lm_head_);
    return slots;
}

std::vector<std::pair<std::string, torch::Tensor>> Transformer::named_parameters() const {
    std::vector<std::pair<std::string, torch::Tensor>> out;
    for (auto& [name, slot] : const_cast<Transformer*>(this)->parameter_slots()) out.emplace_back(name, *slot);
    return out;
}

std::vector<torch::Tensor> Transformer::parameters() const {
    std::vector<torch::Tensor> out;
    for (auto& [name, t] : named_parameters()) out.push_back(t);
    return out;
}

void Transformer::set_requires_grad(bool requires_grad) {
    for (auto& [name, slot] : parameter_slots()) slot->set_requires_grad(requires_grad);
}

void Transformer::copy_weights_from(const Transformer& other) {
    torch::NoGradGuard no_grad;
    auto theirs = other.named_parameters();
    auto mine = parameter_slots();
    if (theirs.size() != mine.size()) throw Error("cannot copy weights between models of different shapes");
    for (std::size_t i = 0; i < mine.size(); ++i) mine[i].second->copy_(theirs[i].second);
}

Transformer Transformer::load(const ModelConfig& config, const std::filesystem::path& path, torch::Dtype dtype,
                              torch::Device device, std::optional<torch::Dtype> matrix_dtype) {
    config.validate(path.parent_path().string() + "/config.json");
    if (matrix_dtype == torch::kChar && !device.is_cpu())
        throw Error("int8 weights are a CPU format: on " + device.str() + " use fp32 or bf16 weights");
    auto file = WeightFiles::open(path);
    Transformer model;
    model.config_ = config;
    model.compute_dtype_ = dtype;
    // A multimodal Gemma 3 saved by newer transformers keeps the language model under "model.language_model.".
    if (config.weight_prefix == "language_model." && !file.find("language_model.model.embed_tokens.weight") &&
        file.find("model.language_model.embed_tokens.weight"))
        model.config_.weight_prefix = "model.language_model.";
    model.layers_.resize(config.num_hidden_layers);
    const int64_t D = config.hidden_size, QW = config.q_width(), KE = config.kv_width(), E = config.head_dim(),
                  F = config.intermediate_size, V = config.vocab_size;
    auto expected_shape = [&](const std::string& name) -> std::vector<int64_t> {
        if (name.ends_with("embed_tokens.weight") || name.ends_with("lm_head.weight")) return {V, D};
        if (name.ends_with("q_norm.weight") || name.ends_with("k_norm.weight")) return {E};
        if (name.ends_with("norm.weight")) return {D};
        if (name.ends_with("q_proj.weight")) return {QW, D};
        if (name.ends_with("o_proj.weight")) return {D, QW};
        if (name.ends_with("q_proj.bias")) return {QW};
        if (name.ends_with("k_proj.bias") || name.ends_with("v_proj.bias")) return {KE};
        if (name.ends_with("k_proj.weight") || name.ends_with("v_proj.weight")) return {KE, D};
        if (name.ends_with("gate_proj.weight") || name.ends_with("up_proj.weight")) return {F, D};
        return {D, F};  // down_proj
    };
    for (auto& [name, slot] : model.parameter_slots()) {
        const auto* found = file.find(name);
        if (!found)
            fail_file(path, "tensor \"" + name + "\" is missing (config.json says model_type " + config.model_type +
                                (config.attention_bias ? " with attention biases" : "") +
                                (config.weight_prefix.empty() ? "" : ", the language model of a multimodal checkpoint") + ")");
        const auto& info = *found;
        auto want = expected_shape(name);
        if (info.shape != want) {
            auto show = [](const std::vector<int64_t>& s) {
                std::string r = "[";
                for (std::size_t i = 0; i < s.size(); ++i) r += (i ? ", " : "") + std::to_string(s[i]);
                return r + "]";
            };
            fail_file(file.file_of(name), "tensor \"" + name + "\" has shape " + show(info.shape) + " but config.json implies " + show(want));
        }
        torch::Dtype src;
        switch (info.dtype) {
            case DType::F32: src = torch::kFloat32; break;
            case DType::F16: src = torch::kFloat16; break;
            case DType::BF16: src = torch::kBFloat16; break;
            case DType::F64: src = torch::kFloat64; break;
            default: fail_file(file.file_of(name), "tensor \"" + name + "\" has dtype " + dtype_name(info.dtype) + ", expected a float type");
        }
        // A view of the mapped file, read in row blocks: a whole-tensor clone, float32 copy and
        // finiteness mask of a 151,936-row embedding would add 1 GiB to the load's peak.
        auto bytes = file.bytes(name);
        const auto mapped = torch::from_blob(const_cast<std::byte*>(bytes.data()), info.shape, torch::TensorOptions().dtype(src));
        if (!all_finite(mapped)) fail_file(file.file_of(name), "tensor \"" + name + "\" contains NaN or infinite values");
        // Matrices may be held narrower than the compute dtype; norms and biases never are.
        if (mapped.dim() == 2 && matrix_dtype == torch::kChar) {
            auto q = quantize_rows(mapped);
            model.int8_row_scales_.emplace(q.values.data_ptr(), std::move(q.scales));
            *slot = std::move(q.values);
        } else {
            // A fresh tensor, never the view: the model outlives the file mapping.
            *slot = torch::empty(info.shape, torch::TensorOptions().dtype(mapped.dim() == 2 && matrix_dtype ? *matrix_dtype : dtype).device(device));
            copy_in_row_blocks(*slot, mapped);
        }
        file.release(name);
    }
    model.build_rope_tables();
    // On a GPU computing in bf16, logits of magnitude 10-20 rounded to bf16 are off by up to
    // 0.06 nats — more than the scores the workbench reads can bear. A float32 copy of the head
    // (V × D × 4 bytes: 25 MB for the bundled model, 2 GB for Llama 3 8B) keeps them exact.
    if (device.is_cuda() && (dtype != torch::kFloat32 || (matrix_dtype && *matrix_dtype != torch::kFloat32))) {
        const auto& head = model.lm_head_.defined() ? model.lm_head_ : model.embed_;
        model.float32_head_ = head.to(torch::kFloat32);
    }
    return model;
}

void Transformer::save(const std::filesystem::path& path, const std::map<std::string, std::string>& metadata) const {
    if (held_in_int8()) throw Error("a model held in int8 is an inference copy and cannot be saved: load it with fp32 or bf16 weights");
    std::vector<torch::Tensor> keep;  // owns contiguous CPU copies while writing
    std::vector<TensorView> views;
    for (auto& [name, t] : named_parameters()) {
        auto c = t.detach().to(torch::kCPU).to(torch::kFloat32).contiguous();
        keep.push_back(c);
        views.push_back({name, DType::F32, c.sizes().vec(), c.data_ptr(), static_cast<std::size_t>(c.numel()) * 4});
    }
    auto meta = metadata;
    meta.emplace("format", "pt");
    write_safetensors(path, views, meta);
}

torch::Tensor Transformer::forward(const torch::Tensor& input_ids, KvCache* cache) const {
    return logits_from_hidden(hidden_states(input_ids, cache));
}

torch::Tensor Transformer::logits_from_hidden(const torch::Tensor& hidden) const {
    if (float32_head_.defined()) return torch::linear(hidden.to(torch::kFloat32), float32_head_);
    return linear(hidden, lm_head_.defined() ? lm_head_ : embed_).to(torch::kFloat32);
}

std::uint64_t Transformer::weight_bytes() const {
    std::uint64_t bytes = 0;
    for (const auto& [name, t] : named_parameters()) bytes += static_cast<std::uint64_t>(t.numel()) * t.element_size();
    for (const auto& [data, scales] : int8_row_scales_) bytes += static_cast<std::uint64_t>(scales.numel()) * 4;
    if (float32_head_.defined()) bytes += static_cast<std::uint64_t>(float32_head_.numel()) * 4;
    return bytes;
}

torch::Tensor Transformer::hidden_states(const torch::Tensor& input_ids, KvCache* cache, const std::atomic<bool>* cancel) const {
    const auto& c = config_;
    const int64_t B = input_ids.size(0), T = input_ids.size(1);
    const int64_t H = c.num_attention_heads, K = c.num_key_value_heads, E = c.head_dim();
    const int64_t past = cache ? cache->length : 0;
    if (past + T > c.context_window())
        throw Error("sequence of " + std::to_string(past + T) + " tokens exceeds the model's context of " +
                    std::to_string(c.context_window()));
    auto ids = input_ids.to(embed_.device());
    // A tokenizer may know ids the model has no row for (Gemma 3 1B: <image_soft_token>).
    if (ids.numel() > 0 && (ids.max().item<int64_t>() >= c.vocab_size || ids.min().item<int64_t>() < 0))
        throw Error("token id " + std::to_string(ids.max().item<int64_t>()) + " is outside the model's vocabulary of " +
                    std::to_string(c.vocab_size) + " (a tokenizer token this model has no embedding for)");
    auto x = (held_in_int8() ? gather_rows(embed_, row_scales_of(embed_), ids) : torch::embedding(embed_, ids)).to(compute_dtype_);  // [B, T, D]
    // Gemma scales embeddings by √D, rounded to the weights' dtype first as HF does.
    if (c.gemma()) x = x * torch::tensor(std::sqrt(double(c.hidden_size)), torch::TensorOptions().dtype(torch::kFloat32)).to(x.scalar_type());
    // Decoding a few tokens: fused kernels where they apply (few_token_kernels.h), ~20 ops per
    // layer instead of ~55. Gemma's norms and activation keep libtorch's path.
    const bool few_tokens = B * T <= kFewRowsMax && !c.gemma();
    const auto norm = [&](const torch::Tensor& v, const torch::Tensor& w) -> torch::Tensor {
        if (few_tokens)
            if (auto fused = few_token_rms_norm(v, w, c.rms_norm_eps); fused.defined()) return fused;
        return c.gemma() ? gemma_rms_norm(v, w, c.rms_norm_eps) : rms_norm(v, w, c.rms_norm_eps);
    };
    // x [B, T, heads, E] rotated by position; cos/sin [T, E].
    const auto rotate = [&](const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin) -> torch::Tensor {
        if (few_tokens)
            if (auto fused = few_token_rope(x, cos, sin); fused.defined()) return fused;
        return x * cos.unsqueeze(1) + rotate_half(x) * sin.unsqueeze(1);
    };
    const int64_t S = past + T;
    // Query i sits at absolute position past+i and may attend keys 0..past+i; in a sliding layer
    // only the last sliding_window of them (itself included).
    const auto opts = torch::TensorOptions().dtype(torch::kBool).device(x.device());
    auto mask = torch::ones({T, S}, opts).triu(past + 1);
    torch::Tensor sliding_mask;
    if (c.sliding_window > 0)
        sliding_mask = mask | torch::ones({T, S}, opts).tril(past - c.sliding_window);
    const double scale = c.attention_scale();
    for (std::size_t li = 0; li < layers_.size(); ++li) {
        const auto& l = layers_[li];
        const bool sliding = c.is_sliding(static_cast<int>(li));
        const auto& cos_table = sliding ? local_rope_cos_ : rope_cos_;
        const auto& sin_table = sliding ? local_rope_sin_ : rope_sin_;
        auto cos = cos_table.narrow(0, past, T);  // [T, E]
        auto sin = sin_table.narrow(0, past, T);
        auto h = norm(x, l.input_norm);
        auto q = linear(h, l.q_proj, l.q_bias).view({B, T, H, E});
        auto k = linear(h, l.k_proj, l.k_bias).view({B, T, K, E});
        auto v = linear(h, l.v_proj, l.v_bias).view({B, T, K, E}).transpose(1, 2);  // [B, K, T, E]
        if (c.qk_norm()) {  // Qwen3, Gemma: RMSNorm of each head's query and key, before rotation
            q = norm(q, l.q_norm);
            k = norm(k, l.k_norm);
        }
        if (cos.scalar_type() != q.scalar_type()) {  // mixed precision: rotate in the product dtype
            cos = cos.to(q.scalar_type());
            sin = sin.to(q.scalar_type());
        }
        q = rotate(q, cos, sin).transpose(1, 2);  // [B, H, T, E]
        k = rotate(k, cos, sin).transpose(1, 2);  // [B, K, T, E]
        if (cache) {
            cache->append(li, k, v);
            k = cache->keys[li];
            v = cache->values[li];
        }
        auto attended = fused_attention(q, k, v, past, !sliding || S <= c.sliding_window, scale);
        if (!attended.defined() && few_tokens) attended = few_token_attention(q, k, v, scale, sliding ? c.sliding_window : 0);
        if (!attended.defined()) attended = grouped_attention(q, k, v, sliding ? sliding_mask : mask, scale);
        auto out = linear(attended, l.o_proj);
        if (c.gemma()) {  // normalized before the residual, and the MLP wrapped in two norms
            x = x + norm(out, l.post_attention_norm);
            h = norm(x, l.pre_feedforward_norm);
            auto mlp = linear(torch::gelu(linear(h, l.gate_proj), "tanh") * linear(h, l.up_proj), l.down_proj);
            x = x + norm(mlp, l.post_feedforward_norm);
        } else {
            x = x + out;
            h = norm(x, l.post_attention_norm);
            const auto gate = linear(h, l.gate_proj);
            const auto up = linear(h, l.up_proj);
            const bool silu = c.hidden_activation != "gelu_pytorch_tanh";
            auto product = few_tokens && silu ? few_token_silu_product(gate, up) : torch::Tensor();
            if (!product.defined()) product = (silu ? torch::silu(gate) : torch::gelu(gate, "tanh")) * up;
            x = x + linear(product, l.down_proj);
        }
        if (cancel && cancel->load(std::memory_order_relaxed)) {
            // Layers 0..li hold this call's keys and values past `past`; the rest none yet.
            if (cache)
                for (std::size_t done = 0; done <= li; ++done) {
                    cache->keys[done] = cache->keys[done].narrow(2, 0, past);
                    cache->values[done] = cache->values[done].narrow(2, 0, past);
                }
            return {};
        }
    }
    if (cache) cache->length = S;
    return norm(x, final_norm_);
}

}  // namespace ew::model

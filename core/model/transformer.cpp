#include "model/transformer.h"

#include "model/safetensors.h"
#include "model/weight_files.h"
#include "support/error.h"

#include <cmath>

namespace ew::model {

void KvCache::clear() {
    keys.clear();
    values.clear();
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
    length = new_length;
}

namespace {

torch::Tensor rms_norm(const torch::Tensor& x, const torch::Tensor& weight, double eps) {
    // Computed in float32 for stability whatever the weight dtype, as HF Llama does.
    auto xf = x.to(torch::kFloat32);
    auto normed = xf * torch::rsqrt(xf.pow(2).mean(-1, true) + eps);
    return normed.to(x.scalar_type()) * weight;
}

torch::Tensor rotate_half(const torch::Tensor& x) {
    auto half = x.size(-1) / 2;
    return torch::cat({-x.narrow(-1, half, half), x.narrow(-1, 0, half)}, -1);
}

}  // namespace

Transformer::Transformer(ModelConfig config) : config_(std::move(config)) {
    config_.validate("model config");
    const auto& c = config_;
    const double std = 0.02;
    const double out_std = std / std::sqrt(2.0 * c.num_hidden_layers);  // GPT-2 style residual scaling
    const int64_t D = c.hidden_size, QW = c.q_width(), KE = c.kv_width(), F = c.intermediate_size;
    auto normal = [](std::vector<int64_t> shape, double s) { return torch::randn(shape) * s; };
    embed_ = normal({c.vocab_size, D}, std);
    for (int i = 0; i < c.num_hidden_layers; ++i) {
        Layer l;
        l.input_norm = torch::ones({D});
        l.q_proj = normal({QW, D}, std);
        l.k_proj = normal({KE, D}, std);
        l.v_proj = normal({KE, D}, std);
        l.o_proj = normal({D, QW}, out_std);
        if (c.attention_bias) {
            l.q_bias = torch::zeros({QW});
            l.k_bias = torch::zeros({KE});
            l.v_bias = torch::zeros({KE});
        }
        if (c.qk_norm()) {
            l.q_norm = torch::ones({c.head_dim()});
            l.k_norm = torch::ones({c.head_dim()});
        }
        l.post_attention_norm = torch::ones({D});
        l.gate_proj = normal({F, D}, std);
        l.up_proj = normal({F, D}, std);
        l.down_proj = normal({D, F}, out_std);
        layers_.push_back(std::move(l));
    }
    final_norm_ = torch::ones({D});
    if (!c.tie_word_embeddings) lm_head_ = normal({c.vocab_size, D}, std);
    build_rope_tables();
}

void Transformer::build_rope_tables() {
    const int64_t E = config_.head_dim();
    auto inv_freq = 1.0 / torch::pow(config_.rope_theta, torch::arange(0, E, 2, torch::kFloat64) / double(E));
    auto pos = torch::arange(config_.context_window(), torch::kFloat64);
    const auto& r = config_.rope_scaling;
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
    auto dev = embed_.defined() ? embed_.device() : torch::Device(torch::kCPU);
    auto dt = embed_.defined() ? embed_.scalar_type() : torch::kFloat32;
    rope_cos_ = emb.cos().to(dev, dt);
    rope_sin_ = emb.sin().to(dev, dt);
}

std::vector<std::pair<std::string, torch::Tensor*>> Transformer::parameter_slots() {
    std::vector<std::pair<std::string, torch::Tensor*>> slots;
    slots.emplace_back("model.embed_tokens.weight", &embed_);
    for (std::size_t i = 0; i < layers_.size(); ++i) {
        auto p = "model.layers." + std::to_string(i) + ".";
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
        slots.emplace_back(p + "mlp.gate_proj.weight", &l.gate_proj);
        slots.emplace_back(p + "mlp.up_proj.weight", &l.up_proj);
        slots.emplace_back(p + "mlp.down_proj.weight", &l.down_proj);
    }
    slots.emplace_back("model.norm.weight", &final_norm_);
    if (!config_.tie_word_embeddings) slots.emplace_back("lm_head.weight", &lm_head_);
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
                              torch::Device device) {
    config.validate(path.parent_path().string() + "/config.json");
    auto file = WeightFiles::open(path);
    Transformer model;
    model.config_ = config;
    model.layers_.resize(config.num_hidden_layers);
    const int64_t D = config.hidden_size, QW = config.q_width(), KE = config.kv_width(), E = config.head_dim(),
                  F = config.intermediate_size, V = config.vocab_size;
    auto expected_shape = [&](const std::string& name) -> std::vector<int64_t> {
        if (name == "model.embed_tokens.weight" || name == "lm_head.weight") return {V, D};
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
                                (config.attention_bias ? " with attention biases" : "") + ")");
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
        auto bytes = file.bytes(name);
        // from_blob views the mmap; clone() copies so the model outlives the file mapping.
        auto t = torch::from_blob(const_cast<std::byte*>(bytes.data()), info.shape, torch::TensorOptions().dtype(src)).clone();
        if (!torch::isfinite(t.to(torch::kFloat32)).all().item<bool>())
            fail_file(file.file_of(name), "tensor \"" + name + "\" contains NaN or infinite values");
        *slot = t.to(device, dtype);
    }
    model.build_rope_tables();
    return model;
}

void Transformer::save(const std::filesystem::path& path, const std::map<std::string, std::string>& metadata) const {
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
    return torch::linear(hidden, lm_head_.defined() ? lm_head_ : embed_).to(torch::kFloat32);
}

torch::Tensor Transformer::hidden_states(const torch::Tensor& input_ids, KvCache* cache) const {
    const auto& c = config_;
    const int64_t B = input_ids.size(0), T = input_ids.size(1);
    const int64_t H = c.num_attention_heads, K = c.num_key_value_heads, E = c.head_dim(), QW = c.q_width();
    const int64_t past = cache ? cache->length : 0;
    if (past + T > c.context_window())
        throw Error("sequence of " + std::to_string(past + T) + " tokens exceeds the model's context of " +
                    std::to_string(c.context_window()));
    auto ids = input_ids.to(embed_.device());
    auto x = torch::embedding(embed_, ids);  // [B, T, D]
    auto cos = rope_cos_.narrow(0, past, T);  // [T, E]
    auto sin = rope_sin_.narrow(0, past, T);
    const int64_t S = past + T;
    // Query i sits at absolute position past+i and may attend keys 0..past+i.
    auto mask = torch::ones({T, S}, torch::TensorOptions().dtype(torch::kBool).device(x.device())).triu(past + 1);
    const double scale = 1.0 / std::sqrt(double(E));
    if (cache && cache->keys.empty()) {
        cache->keys.resize(layers_.size());
        cache->values.resize(layers_.size());
    }
    for (std::size_t li = 0; li < layers_.size(); ++li) {
        const auto& l = layers_[li];
        auto h = rms_norm(x, l.input_norm, c.rms_norm_eps);
        auto q = torch::linear(h, l.q_proj, l.q_bias).view({B, T, H, E}).transpose(1, 2);  // [B, H, T, E]
        auto k = torch::linear(h, l.k_proj, l.k_bias).view({B, T, K, E}).transpose(1, 2);  // [B, K, T, E]
        auto v = torch::linear(h, l.v_proj, l.v_bias).view({B, T, K, E}).transpose(1, 2);
        if (c.qk_norm()) {  // Qwen3: RMSNorm of each head's query and key, before rotation
            q = rms_norm(q, l.q_norm, c.rms_norm_eps);
            k = rms_norm(k, l.k_norm, c.rms_norm_eps);
        }
        q = q * cos + rotate_half(q) * sin;
        k = k * cos + rotate_half(k) * sin;
        if (cache) {
            if (cache->keys[li].defined()) {
                k = torch::cat({cache->keys[li], k}, 2);
                v = torch::cat({cache->values[li], v}, 2);
            }
            cache->keys[li] = k;
            cache->values[li] = v;
        }
        if (K != H) {  // grouped-query attention: each K/V head serves H/K query heads
            k = k.repeat_interleave(H / K, 1);
            v = v.repeat_interleave(H / K, 1);
        }
        auto scores = torch::matmul(q, k.transpose(-2, -1)) * scale;  // [B, H, T, S]
        scores = scores.masked_fill(mask, -std::numeric_limits<float>::infinity());
        auto attn = torch::softmax(scores.to(torch::kFloat32), -1).to(v.scalar_type());
        auto out = torch::matmul(attn, v).transpose(1, 2).reshape({B, T, QW});
        x = x + torch::linear(out, l.o_proj);
        h = rms_norm(x, l.post_attention_norm, c.rms_norm_eps);
        x = x + torch::linear(torch::silu(torch::linear(h, l.gate_proj)) * torch::linear(h, l.up_proj), l.down_proj);
    }
    if (cache) cache->length = S;
    return rms_norm(x, final_norm_, c.rms_norm_eps);
}

}  // namespace ew::model

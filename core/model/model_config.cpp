#include "model/model_config.h"

#include "support/error.h"
#include "support/file_io.h"
#include "support/json_integer.h"
#include "text/bpe_tokenizer.h"

#include <cmath>
#include <limits>
#include <nlohmann/json.hpp>

namespace ew::model {

using json = nlohmann::ordered_json;

namespace {

// The parameter count without overflow: config.json's sizes are each an int, but their products
// (hidden × intermediate × layers) need not fit in int64 for a hostile or mistyped file.
__int128 exact_parameter_count(const ModelConfig& c) {
    const __int128 d = c.hidden_size, head = c.head_dim(), q = static_cast<__int128>(c.num_attention_heads) * head,
                   kv = static_cast<__int128>(c.num_key_value_heads) * head;
    __int128 per_layer = d * q * 2 + d * kv * 2 + 3 * d * c.intermediate_size + 2 * d;
    if (c.attention_bias) per_layer += q + 2 * kv;
    if (c.qk_norm()) per_layer += 2 * head;
    if (c.gemma()) per_layer += 2 * d;  // pre- and post-feedforward norms
    return static_cast<__int128>(c.vocab_size) * d * (c.tie_word_embeddings ? 1 : 2) + c.num_hidden_layers * per_layer + d;
}

}  // namespace

std::int64_t ModelConfig::parameter_count() const {
    const __int128 n = exact_parameter_count(*this);
    return n > std::numeric_limits<std::int64_t>::max() ? std::numeric_limits<std::int64_t>::max() : static_cast<std::int64_t>(n);
}

double ModelConfig::attention_scale() const {
    return 1.0 / std::sqrt(query_pre_attn_scalar > 0 ? query_pre_attn_scalar : static_cast<double>(head_dim()));
}

void ModelConfig::validate(const std::string& origin) const {
    auto bad = [&](const std::string& what) { throw Error(origin + ": " + what); };
    if (model_type != "llama" && model_type != "qwen2" && model_type != "qwen3" && model_type != "gemma3_text")
        bad("model_type \"" + model_type + "\" is not supported (llama, qwen2, qwen3, gemma3, gemma3_text)");
    if (hidden_activation != "silu" && hidden_activation != "gelu_pytorch_tanh")
        bad("hidden_activation \"" + hidden_activation + "\" is not supported (silu, gelu_pytorch_tanh)");
    if (sliding_window < 0) bad("sliding_window must not be negative");
    if (!sliding_layers.empty() && static_cast<int>(sliding_layers.size()) != num_hidden_layers)
        bad("layer_types lists " + std::to_string(sliding_layers.size()) + " layers but num_hidden_layers is " + std::to_string(num_hidden_layers));
    if (query_pre_attn_scalar < 0 || !(rope_local_base_freq > 0)) bad("query_pre_attn_scalar and rope_local_base_freq must be positive");
    if (vocab_size <= 0) bad("vocab_size must be positive");
    if (hidden_size <= 0 || intermediate_size <= 0) bad("hidden_size and intermediate_size must be positive");
    if (num_hidden_layers <= 0) bad("num_hidden_layers must be positive");
    if (num_attention_heads <= 0) bad("num_attention_heads must be positive");
    if (explicit_head_dim < 0) bad("head_dim must be positive");
    if (explicit_head_dim == 0 && hidden_size % num_attention_heads != 0)
        bad("hidden_size " + std::to_string(hidden_size) + " is not divisible by num_attention_heads " + std::to_string(num_attention_heads));
    if (head_dim() % 2 != 0) bad("head dimension must be even for rotary embeddings");
    if (num_key_value_heads <= 0 || num_attention_heads % num_key_value_heads != 0)
        bad("num_attention_heads must be a multiple of num_key_value_heads");
    // q_width() and kv_width() are ints; the parameter count must be an int64.
    if (static_cast<std::int64_t>(num_attention_heads) * head_dim() > std::numeric_limits<int>::max() ||
        static_cast<std::int64_t>(num_key_value_heads) * head_dim() > std::numeric_limits<int>::max())
        bad("num_attention_heads × head_dim is too large");
    if (exact_parameter_count(*this) > std::numeric_limits<std::int64_t>::max())
        bad("the sizes give more than 2^63 parameters");
    if (max_position_embeddings <= 1) bad("max_position_embeddings must be > 1");
    if (!(rope_theta > 0) || !(rms_norm_eps > 0)) bad("rope_theta and rms_norm_eps must be positive");
    const auto& r = rope_scaling;
    if (r.type != "default" && r.type != "llama3" && r.type != "linear")
        bad("rope_scaling type \"" + r.type + "\" is not supported (default, linear, llama3)");
    if (r.type != "default" && !(r.factor > 0)) bad("rope_scaling factor must be positive");
    if (r.type == "llama3" && (!(r.high_freq_factor > r.low_freq_factor) || !(r.low_freq_factor > 0) ||
                               r.original_max_position_embeddings <= 0))
        bad("rope_scaling llama3 needs 0 < low_freq_factor < high_freq_factor and original_max_position_embeddings > 0");
}

ModelConfig ModelConfig::from_json_text(const std::string& text, const std::string& origin) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {  // parse_error, or out_of_range for a number like 1e99999
        throw Error(origin + ": not valid JSON (" + e.what() + ")");
    }
    ModelConfig c;
    try {
        if (!j.is_object()) throw Error(origin + ": expected a JSON object");
        // A multimodal Gemma 3 checkpoint: the language model's fields are in text_config; token ids
        // may sit at the top. Its weights are under "language_model." and the vision tower is skipped.
        std::string architecture;
        if (j.contains("architectures") && j["architectures"].is_array() && !j["architectures"].empty())
            architecture = j["architectures"][0].get<std::string>();
        if (j.value("model_type", std::string()) == "gemma3") {
            if (!j.contains("text_config") || !j["text_config"].is_object())
                throw Error(origin + ": a gemma3 config needs a \"text_config\" object (the language model's fields)");
            json text = j["text_config"];
            for (const char* key : {"bos_token_id", "eos_token_id", "torch_dtype", "tie_word_embeddings"})
                if (!text.contains(key) && j.contains(key)) text[key] = j[key];
            text["model_type"] = "gemma3_text";
            j = std::move(text);
            c.weight_prefix = "language_model.";
        }
        // Fields validate() checks for sign and sense; here only that they fit in an int.
        auto any_int = [&](const json& v, const char* key) {
            return static_cast<int>(json_integer_in_range(v, std::numeric_limits<int>::min(), std::numeric_limits<int>::max(),
                                                          origin + ": field \"" + key + "\""));
        };
        auto required_int = [&](const char* key) {
            if (!j.contains(key)) throw Error(origin + ": missing field \"" + key + "\"");
            if (!j.at(key).is_number_integer()) throw Error(origin + ": field \"" + std::string(key) + "\" must be an integer");
            return any_int(j.at(key), key);
        };
        c.model_type = j.value("model_type", std::string("llama"));
        if (!architecture.empty()) c.architecture = architecture;
        else if (c.gemma()) c.architecture = "Gemma3ForCausalLM";
        const bool gemma = c.gemma();
        // Gemma3TextConfig's defaults: published Gemma 3 configs leave many fields out.
        const auto gemma_default = [&](const char* key, const json& value) {
            if (gemma && (!j.contains(key) || j[key].is_null())) j[key] = value;
        };
        gemma_default("vocab_size", 262208);
        gemma_default("hidden_size", 2304);
        gemma_default("intermediate_size", 9216);
        gemma_default("num_hidden_layers", 26);
        gemma_default("num_attention_heads", 8);
        gemma_default("num_key_value_heads", 4);
        gemma_default("head_dim", 256);
        gemma_default("max_position_embeddings", 131072);
        gemma_default("rms_norm_eps", 1e-6);
        gemma_default("rope_theta", 1000000.0);
        gemma_default("bos_token_id", 2);
        gemma_default("eos_token_id", 1);
        gemma_default("tie_word_embeddings", true);
        gemma_default("hidden_activation", "gelu_pytorch_tanh");
        gemma_default("query_pre_attn_scalar", 256);
        gemma_default("sliding_window", 4096);
        gemma_default("rope_local_base_freq", 10000.0);
        for (const char* key : {"attn_logit_softcapping", "final_logit_softcapping"})
            if (j.contains(key) && !j[key].is_null())
                throw Error(origin + ": " + key + " is set: logit soft-capping (Gemma 2) is not supported");
        c.vocab_size = required_int("vocab_size");
        if (c.vocab_size > text::kMaxVocabularySize)
            throw Error(origin + ": vocab_size " + std::to_string(c.vocab_size) + " exceeds the supported maximum of " +
                        std::to_string(text::kMaxVocabularySize) + " tokens");
        c.hidden_size = required_int("hidden_size");
        c.intermediate_size = required_int("intermediate_size");
        c.num_hidden_layers = required_int("num_hidden_layers");
        c.num_attention_heads = required_int("num_attention_heads");
        c.num_key_value_heads = j.contains("num_key_value_heads") && !j["num_key_value_heads"].is_null()
                                    ? any_int(j["num_key_value_heads"], "num_key_value_heads") : c.num_attention_heads;
        c.max_position_embeddings = required_int("max_position_embeddings");
        c.rope_theta = j.value("rope_theta", 10000.0);
        c.rms_norm_eps = j.value("rms_norm_eps", 1e-5);
        c.tie_word_embeddings = j.value("tie_word_embeddings", false);
        // A token id, or a list of them (Llama 3.1's eos) of which the first is used; null: none.
        auto id_or_none = [&](const char* key) {
            if (!j.contains(key) || j[key].is_null()) return -1;
            const auto id = [&](const json& v) {
                return static_cast<int>(json_integer_in_range(v, 0, text::kMaxVocabularySize - 1, origin + ": " + key));
            };
            if (!j[key].is_array()) return id(j[key]);
            for (const auto& v : j[key]) id(v);
            return j[key].empty() ? -1 : id(j[key][0]);
        };
        c.bos_token_id = id_or_none("bos_token_id");
        c.eos_token_id = id_or_none("eos_token_id");
        if (j.contains("eos_token_id") && j["eos_token_id"].is_array())
            for (const auto& v : j["eos_token_id"]) c.eos_token_ids.push_back(static_cast<int>(v.get<std::int64_t>()));  // bounded just above
        else if (c.eos_token_id >= 0)
            c.eos_token_ids = {c.eos_token_id};
        c.torch_dtype = j.value("torch_dtype", std::string("float32"));
        if (j.contains("head_dim") && !j["head_dim"].is_null()) c.explicit_head_dim = any_int(j["head_dim"], "head_dim");
        c.attention_bias = j.value("attention_bias", c.model_type == "qwen2");
        if (gemma) {
            c.hidden_activation = j.value("hidden_activation", std::string("gelu_pytorch_tanh"));
            c.query_pre_attn_scalar = j["query_pre_attn_scalar"].get<double>();
            c.sliding_window = any_int(j["sliding_window"], "sliding_window");
            c.rope_local_base_freq = j["rope_local_base_freq"].get<double>();
            if (j.contains("layer_types") && j["layer_types"].is_array()) {
                for (const auto& t : j["layer_types"]) {
                    const auto kind = t.get<std::string>();
                    if (kind != "sliding_attention" && kind != "full_attention")
                        throw Error(origin + ": layer_types entry \"" + kind + "\" is neither sliding_attention nor full_attention");
                    c.sliding_layers.push_back(kind == "sliding_attention");
                }
            } else {
                // The older spelling: every pattern-th layer is global, the others slide.
                const int pattern = j.contains("sliding_window_pattern") ? any_int(j["sliding_window_pattern"], "sliding_window_pattern") : 6;
                if (pattern <= 0) throw Error(origin + ": sliding_window_pattern must be positive");
                for (int i = 0; i < c.num_hidden_layers && i < 1'000'000; ++i) c.sliding_layers.push_back((i + 1) % pattern != 0);
            }
        } else if (j.contains("hidden_act") && j["hidden_act"].is_string()) {
            c.hidden_activation = j["hidden_act"].get<std::string>();
        }
        if (j.contains("rope_scaling") && !j["rope_scaling"].is_null()) {
            const auto& r = j["rope_scaling"];
            if (!r.is_object()) throw Error(origin + ": rope_scaling must be an object or null");
            c.rope_scaling.type = r.value("rope_type", r.value("type", std::string("default")));
            c.rope_scaling.factor = r.value("factor", 1.0);
            c.rope_scaling.low_freq_factor = r.value("low_freq_factor", 1.0);
            c.rope_scaling.high_freq_factor = r.value("high_freq_factor", 4.0);
            if (r.contains("original_max_position_embeddings"))
                c.rope_scaling.original_max_position_embeddings =
                    any_int(r["original_max_position_embeddings"], "rope_scaling.original_max_position_embeddings");
        }
    } catch (const json::exception& e) {
        throw Error(origin + ": malformed config (" + e.what() + ")");
    }
    c.validate(origin);
    return c;
}

ModelConfig ModelConfig::load(const std::filesystem::path& path) {
    return from_json_text(read_file(path), path.string());
}

std::string ModelConfig::to_json_text() const {
    json j = {{"architectures", json::array({architecture})},
              {"model_type", model_type},
              {"vocab_size", vocab_size},
              {"hidden_size", hidden_size},
              {"intermediate_size", intermediate_size},
              {"num_hidden_layers", num_hidden_layers},
              {"num_attention_heads", num_attention_heads},
              {"num_key_value_heads", num_key_value_heads},
              {"max_position_embeddings", max_position_embeddings},
              {"rope_theta", rope_theta},
              {"rms_norm_eps", rms_norm_eps},
              {"tie_word_embeddings", tie_word_embeddings},
              {"torch_dtype", torch_dtype}};
    if (gemma()) {
        j["hidden_activation"] = hidden_activation;
        j["query_pre_attn_scalar"] = query_pre_attn_scalar;
        j["sliding_window"] = sliding_window;
        j["rope_local_base_freq"] = rope_local_base_freq;
        json types = json::array();
        for (bool s : sliding_layers) types.push_back(s ? "sliding_attention" : "full_attention");
        j["layer_types"] = types;
    } else {
        j["hidden_act"] = hidden_activation;
    }
    if (explicit_head_dim > 0) j["head_dim"] = explicit_head_dim;
    if (attention_bias) j["attention_bias"] = true;
    if (rope_scaling.type != "default")
        j["rope_scaling"] = {{"rope_type", rope_scaling.type}, {"factor", rope_scaling.factor},
                             {"low_freq_factor", rope_scaling.low_freq_factor}, {"high_freq_factor", rope_scaling.high_freq_factor},
                             {"original_max_position_embeddings", rope_scaling.original_max_position_embeddings}};
    if (bos_token_id >= 0) j["bos_token_id"] = bos_token_id;
    if (eos_token_ids.size() > 1 && eos_token_ids.front() == eos_token_id) j["eos_token_id"] = eos_token_ids;
    else if (eos_token_id >= 0) j["eos_token_id"] = eos_token_id;
    return j.dump(2) + "\n";
}

}  // namespace ew::model

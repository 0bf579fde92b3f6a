// Real-checkpoint loading paths on tiny models the test writes in Hugging Face layout: sharded
// safetensors with an index agree with the single file; bf16 weights load; a corrupt index, a
// missing shard, a tensor the index misplaces and a Qwen3 checkpoint without its q/k norms are
// errors naming the file; Qwen3 and rope-scaled Llama configs round-trip; the memory check
// refuses a model that cannot fit before reading any weight.
#include "lm/transformer_language_model.h"
#include "model/memory_estimate.h"
#include "model/safetensors.h"
#include "model/weight_files.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/tiny_model.h"

#include <QTemporaryDir>
#include <sys/resource.h>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace ew;
namespace fs = std::filesystem;

class TestWeightFiles : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    int counter_ = 0;

    fs::path dir(const std::string& name) { return fs::path(tmp_.path().toStdString()) / (name + std::to_string(counter_++)); }

    // Splits dir/model.safetensors into `shards` files (optionally re-encoded as bf16) + an index.
    static void shard(const fs::path& d, int shards, bool bf16) {
        auto file = model::SafetensorsFile::open(d / "model.safetensors");
        std::vector<std::vector<model::TensorView>> parts(static_cast<std::size_t>(shards));
        std::vector<std::vector<std::uint16_t>> storage;
        storage.reserve(file.tensors().size());
        nlohmann::json map = nlohmann::json::object();
        int i = 0;
        for (const auto& t : file.tensors()) {
            const int s = i++ % shards;
            const auto bytes = file.bytes(t);
            model::TensorView v{t.name, t.dtype, t.shape, bytes.data(), bytes.size()};
            if (bf16) {  // truncate float32 to bfloat16 (round to nearest even)
                const auto* f = reinterpret_cast<const std::uint32_t*>(bytes.data());
                auto& out = storage.emplace_back(static_cast<std::size_t>(t.numel()));
                for (std::size_t k = 0; k < out.size(); ++k) {
                    const std::uint32_t x = f[k];
                    out[k] = static_cast<std::uint16_t>((x + 0x7FFF + ((x >> 16) & 1)) >> 16);
                }
                v = {t.name, model::DType::BF16, t.shape, out.data(), out.size() * 2};
            }
            parts[static_cast<std::size_t>(s)].push_back(v);
            map[t.name] = "model-0000" + std::to_string(s + 1) + "-of-0000" + std::to_string(shards) + ".safetensors";
        }
        for (int s = 0; s < shards; ++s)
            model::write_safetensors(d / ("model-0000" + std::to_string(s + 1) + "-of-0000" + std::to_string(shards) + ".safetensors"),
                                     parts[static_cast<std::size_t>(s)]);
        write_file_atomic(d / "model.safetensors.index.json", nlohmann::json{{"metadata", nlohmann::json::object()}, {"weight_map", map}}.dump());
        fs::remove(d / "model.safetensors");
    }

    static std::vector<float> logprobs(const lm::TransformerLanguageModel& m) {
        const auto& tok = m.tokenizer();
        lm::ScoreRequest r{tok.encode("def __init__(self"), tok.encode(", name):\n        self.name = name\n")};
        const auto scored = m.score(std::span(&r, 1), 0);  // keep the result alive while reading it
        std::vector<float> out;
        for (const auto& t : scored.front()) out.push_back(t.logprob);
        return out;
    }

    static void expect_error(const fs::path& d, const std::string& fragment, const char* problem) {
        try {
            lm::TransformerLanguageModel::load(d);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains(QString::fromStdString(fragment)), e.what());
            QVERIFY2(QString(e.what()).contains(problem), e.what());
        }
    }

private slots:
    void shardedEqualsSingleFile() {
        const auto single = dir("single");
        testing::write_tiny_model_dir(single);
        const auto sharded = dir("sharded");
        testing::write_tiny_model_dir(sharded);
        shard(sharded, 3, false);
        QVERIFY(!fs::exists(sharded / "model.safetensors"));
        QCOMPARE(logprobs(*lm::TransformerLanguageModel::load(sharded)), logprobs(*lm::TransformerLanguageModel::load(single)));
        const auto w = model::WeightFiles::open(sharded / "model.safetensors.index.json");
        QCOMPARE(w.names().size(), model::WeightFiles::open(single / "model.safetensors").names().size());
    }

    void bf16WeightsLoadCloseToFloat32() {
        const auto single = dir("f32");
        testing::write_tiny_model_dir(single);
        const auto half = dir("bf16");
        testing::write_tiny_model_dir(half);
        shard(half, 2, true);
        const auto a = logprobs(*lm::TransformerLanguageModel::load(single));
        const auto b = logprobs(*lm::TransformerLanguageModel::load(half));
        QCOMPARE(a.size(), b.size());
        float worst = 0;
        for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
        QVERIFY2(worst > 0 && worst < 0.05f, qPrintable(QString::number(worst)));  // bf16 rounding, nothing worse
    }

    void bf16CheckpointHeldAsStoredComputesAsFloat32() {
        // "auto" keeps a bf16 checkpoint's matrices in bf16 (half the memory) and must compute what
        // the same values held in float32 compute; "bf16" rounds a float32 checkpoint.
        const auto half = dir("held");
        testing::write_tiny_model_dir(half);
        shard(half, 2, true);
        lm::LoadOptions wide;
        wide.weights = "fp32";
        const auto held = lm::TransformerLanguageModel::load(half);
        const auto widened = lm::TransformerLanguageModel::load(half, wide);
        QVERIFY2(QString::fromStdString(held->weight_format()).startsWith("bf16 weights, fp32 compute"), held->weight_format().c_str());
        QVERIFY2(QString::fromStdString(widened->weight_format()).startsWith("fp32 weights"), widened->weight_format().c_str());
        const auto a = logprobs(*held);
        const auto b = logprobs(*widened);
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) QVERIFY2(std::abs(a[i] - b[i]) < 2e-5f, qPrintable(QString::number(a[i] - b[i])));
        // Decoding (the few-row kernel on bf16 weights, KV cache) picks the same tokens.
        lm::GenerationOptions g;
        g.max_new_tokens = 24;
        g.stop_at_end_of_text = false;
        const auto prompt = held->tokenizer().encode("def add(a, b):\n");
        const auto x = held->new_session()->generate(prompt, g);
        const auto y = widened->new_session()->generate(prompt, g);
        QCOMPARE(x.tokens.size(), y.tokens.size());
        for (std::size_t i = 0; i < x.tokens.size(); ++i) {
            QCOMPARE(x.tokens[i].id, y.tokens[i].id);
            QVERIFY(std::abs(x.tokens[i].logprob - y.tokens[i].logprob) < 2e-5f);
        }

        const auto single = dir("rounded");
        testing::write_tiny_model_dir(single);
        lm::LoadOptions narrow;
        narrow.weights = "bf16";
        const auto rounded = lm::TransformerLanguageModel::load(single, narrow);
        QVERIFY(QString::fromStdString(rounded->weight_format()).startsWith("bf16 weights"));
        QVERIFY(QString::fromStdString(lm::TransformerLanguageModel::load(single)->weight_format()).startsWith("fp32 weights"));
        const auto c = logprobs(*rounded);
        const auto d = logprobs(*lm::TransformerLanguageModel::load(single));
        float worst = 0;
        for (std::size_t i = 0; i < c.size(); ++i) worst = std::max(worst, std::abs(c[i] - d[i]));
        QVERIFY2(worst > 0 && worst < 0.05f, qPrintable(QString::number(worst)));

        lm::LoadOptions bad;
        bad.weights = "fp8";
        try {
            lm::TransformerLanguageModel::load(single, bad);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("auto, fp32, bf16"), e.what());
        }
    }

    void int8WeightsHeldPerRow() {
        // int8 with a scale per row: a quarter of float32's bytes for the matrices, log-probs close
        // to float32's, and the decode kernel (few rows, int8) computing exactly what the prefill
        // path (rows widened for a GEMM) computes on the same int8 values.
        const auto d = dir("int8");
        testing::write_tiny_model_dir(d);
        lm::LoadOptions options;
        options.weights = "int8";
        const auto q = lm::TransformerLanguageModel::load(d, options);
        const auto wide = lm::TransformerLanguageModel::load(d);
        QVERIFY2(QString::fromStdString(q->weight_format()).startsWith("int8 weights, fp32 compute"), q->weight_format().c_str());
        QVERIFY2(q->weight_bytes() * 3 < wide->weight_bytes(), qPrintable(QString("%1 vs %2").arg(q->weight_bytes()).arg(wide->weight_bytes())));
        const auto a = logprobs(*q);
        const auto b = logprobs(*wide);
        float worst = 0;
        for (std::size_t i = 0; i < a.size(); ++i) worst = std::max(worst, std::abs(a[i] - b[i]));
        QVERIFY2(worst > 0 && worst < 0.1f, qPrintable(QString::number(worst)));

        lm::GenerationOptions g;
        g.max_new_tokens = 24;
        g.stop_at_end_of_text = false;
        const auto prompt = q->tokenizer().encode("def add(a, b):\n");
        const auto generated = q->new_session()->generate(prompt, g);
        std::vector<lm::TokenId> ids;
        for (const auto& t : generated.tokens) ids.push_back(t.id);
        const lm::ScoreRequest r{prompt, ids};
        const auto scored = q->score(std::span(&r, 1), 0).front();
        QCOMPARE(scored.size(), generated.tokens.size());
        for (std::size_t i = 0; i < scored.size(); ++i)
            QVERIFY2(std::abs(scored[i].logprob - generated.tokens[i].logprob) < 1e-4f,
                     qPrintable(QString("token %1: %2 vs %3").arg(i).arg(scored[i].logprob).arg(generated.tokens[i].logprob)));

        // An int8 copy is for inference: saving it would write rounded weights as if they were the model.
        try {
            q->save(d / "copy");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("int8"), e.what());
        }
    }

    void brokenIndexAndShards() {
        auto d = dir("bad");
        testing::write_tiny_model_dir(d);
        shard(d, 2, false);
        const auto index = read_file(d / "model.safetensors.index.json");
        write_file_atomic(d / "model.safetensors.index.json", "{\"weight_map\": ");
        expect_error(d, "model.safetensors.index.json", "not valid JSON");
        write_file_atomic(d / "model.safetensors.index.json", R"({"weight_map": {"model.norm.weight": "../../etc/passwd"}})");
        expect_error(d, "model.safetensors.index.json", "not a file beside the index");
        // A tensor the index places in the wrong shard.
        auto j = nlohmann::json::parse(index);
        const std::string moved = j["weight_map"]["model.norm.weight"];
        j["weight_map"]["model.norm.weight"] = moved.find("00001-") != std::string::npos ? "model-00002-of-00002.safetensors"
                                                                                       : "model-00001-of-00002.safetensors";
        write_file_atomic(d / "model.safetensors.index.json", j.dump());
        expect_error(d, "safetensors", "does not contain tensor \"model.norm.weight\"");
        write_file_atomic(d / "model.safetensors.index.json", index);
        fs::remove(d / "model-00002-of-00002.safetensors");
        expect_error(d, "model-00002-of-00002.safetensors", "missing");
        fs::remove(d / "model.safetensors.index.json");
        expect_error(d, "model.safetensors", "missing from the model directory");
    }

    void qwen3AndRopeScalingRoundTrip() {
        auto tok = testing::tiny_tokenizer();
        auto config = testing::tiny_config(tok.vocab_size());
        config.eos_token_id = config.bos_token_id = *tok.end_of_text_id();
        config.model_type = "qwen3";
        config.explicit_head_dim = 16;  // heads × head_dim = 64 != hidden_size 32
        config.num_attention_heads = 4;
        config.num_key_value_heads = 2;
        config.rope_scaling = {"llama3", 8.0, 1.0, 4.0, 64};
        auto m = lm::TransformerLanguageModel::create_random(config, tok, 5);
        const auto d = dir("qwen3");
        m->save(d);
        const auto loaded = lm::TransformerLanguageModel::load(d);
        QCOMPARE(loaded->config().q_width(), 64);
        QCOMPARE(loaded->config().rope_scaling.type, std::string("llama3"));
        QCOMPARE(logprobs(*loaded), logprobs(*m));
        // Without its q/k norms the checkpoint is not a Qwen3: an error naming the tensor.
        auto cfg = nlohmann::json::parse(read_file(d / "config.json"));
        auto file = model::SafetensorsFile::open(d / "model.safetensors");
        std::vector<model::TensorView> keep;
        for (const auto& t : file.tensors())
            if (t.name.find("q_norm") == std::string::npos) {
                const auto b = file.bytes(t);
                keep.push_back({t.name, t.dtype, t.shape, b.data(), b.size()});
            }
        const auto stripped = dir("stripped");
        fs::create_directories(stripped);
        model::write_safetensors(stripped / "model.safetensors", keep);
        fs::copy(d / "config.json", stripped / "config.json");
        fs::copy(d / "tokenizer.json", stripped / "tokenizer.json");
        expect_error(stripped, "model.safetensors", "self_attn.q_norm.weight\" is missing");
        cfg["rope_scaling"] = {{"rope_type", "yarn"}, {"factor", 4.0}};
        write_file_atomic(d / "config.json", cfg.dump());
        expect_error(d, "config.json", "rope_scaling type \"yarn\" is not supported");
    }

    void memoryCheckRefusesBeforeLoading() {
        const auto d = dir("mem");
        testing::write_tiny_model_dir(d);
        lm::LoadOptions tight;
        tight.available_memory_bytes = 64 * 1024;  // 64 KiB: nothing fits
        try {
            lm::TransformerLanguageModel::load(d, tight);
            QFAIL("loaded a model that cannot fit");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("needs about"), e.what());
            QVERIFY2(QString(e.what()).contains("config.json"), e.what());
        }
        // An 8B Llama-3.1 configuration in float32: about 30 GiB of weights alone.
        model::ModelConfig llama8b;
        llama8b.vocab_size = 128256;
        llama8b.hidden_size = 4096;
        llama8b.intermediate_size = 14336;
        llama8b.num_hidden_layers = 32;
        llama8b.num_attention_heads = 32;
        llama8b.num_key_value_heads = 8;
        llama8b.max_position_embeddings = 131072;
        llama8b.tie_word_embeddings = false;
        QCOMPARE(llama8b.parameter_count(), std::int64_t(8030261248));  // the published 8.03B
        const auto need = model::estimate_inference_memory(llama8b, 4);
        QVERIFY(need.weights > (29ull << 30) && need.weights < (31ull << 30));
        QVERIFY_THROWS_EXCEPTION(Error, model::check_memory_fits(need, 4, "llama", 16ull << 30));
        // The KV cache follows the context the caller says it will run: keys and values, 32 layers,
        // 8 heads × 128 wide, 2 bytes each = 128 KiB per token.
        QCOMPARE(model::estimate_inference_memory(llama8b, 2, 1000).kv_cache, 1000ull * 2 * 32 * 1024 * 2);
        QCOMPARE(model::estimate_inference_memory(llama8b, 2).context_tokens, model::kEstimatedContextTokens);
        // The same budget fits a short context and refuses a long one, through LoadOptions too.
        model::ModelConfig tiny = model::ModelConfig::load(d / "config.json");
        const std::uint64_t budget = model::estimate_inference_memory(tiny, 4, 16).total() + 1;
        QVERIFY(model::memory_fits(model::estimate_inference_memory(tiny, 4, 16), budget));
        QVERIFY(!model::memory_fits(model::estimate_inference_memory(tiny, 4, 100), budget));
        lm::LoadOptions short_context;
        short_context.weights = "fp32";
        short_context.available_memory_bytes = budget;
        short_context.context_tokens = 16;
        QVERIFY(lm::TransformerLanguageModel::load(d, short_context) != nullptr);
        short_context.context_tokens = 100;
        try {
            lm::TransformerLanguageModel::load(d, short_context);
            QFAIL("loaded for a context that cannot fit");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("for 100 tokens") && QString(e.what()).contains("shorter context"), e.what());
        }
    }
    // Under an address-space limit the mapped checkpoint counts (it is mapped whole while loading,
    // though its pages are dropped as each tensor is read), and the refusal names that limit.
    void addressSpaceLimitCountsTheMappedCheckpoint() {
        const auto d = dir("mapped");
        testing::write_tiny_model_dir(d);
        model::ModelConfig tiny = model::ModelConfig::load(d / "config.json");
        const auto small = model::estimate_inference_memory(tiny, 4, 16, 1ull << 20);
        const auto large = model::estimate_inference_memory(tiny, 4, 16, 4ull << 30);
        QCOMPARE(small.total(), large.total());  // RAM: the mapping's pages are not held
        QCOMPARE(large.address_space() - small.address_space(), (4ull << 30) - std::max<std::uint64_t>(1ull << 20, small.kv_cache + small.activations));
        rlimit before{};
        QVERIFY(getrlimit(RLIMIT_AS, &before) == 0);
        rlimit limited = before;
        // 3 GiB of headroom: this test's own allocations meanwhile are a few strings.
        const auto status = read_file("/proc/self/status");
        const auto at = status.find("VmSize:");
        QVERIFY(at != std::string::npos);
        limited.rlim_cur = std::strtoull(status.c_str() + at + 7, nullptr, 10) * 1024 + (3ull << 30);
        QVERIFY(setrlimit(RLIMIT_AS, &limited) == 0);
        const bool small_fits = model::memory_fits(small);
        const bool large_fits = model::memory_fits(large);
        std::string message;
        try {
            model::check_memory_fits(large, 4, "mapped");
        } catch (const Error& e) {
            message = e.what();
        }
        QVERIFY(setrlimit(RLIMIT_AS, &before) == 0);
        QVERIFY(small_fits);
        QVERIFY(!large_fits);
        QVERIFY2(message.find("address-space limit") != std::string::npos && message.find("raise that limit") != std::string::npos &&
                     message.find("4.0 GiB checkpoint") != std::string::npos,
                 message.c_str());
    }

    // Gemma-3-27B-it's config.json as published (multimodal, sparse text_config: the rest are
    // Gemma3TextConfig's defaults): the language model's 27.0B parameters are counted, and loading
    // it on a 24 GiB machine is refused in one line, before any weight file is read (there is none).
    void gemma27bIsRefusedInOneLine() {
        const auto d = dir("gemma27b");
        testing::write_tiny_model_dir(d);
        std::filesystem::remove(d / "model.safetensors");
        write_file_atomic(d / "model.safetensors.index.json", R"({"metadata": {}, "weight_map": {}})");
        write_file_atomic(d / "config.json", R"({"architectures": ["Gemma3ForConditionalGeneration"], "boi_token_index": 255999,
            "eoi_token_index": 256000, "eos_token_id": [1, 106], "image_token_index": 262144, "initializer_range": 0.02,
            "mm_tokens_per_image": 256, "model_type": "gemma3",
            "text_config": {"head_dim": 128, "hidden_size": 5376, "intermediate_size": 21504, "model_type": "gemma3_text",
                            "num_attention_heads": 32, "num_hidden_layers": 62, "num_key_value_heads": 16,
                            "query_pre_attn_scalar": 168, "rope_scaling": {"factor": 8.0, "rope_type": "linear"}, "sliding_window": 1024},
            "torch_dtype": "bfloat16", "transformers_version": "4.50.0.dev0",
            "vision_config": {"hidden_size": 1152, "image_size": 896, "intermediate_size": 4304, "model_type": "siglip_vision_model",
                              "num_attention_heads": 16, "num_hidden_layers": 27, "patch_size": 14, "vision_use_head": false}})");
        const auto config = model::ModelConfig::load(d / "config.json");
        QCOMPARE(config.parameter_count(), std::int64_t(27009346304));
        QCOMPARE(config.vocab_size, 262208);               // a default
        QCOMPARE(config.weight_prefix, std::string("language_model."));
        QCOMPARE(config.eos_token_ids, (std::vector<int>{1, 106}));
        QCOMPARE(config.bos_token_id, 2);                  // a default
        QCOMPARE(std::count(config.sliding_layers.begin(), config.sliding_layers.end(), false), 10L);  // layers 5, 11, …, 59 are global
        QVERIFY(!config.is_sliding(5) && config.is_sliding(6) == true && !config.is_sliding(11));
        lm::LoadOptions workstation;
        workstation.available_memory_bytes = 24ull << 30;
        try {
            lm::TransformerLanguageModel::load(d, workstation);
            QFAIL("loaded a 27B model on 24 GiB");
        } catch (const Error& e) {
            const QString message = e.what();
            QVERIFY2(!message.contains('\n'), e.what());
            QVERIFY2(message.contains("needs about 1") && message.contains("GiB") && message.contains("only 24.0 GiB is available"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestWeightFiles)
#include "test_weight_files.moc"

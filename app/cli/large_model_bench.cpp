#include "cli/large_model_bench.h"
#include "cli/cli_support.h"

#include "lm/transformer_language_model.h"
#include "support/error.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <sys/resource.h>

namespace ew::cli {

namespace {

// Random token ids below the tokenizer's size (the ids only need to be valid).
std::vector<text::TokenId> random_ids(int n, int vocab, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> pick(0, vocab - 2);
    std::vector<text::TokenId> ids(static_cast<std::size_t>(n));
    for (auto& id : ids) id = pick(rng);
    return ids;
}

// ~100M parameters. The vocabulary is the bundled tokenizer's, so generated ids stay decodable;
// the depth makes up the parameter count (15 layers × 6.3M + 6.3M embeddings).
model::ModelConfig llama_100m(int vocab) {
    model::ModelConfig c;
    c.vocab_size = vocab;
    c.hidden_size = 768;
    c.intermediate_size = 2048;
    c.num_hidden_layers = 15;
    c.num_attention_heads = 12;
    c.num_key_value_heads = 4;
    c.max_position_embeddings = 2048;
    c.rope_theta = 500000.0;
    c.tie_word_embeddings = true;
    return c;
}

model::ModelConfig wide_vocabulary() {  // Llama 3's vocabulary on a small body: the logits dominate
    model::ModelConfig c;
    c.vocab_size = 128256;
    c.hidden_size = 256;
    c.intermediate_size = 768;
    c.num_hidden_layers = 2;
    c.num_attention_heads = 4;
    c.num_key_value_heads = 2;
    c.max_position_embeddings = 4096;
    c.tie_word_embeddings = true;
    return c;
}

}  // namespace

void run_scoring_peak_child(const text::BpeTokenizer& tokenizer, const std::string& mode) {
    if (mode != "fused" && mode != "unfused") throw Error("--scoring-peak-child takes fused or unfused");
    auto config = wide_vocabulary();
    config.bos_token_id = config.eos_token_id = *tokenizer.end_of_text_id();
    auto model = lm::TransformerLanguageModel::create_random(config, tokenizer, 11, "wide-vocabulary");
    model->set_scoring_chunk_rows(mode == "fused" ? 256 : 0);
    lm::ScoreRequest r{random_ids(16, tokenizer.vocab_size(), 1), random_ids(2048, tokenizer.vocab_size(), 2)};
    const auto t0 = std::chrono::steady_clock::now();
    const auto scored = model->score(std::span(&r, 1), 5);
    const double seconds = seconds_since(t0);
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    std::cout << nlohmann::json{{"mode", mode}, {"max_rss_kb", usage.ru_maxrss}, {"seconds", seconds}, {"tokens", scored[0].size()}}.dump()
              << "\n";
}

nlohmann::json bench_large_model(const text::BpeTokenizer& tokenizer, const std::string& self) {
    nlohmann::json out;
    auto config = llama_100m(tokenizer.vocab_size());
    config.bos_token_id = config.eos_token_id = *tokenizer.end_of_text_id();
    auto model = lm::TransformerLanguageModel::create_random(config, tokenizer, 5, "llama-100m");
    out["large_model_parameters"] = config.parameter_count();
    // Scoring: 4 requests of 256 context + 256 continuation tokens, one batched pass.
    std::vector<lm::ScoreRequest> batch;
    for (unsigned i = 0; i < 4; ++i)
        batch.push_back({random_ids(256, tokenizer.vocab_size(), 10 + i), random_ids(256, tokenizer.vocab_size(), 20 + i)});
    model->score(std::span(batch.data(), 1), 0);  // warm-up
    auto t0 = std::chrono::steady_clock::now();
    model->score(batch, 5);
    out["large_model_score_tokens_per_s"] = 4 * 512 / seconds_since(t0);
    // Generation with the KV cache after a 256-token prompt: the prompt's prefill (one token
    // generated in a fresh session), then the per-token cost of 32 more.
    lm::GenerationOptions options;
    options.stop_at_end_of_text = false;
    const auto prompt = random_ids(256, tokenizer.vocab_size(), 30);
    options.max_new_tokens = 1;
    t0 = std::chrono::steady_clock::now();
    model->new_session()->generate(prompt, options);
    const double prefill = seconds_since(t0);
    options.max_new_tokens = 33;
    t0 = std::chrono::steady_clock::now();
    const auto g = model->new_session()->generate(prompt, options);
    const double total = seconds_since(t0);
    out["large_model_prefill_256_ms"] = prefill * 1000.0;
    out["large_model_generate_ms_per_token"] = (total - prefill) * 1000.0 / std::max<double>(1, double(g.tokens.size()) - 1);
    // Peak memory for 2,048 scored tokens with a 128k vocabulary, one child process per path.
    for (const char* mode : {"unfused", "fused"}) {
        const std::string command = "'" + self + "' bench --scoring-peak-child " + mode;
        FILE* pipe = popen(command.c_str(), "r");
        if (!pipe) throw Error("cannot start the scoring-peak child");
        std::string line;
        char buf[512];
        while (fgets(buf, sizeof buf, pipe)) line += buf;
        if (pclose(pipe) != 0) throw Error("the scoring-peak child failed: " + line);
        const auto j = nlohmann::json::parse(line);
        out[std::string("scoring_2048_peak_rss_mb_") + mode] = j["max_rss_kb"].get<double>() / 1024.0;
        out[std::string("scoring_2048_seconds_") + mode] = j["seconds"];
    }
    return out;
}

}  // namespace ew::cli

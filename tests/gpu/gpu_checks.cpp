// The measurements of the GPU run (tests/gpu/run-on-gpu; README "Verifying the GPU path"). Each
// check prints one JSON line the moment it finishes, so a run cut short still reports what it did:
//   parity       scoring on CUDA (bf16 weights, fused row-scores kernel) against float32 on the
//                CPU, on the bundled model and on a random grouped-query model: max |Δ log p|;
//   finetune     mixed-precision (bf16 products, fp32 master weights) training steps of a ~100M
//                Llama-shaped random model: tokens/s, model TFLOP/s and MFU;
//   generation   ms/token with the KV cache and scoring tokens/s on the same model.
// --dry-run runs every check on the CPU at toy sizes, so CI catches a broken program without a GPU.
// Plain C++ on core (no Qt): it builds with the headless preset on a GPU server.
#include "lm/transformer_language_model.h"
#include "model/model_directory.h"
#include "model/transformer.h"
#include "support/resource_paths.h"
#include "train/checkpoint.h"

#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <filesystem>
#include <fstream>
#include <functional>
#include <iostream>
#include <random>
#include <set>
#include <sstream>
#include <string>
#include <vector>

namespace fs = std::filesystem;
using nlohmann::json;
using namespace ew;

namespace {

// H100/H200 SXM dense bf16 peak (NVIDIA datasheet): the denominator of MFU.
constexpr double kBf16PeakFlops = 989e12;

struct Options {
    fs::path work = "gpu-work";
    fs::path out;  // JSON lines appended here too
    fs::path text;
    bool dry_run = false;
    std::set<std::string> only;
    int steps = 10, batch = 32, seq_len = 1024;
};

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

bool use_cuda(const Options& o) { return !o.dry_run && torch::cuda::is_available(); }


std::vector<lm::TokenId> random_ids(int n, int vocab, unsigned seed) {
    std::mt19937 rng(seed);
    std::uniform_int_distribution<int> pick(0, vocab - 1);
    std::vector<lm::TokenId> ids(static_cast<std::size_t>(n));
    for (auto& id : ids) id = pick(rng);
    return ids;
}

std::string read_text(const Options& o) {
    fs::path p = o.text;
    if (p.empty() || !fs::exists(p))
        for (const auto& e : fs::recursive_directory_iterator(projects_dir()))
            if (e.path().extension() == ".py") { p = e.path(); break; }
    std::ifstream in(p);
    std::stringstream s;
    s << in.rdbuf();
    return s.str();
}

// A Llama-shaped model of about 100M parameters (12 × 768, SwiGLU 2048, untied head) over the
// bundled tokenizer's vocabulary; toy sizes for the dry run.
model::ModelConfig llama_100m(int vocab, bool toy) {
    model::ModelConfig c;
    c.vocab_size = vocab;
    c.hidden_size = toy ? 64 : 768;
    c.intermediate_size = toy ? 128 : 2048;
    c.num_hidden_layers = toy ? 2 : 12;
    c.num_attention_heads = toy ? 4 : 12;
    c.num_key_value_heads = c.num_attention_heads;
    c.max_position_embeddings = toy ? 256 : 2048;
    c.tie_word_embeddings = false;
    return c;
}

// A small random grouped-query model (8 query heads share 2 key/value heads) for the parity check.
model::ModelConfig grouped_query(int vocab) {
    model::ModelConfig c;
    c.vocab_size = vocab;
    c.hidden_size = 256;
    c.intermediate_size = 512;
    c.num_hidden_layers = 4;
    c.num_attention_heads = 8;
    c.num_key_value_heads = 2;
    c.max_position_embeddings = 1024;
    return c;
}

fs::path write_random_model(const Options& o, const std::string& name, const model::ModelConfig& config) {
    const auto dir = o.work / name;
    if (fs::exists(dir / "model.safetensors")) return dir;
    auto tokenizer = model::ModelDirectory::open(default_model_dir()).tokenizer;
    auto m = lm::TransformerLanguageModel::create_random(config, std::move(tokenizer), 7, name);
    m->save(dir);
    return dir;
}

json parity(const Options& o, const fs::path& dir, const std::string& name) {
    lm::LoadOptions cpu_options;
    cpu_options.device = "cpu";
    cpu_options.weights = "fp32";
    auto reference = lm::TransformerLanguageModel::load(dir, cpu_options);
    const auto ids = reference->tokenizer().encode(read_text(o));
    const int n = std::min<int>(static_cast<int>(ids.size()) - 16, std::min(reference->context_length() - 32, o.dry_run ? 64 : 1000));
    if (n < 8) throw std::runtime_error("the parity text is too short");
    lm::ScoreRequest r{{ids.begin(), ids.begin() + 16}, {ids.begin() + 16, ids.begin() + 16 + n}};
    const auto want = reference->score({&r, 1}, 5)[0];

    lm::LoadOptions device_options;
    device_options.device = use_cuda(o) ? "cuda" : "cpu";
    device_options.weights = use_cuda(o) ? "auto" : "bf16";  // the dry run: bf16 weights on the CPU
    auto model = lm::TransformerLanguageModel::load(dir, device_options);
    const auto fused = model->score({&r, 1}, 5)[0];
    model->set_scoring_chunk_rows(0);  // all logits, log_softmax in libtorch: checks the kernel on the same logits
    const auto full = model->score({&r, 1}, 5)[0];

    double max_vs_cpu = 0, sum_vs_cpu = 0, max_kernel = 0;
    int top1_same = 0;
    for (int j = 0; j < n; ++j) {
        const double d = std::abs(double(fused[j].logprob) - want[j].logprob);
        max_vs_cpu = std::max(max_vs_cpu, d);
        sum_vs_cpu += d;
        max_kernel = std::max(max_kernel, std::abs(double(fused[j].logprob) - full[j].logprob));
        if (!fused[j].top.empty() && !want[j].top.empty() && fused[j].top[0].id == want[j].top[0].id) ++top1_same;
    }
    return {{"model", name}, {"device", model->device()}, {"weights", model->weight_format()}, {"tokens", n},
            {"max_abs_dlogp_vs_cpu_fp32", max_vs_cpu}, {"mean_abs_dlogp_vs_cpu_fp32", sum_vs_cpu / n},
            {"max_abs_dlogp_fused_vs_log_softmax", max_kernel}, {"top1_agreement", double(top1_same) / n},
            {"target_vs_cpu", 2e-2}, {"target_kernel", 1e-3},
            {"pass", max_vs_cpu <= 2e-2 && max_kernel <= 1e-3}};
}

json finetune(const Options& o, const fs::path& dir) {
    const auto files = model::ModelDirectory::open(dir);
    const auto& c = files.config;
    const torch::Device device = use_cuda(o) ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    auto m = model::Transformer::load(c, files.weights_path(), torch::kFloat32, device);
    m.set_requires_grad(true);
    m.set_mixed_precision(torch::kBFloat16);
    auto optimizer = train::make_adamw(m, 1e-4, 0.0);
    const int B = o.dry_run ? 2 : o.batch, T = o.dry_run ? 32 : o.seq_len;
    const auto steps = o.dry_run ? 2 : o.steps;
    torch::manual_seed(0);
    auto step = [&] {
        auto batch = torch::randint(c.vocab_size, {B, T + 1}, torch::TensorOptions().dtype(torch::kInt64).device(device));
        optimizer.zero_grad();
        auto logits = m.forward(batch.narrow(1, 0, T));
        auto loss = torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}), batch.narrow(1, 1, T).reshape({-1}));
        loss.backward();
        torch::nn::utils::clip_grad_norm_(m.parameters(), 1.0);
        optimizer.step();
        return loss.detach();
    };
    const double first_loss = step().item<double>();  // warm-up (allocator, kernels' first launch)
    step().item<double>();
    const auto t0 = std::chrono::steady_clock::now();
    torch::Tensor loss;
    for (int i = 0; i < steps; ++i) loss = step();
    const double last_loss = loss.item<double>();
    const double seconds = seconds_since(t0);
    // Model FLOPs per token (PaLM, App. B): 6 × matrix parameters (embedding lookup excluded, head
    // included) + 12 × layers × width × sequence for attention.
    const double matrix_params = double(c.parameter_count()) - double(c.vocab_size) * c.hidden_size;
    const double flops_per_token = 6.0 * matrix_params + 12.0 * c.num_hidden_layers * c.hidden_size * T;
    const double tokens_per_s = double(B) * T * steps / seconds;
    return {{"device", device.str()}, {"precision", "bf16 products, fp32 master weights"}, {"parameters", c.parameter_count()},
            {"batch", B}, {"seq_len", T}, {"steps", steps}, {"step_ms", 1000 * seconds / steps},
            {"tokens_per_s", tokens_per_s}, {"model_tflops", tokens_per_s * flops_per_token / 1e12},
            {"mfu", tokens_per_s * flops_per_token / kBf16PeakFlops}, {"peak_tflops_assumed", kBf16PeakFlops / 1e12},
            {"loss_first", first_loss}, {"loss_last", last_loss}, {"target_mfu", 0.40}};
}

json generation(const Options& o, const fs::path& dir) {
    lm::LoadOptions options;
    options.device = use_cuda(o) ? "cuda" : "cpu";
    auto model = lm::TransformerLanguageModel::load(dir, options);
    const int vocab = model->tokenizer().vocab_size();
    const int prompt_tokens = o.dry_run ? 32 : 256, new_tokens = o.dry_run ? 8 : 128;
    const auto prompt = random_ids(prompt_tokens, vocab, 3);
    lm::GenerationOptions g;
    g.stop_at_end_of_text = false;
    auto timed = [&](int tokens) {
        auto session = model->new_session();
        g.max_new_tokens = tokens;
        const auto t0 = std::chrono::steady_clock::now();
        auto out = session->generate(prompt, g);
        return std::pair{seconds_since(t0), static_cast<int>(out.tokens.size())};
    };
    // Warm-up, kept as a curve: eight fresh sessions generating 16 tokens each, ms per generated
    // token including the prompt's prefill. A first decode far slower than the steady one (seen on
    // the H200) shows here as a falling series.
    std::vector<double> warmup_ms;
    for (int i = 0; i < 8; ++i) {
        const auto [s, n] = timed(16);
        warmup_ms.push_back(1000 * s / std::max(1, n));
    }
    const auto [prefill_s, one] = timed(1);
    const auto [total_s, made] = timed(new_tokens + 1);
    const double ms_per_token = 1000 * (total_s - prefill_s) / std::max(1, made - one);

    // The same decode through the model alone (no session, sampling or tokenizer): separates the
    // forward pass from what the session adds per token.
    const auto files = model::ModelDirectory::open(dir);
    const torch::Device device = use_cuda(o) ? torch::Device(torch::kCUDA, 0) : torch::Device(torch::kCPU);
    // Held as TransformerLanguageModel holds it on this device: bf16 matrices and products on CUDA.
    auto bare = model::Transformer::load(files.config, files.weights_path(), torch::kFloat32, device,
                                         use_cuda(o) ? std::optional(torch::kBFloat16) : std::nullopt);
    if (use_cuda(o)) bare.set_mixed_precision(torch::kBFloat16);
    double bare_ms = 0;
    {
        torch::InferenceMode guard;
        model::KvCache cache;
        std::vector<std::int64_t> wide(prompt.begin(), prompt.end());
        auto input = torch::tensor(wide, torch::kInt64).view({1, -1});
        auto next = bare.logits_from_hidden(bare.hidden_states(input, &cache)[0][-1]).argmax().item<std::int64_t>();
        const auto t0 = std::chrono::steady_clock::now();
        for (int i = 0; i < new_tokens; ++i)
            next = bare.logits_from_hidden(bare.hidden_states(torch::full({1, 1}, next, torch::kInt64), &cache)[0][-1]).argmax().item<std::int64_t>();
        bare_ms = 1000 * seconds_since(t0) / new_tokens;
    }

    // Once more through the session, after the bare loop: a GPU still clocking up during the first
    // timing would show here as a faster second figure.
    const auto [prefill_again_s, one_again] = timed(1);
    const auto [total_again_s, made_again] = timed(new_tokens + 1);
    const double ms_per_token_again = 1000 * (total_again_s - prefill_again_s) / std::max(1, made_again - one_again);

    const int rows = o.dry_run ? 2 : 8, length = o.dry_run ? 64 : 1024;
    std::vector<lm::ScoreRequest> batch;
    for (int i = 0; i < rows; ++i) batch.push_back({random_ids(16, vocab, 10 + i), random_ids(length, vocab, 20 + i)});
    model->score(batch, 5);  // warm-up
    const auto t0 = std::chrono::steady_clock::now();
    model->score(batch, 5);
    const double score_s = seconds_since(t0);
    return {{"device", model->device()}, {"weights", model->weight_format()}, {"prompt_tokens", prompt_tokens},
            {"prefill_ms", 1000 * prefill_s}, {"decode_ms_per_token", ms_per_token}, {"model_only_decode_ms_per_token", bare_ms},
            {"decode_ms_per_token_again", ms_per_token_again}, {"warmup_ms_per_token_16", warmup_ms}, {"generated", made},
            {"scoring_tokens_per_s", rows * length / score_s}, {"scoring_batch", std::to_string(rows) + "x" + std::to_string(length)}};
}

}  // namespace

int main(int argc, char** argv) {
    Options o;
    for (int i = 1; i < argc; ++i) {
        const std::string a = argv[i];
        auto next = [&]() -> std::string {
            if (i + 1 >= argc) throw std::runtime_error(a + " needs a value");
            return argv[++i];
        };
        if (a == "--dry-run") o.dry_run = true;
        else if (a == "--work") o.work = next();
        else if (a == "--out") o.out = next();
        else if (a == "--text") o.text = next();
        else if (a == "--only") o.only.insert(next());
        else if (a == "--steps") o.steps = std::stoi(next());
        else if (a == "--batch") o.batch = std::stoi(next());
        else if (a == "--seq-len") o.seq_len = std::stoi(next());
        else {
            std::cerr << "usage: empower-gpu-checks [--dry-run] [--work DIR] [--out FILE.jsonl] [--text FILE.py] "
                         "[--only parity|finetune|generation]... [--steps N] [--batch B] [--seq-len T]\n";
            return 2;
        }
    }
    fs::create_directories(o.work);
    std::cout << json{{"check", "start"}, {"cuda", torch::cuda::is_available()}, {"devices", torch::cuda::device_count()},
                      {"dry_run", o.dry_run}}.dump()
              << std::endl;
    if (!o.dry_run && !torch::cuda::is_available()) std::cout << R"({"note":"no CUDA device: the checks run on the CPU"})" << std::endl;
    int failures = 0;
    auto run = [&](const std::string& check, const std::function<json()>& body) {
        if (!o.only.empty() && !o.only.count(check)) return;
        const auto t0 = std::chrono::steady_clock::now();
        json line;
        try {
            line = body();
            if (line.contains("pass") && !line["pass"].get<bool>()) ++failures;
        } catch (const std::exception& e) {
            line = {{"error", e.what()}};
            ++failures;
        }
        line["check"] = check;
        line["seconds"] = seconds_since(t0);
        std::cout << line.dump() << std::endl;
        if (!o.out.empty()) std::ofstream(o.out, std::ios::app) << line.dump() << "\n";
    };
    const int vocab = model::ModelDirectory::open(default_model_dir()).tokenizer.vocab_size();
    const bool toy = o.dry_run;
    run("parity", [&] { return parity(o, default_model_dir(), "bundled"); });
    run("parity", [&] { return parity(o, write_random_model(o, "random-gqa", grouped_query(vocab)), "random-gqa"); });
    const auto big = [&] { return write_random_model(o, toy ? "llama-toy" : "llama-100m", llama_100m(vocab, toy)); };
    run("finetune", [&] { return finetune(o, big()); });
    run("generation", [&] { return generation(o, big()); });
    return failures == 0 ? 0 : 1;
}

#include "cli/weight_kinds_bench.h"
#include "cli/cli_support.h"
#include "support/cpu_threads.h"

#include "lm/transformer_language_model.h"
#include "lm/weight_agreement.h"
#include "model/model_directory.h"
#include "support/error.h"

#include <chrono>
#include <cmath>
#include <cstdio>
#include <fstream>
#include <random>
#include <span>
#include <torch/torch.h>

namespace ew::cli {

namespace {

double resident_mib() {
    std::ifstream statm("/proc/self/statm");
    long pages = 0, resident = 0;
    statm >> pages >> resident;
    return double(resident) * double(sysconf(_SC_PAGESIZE)) / double(1 << 20);
}

// Read bandwidth as the decode step sees it: a sum over a buffer far larger than the caches,
// with the same threads, best of three.
double read_gb_per_s() {
    torch::NoGradGuard no_grad;
    const auto buffer = torch::ones({std::int64_t{256} << 20}, torch::kFloat32);  // 1 GiB
    double best = 0;
    for (int i = 0; i < 3; ++i) {
        const auto t0 = std::chrono::steady_clock::now();
        const float total = buffer.sum().item<float>();
        const double s = seconds_since(t0);
        if (total <= 0) throw Error("bandwidth probe summed to nothing");
        best = std::max(best, double(buffer.numel()) * 4 / s / 1e9);
    }
    return best;
}

std::string shell_quoted(const std::string& s) {
    std::string out = "'";
    for (const char c : s) out += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return out + "'";
}

// PyTorch eager on the same architecture and shapes (app/bench/inference_speed_reference.py, run
// by Debian's python3-torch): what a user running the checkpoint in plain PyTorch waits for.
nlohmann::json eager_reference(const WeightKindsBenchOptions& o, const std::string& dtype, int prefill_tokens) {
    const std::string script = std::string(EW_SOURCE_DIR) + "/app/bench/inference_speed_reference.py";
    const std::string command = "/usr/bin/python3 " + shell_quoted(script) + " --model " + shell_quoted(o.model_dir) + " --dtype " + dtype +
                                " --threads " + std::to_string(torch::get_num_threads()) + " --prefill " + std::to_string(prefill_tokens) +
                                " --decode " + std::to_string(o.decode_tokens) + " 2>/dev/null";
    try {
        return nlohmann::json::parse(command_output(command));
    } catch (const std::exception&) {
        return {{"dtype", dtype}, {"error", "unavailable (needs /usr/bin/python3 with python3-torch and " + script + ")"}};
    }
}

struct KindFigures {
    nlohmann::json json;
    std::vector<std::vector<float>> logprobs;  // per case, the continuation's log-probs
};

KindFigures measure(const WeightKindsBenchOptions& o, const std::string& kind, const std::vector<lm::TokenId>& ids,
                    const std::vector<std::size_t>& starts, double bandwidth, std::size_t prefill) {
    lm::LoadOptions load;
    load.threads = o.threads;
    load.weights = kind;
    auto t0 = std::chrono::steady_clock::now();
    const auto model = lm::TransformerLanguageModel::load(o.model_dir, load);
    KindFigures f;
    f.json = {{"weights", kind}, {"format", model->weight_format()}, {"load_s", seconds_since(t0)},
              {"weight_mib", double(model->weight_bytes()) / (1 << 20)}, {"resident_mib", resident_mib()}};

    std::vector<lm::TokenId> context(ids.begin(), ids.begin() + static_cast<std::ptrdiff_t>(std::min(prefill, ids.size())));
    lm::GenerationOptions one;
    one.max_new_tokens = 1;
    one.stop_at_end_of_text = false;
    auto session = model->new_session();
    t0 = std::chrono::steady_clock::now();
    session->generate(context, one);
    f.json["prefill_tokens_per_s"] = double(context.size()) / seconds_since(t0);

    // Decode: the same prompt again reuses the cache, so the time is decode_tokens steps.
    lm::GenerationOptions decode = one;
    decode.max_new_tokens = o.decode_tokens + 1;
    t0 = std::chrono::steady_clock::now();
    const auto g = session->generate(context, decode);
    const double ms = seconds_since(t0) * 1000 / std::max<std::size_t>(1, g.tokens.size() - 1);
    const double limit_ms = double(model->weight_bytes()) / (bandwidth * 1e9) * 1000;
    f.json["decode_ms_per_token"] = ms;
    f.json["decode_bandwidth_limit_ms"] = limit_ms;
    f.json["decode_times_limit"] = ms / limit_ms;

    // Agreement material: the continuation's log-probs for every case.
    t0 = std::chrono::steady_clock::now();
    for (const auto s : starts) {
        lm::ScoreRequest r{{ids.begin() + static_cast<std::ptrdiff_t>(s), ids.begin() + static_cast<std::ptrdiff_t>(s + 256)},
                           {ids.begin() + static_cast<std::ptrdiff_t>(s + 256), ids.begin() + static_cast<std::ptrdiff_t>(s + 320)}};
        std::vector<float> lp;
        const auto scored = model->score(std::span(&r, 1), 0);  // kept alive while read
        for (const auto& t : scored.front()) lp.push_back(t.logprob);
        f.logprobs.push_back(std::move(lp));
    }
    f.json["score_tokens_per_s"] = double(starts.size() * 320) / std::max(1e-9, seconds_since(t0));
    return f;
}

}  // namespace

nlohmann::json bench_weight_kinds(const WeightKindsBenchOptions& o, bool print) {
    if (o.kinds.empty()) throw Error("--weight-kinds needs at least one of auto, fp32, bf16, int8");
    for (const auto& k : o.kinds) lm::validate_weights_option(k);
    torch::set_num_threads(o.threads > 0 ? o.threads : default_cpu_threads());
    // The checkpoint's tokenizer from its directory alone: every kind shares it, and loading a
    // model just to tokenize would read all its weights once more.
    const auto directory = model::ModelDirectory::open(o.model_dir);
    const auto ids = directory.tokenizer.encode(o.text);
    // Prefill: 512 tokens of context in a fresh session (one suggestion after opening a file).
    const auto prefill_tokens = std::min<std::size_t>(512, static_cast<std::size_t>(directory.config.context_window() / 2));
    if (ids.size() < 600) throw Error("the bench text is too short (" + std::to_string(ids.size()) + " tokens); give a longer --file");
    std::mt19937 rng(13);
    std::uniform_int_distribution<std::size_t> pick(0, ids.size() - 321);
    std::vector<std::size_t> starts;
    for (int c = 0; c < o.cases; ++c) starts.push_back(pick(rng));

    const double bandwidth = read_gb_per_s();
    nlohmann::json out = {{"model", o.model_dir}, {"threads", torch::get_num_threads()}, {"read_gb_per_s", bandwidth},
                          {"reference", o.kinds.front()}, {"kinds", nlohmann::json::array()}};
    std::vector<std::vector<float>> reference;
    for (const auto& kind : o.kinds) {
        auto f = measure(o, kind, ids, starts, bandwidth, prefill_tokens);
        if (reference.empty()) reference = f.logprobs;
        const auto agreement = lm::compare_logprobs(kind, reference, f.logprobs);
        const double worst = agreement.max_abs_delta_logprob;
        f.json["max_abs_delta_logprob"] = worst;
        f.json["identical_cuts_eta8"] = agreement.identical_cuts_eta8;
        f.json["identical_cuts_eta16"] = agreement.identical_cuts_eta16;
        if (print) {
            const auto& j = f.json;
            std::printf("%-5s %-40s load %5.1f s  weights %6.0f MiB  prefill %6.1f tok/s  decode %7.1f ms/token (limit %5.1f ms, %.2fx)  "
                        "max|dlogp| %.2g  same cuts eta8 %.0f%% eta16 %.0f%%\n",
                        kind.c_str(), j["format"].get<std::string>().c_str(), j["load_s"].get<double>(), j["weight_mib"].get<double>(),
                        j["prefill_tokens_per_s"].get<double>(), j["decode_ms_per_token"].get<double>(),
                        j["decode_bandwidth_limit_ms"].get<double>(), j["decode_times_limit"].get<double>(), worst,
                        100 * agreement.identical_cuts_eta8, 100 * agreement.identical_cuts_eta16);
        }
        out["kinds"].push_back(f.json);
    }
    // The same prefill length and decode steps in PyTorch eager, float32 and bfloat16.
    out["pytorch_eager"] = nlohmann::json::array();
    for (const std::string dtype : {"fp32", "bf16"}) {
        auto ref = eager_reference(o, dtype, static_cast<int>(prefill_tokens));
        if (print) {
            if (ref.contains("error"))
                std::printf("PyTorch eager %s: %s\n", dtype.c_str(), ref["error"].get<std::string>().c_str());
            else
                std::printf("PyTorch eager %s (torch %s): prefill %6.1f tok/s  decode %7.1f ms/token\n", dtype.c_str(),
                            ref["torch"].get<std::string>().c_str(), ref["prefill_tokens_per_s"].get<double>(),
                            ref["decode_ms_per_token"].get<double>());
        }
        out["pytorch_eager"].push_back(ref);
    }
    const auto& eager_fp32 = out["pytorch_eager"][0];
    if (eager_fp32.contains("decode_ms_per_token"))
        for (auto& k : out["kinds"]) {
            k["decode_speedup_over_eager_fp32"] = eager_fp32["decode_ms_per_token"].get<double>() / k["decode_ms_per_token"].get<double>();
            if (print)
                std::printf("%-5s decode %.1fx PyTorch eager fp32\n", k["weights"].get<std::string>().c_str(),
                            k["decode_speedup_over_eager_fp32"].get<double>());
        }
    if (print) std::printf("read bandwidth %.1f GB/s, %d threads, %d cases of 256+64 tokens\n", bandwidth, torch::get_num_threads(), o.cases);
    return out;
}

}  // namespace ew::cli

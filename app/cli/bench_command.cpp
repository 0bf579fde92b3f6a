// `empower bench`: performance figures for the issue notes — scoring tokens/s, generation
// ms/token with and without the KV cache, the one-pass cut against Algorithm 1 as written
// (speed ratio, identical cuts), and pretraining tokens/s. Prints figures; asserts nothing.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/large_model_bench.h"
#include "cli/tokenizer_bench.h"
#include "cli/weight_kinds_bench.h"
#include "lm/bits_per_byte.h"
#include "empower/algorithm1_reference.h"
#include "empower/dataset_builder.h"
#include "eval/evaluation.h"
#include "sandbox/sandbox.h"
#include "store/workspace.h"
#include "study/event_log.h"
#include "study/study_store.h"
#include "empower/threshold_cut.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/resource_paths.h"
#include "train/pretrainer.h"
#include "train/source_corpus.h"

#include <chrono>
#include <cstdio>
#include <iostream>
#include <random>
#include <thread>
#include <unistd.h>

namespace ew::cli {

void register_bench(CLI::App& app) {
    struct Args {
        std::string model, file, weights = "auto";
        int threads = 0, cut_cases = 20, gen_tokens = 32, train_steps = 5, dataset_programs = 24, eval_problems = 4, sandbox_runs = 10,
            study_events = 300;
        bool training_reference = false, large_model = false;
        std::string scoring_peak_child, tokenizer_bench;
        std::vector<std::string> bits_per_byte, weight_kinds;
        std::size_t tokenizer_bench_bytes = 1 << 20;
        double eta = 8.0;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("bench", "Print performance figures of scoring, generation, the cut and pretraining");
    cmd->add_option("--model", a->model, "Model directory (default: the bundled model)");
    cmd->add_option("--file", a->file, "Source text to draw contexts from (default: Python's argparse.py)");
    cmd->add_option("--threads", a->threads, "CPU threads (0: one per physical core, or OMP_NUM_THREADS when set)");
    add_weights_option(cmd, a->weights);
    cmd->add_option("--cut-cases", a->cut_cases, "Prefix/suffix pairs for the cut comparison")->capture_default_str();
    cmd->add_option("--gen-tokens", a->gen_tokens, "Tokens generated per timing")->capture_default_str();
    cmd->add_option("--train-steps", a->train_steps, "Timed pretraining steps")->capture_default_str();
    cmd->add_option("--eta", a->eta, "η (nats) for the cut comparison")->capture_default_str();
    cmd->add_option("--dataset-programs", a->dataset_programs, "Programs for the dataset-building comparison (0 = skip)")->capture_default_str();
    cmd->add_option("--eval-problems", a->eval_problems, "Bundled problems for the episodes/s figure (0 = skip)")->capture_default_str();
    cmd->add_option("--sandbox-runs", a->sandbox_runs, "Runs for the sandbox-overhead figure (0 = skip)")->capture_default_str();
    cmd->add_option("--study-events", a->study_events, "Events for the study event-log durability figures (0 = skip)")->capture_default_str();
    cmd->add_flag("--training-reference", a->training_reference,
                  "Also time Debian's python3-torch training the same architecture and batch (app/bench/training_speed_reference.py)");
    cmd->add_flag("--large-model", a->large_model,
                  "Also time a ~100M-parameter random Llama and the peak memory of scoring 2,048 tokens with a 128k vocabulary, "
                  "fused vs unfused (about a minute)");
    cmd->add_option("--scoring-peak-child", a->scoring_peak_child)->group("");  // internal: one --large-model measurement
    cmd->add_option("--tokenizer-bench", a->tokenizer_bench,
                    "Only time encoding with this tokenizer.json: one long line of --file, a run of spaces, one long word, and "
                    "the line with no pre-tokenizer");
    cmd->add_option("--tokenizer-bench-bytes", a->tokenizer_bench_bytes, "Length of each --tokenizer-bench text")->capture_default_str();
    cmd->add_option("--bits-per-byte", a->bits_per_byte,
                    "Only measure the model's bits per byte on these .py files or folders (each file scored alone; "
                    "lm/bits_per_byte.h), one figure per argument");
    cmd->add_option("--weight-kinds", a->weight_kinds,
                    "Compare ways of holding --model's weights (e.g. fp32,bf16,int8): load, memory, prefill, decode against the "
                    "bandwidth limit, and agreement with the first kind (max |d log p|, identical cuts at eta 8 and 16); "
                    "--cut-cases windows, --gen-tokens decode steps")
        ->delimiter(',')
        ->check(CLI::IsMember({"auto", "fp32", "bf16", "int8"}));
    cmd->add_flag("--json", a->json, "Print one JSON object");
    cmd->callback([a] {
        if (!a->bits_per_byte.empty()) {
            auto model = load_model_or_default(a->model, a->threads, a->weights);
            nlohmann::json figures = nlohmann::json::object();
            for (const auto& where : a->bits_per_byte) {
                std::vector<std::string> texts;
                for (const auto& f : lm::python_files_under(where)) texts.push_back(read_file(f));
                const auto bpb = lm::bits_per_byte(*model, texts);
                figures[where] = {{"bits_per_byte", bpb.bits_per_byte}, {"files", bpb.files}, {"bytes", bpb.bytes}, {"tokens", bpb.tokens}};
                if (!a->json)
                    std::printf("%s: %.4f bits/byte (%zu files, %zu bytes, %zu tokens)\n", where.c_str(), bpb.bits_per_byte, bpb.files,
                                bpb.bytes, bpb.tokens);
            }
            if (a->json) std::cout << figures.dump() << "\n";
            return;
        }
        if (!a->tokenizer_bench.empty()) {
            std::string source;
            if (!a->file.empty()) source = read_file(a->file);
            else if (auto stdlib = train::default_python_stdlib(); !stdlib.empty()) source = read_file(stdlib / "argparse.py");
            else throw Error("no --file given and no Python standard library to draw text from");
            const auto figures = bench_tokenizer(a->tokenizer_bench, source, a->tokenizer_bench_bytes, a->json);
            if (a->json) std::cout << figures.dump() << "\n";
            return;
        }
        if (!a->weight_kinds.empty()) {
            WeightKindsBenchOptions o;
            o.model_dir = a->model.empty() ? default_model_dir().string() : a->model;
            o.kinds = a->weight_kinds;
            o.threads = a->threads;
            o.cases = a->cut_cases;
            o.decode_tokens = a->gen_tokens;
            if (!a->file.empty()) o.text = read_file(a->file);
            else if (auto stdlib = train::default_python_stdlib(); !stdlib.empty()) o.text = read_file(stdlib / "argparse.py");
            else throw Error("no --file given and no Python standard library to draw text from");
            const auto figures = bench_weight_kinds(o, !a->json);
            if (a->json) std::cout << figures.dump() << "\n";
            return;
        }
        if (!a->scoring_peak_child.empty()) {
            run_scoring_peak_child(text::BpeTokenizer::load(load_default_tokenizer_path()), a->scoring_peak_child);
            return;
        }
        // Its largest pass is step 1's batch: 8 × (256 + 64) rows.
        auto model = load_model_or_default(a->model, a->threads, a->weights, 8 * (256 + 64));
        const auto& tok = model->tokenizer();
        std::string text;
        if (!a->file.empty()) text = read_file(a->file);
        else if (auto stdlib = train::default_python_stdlib(); !stdlib.empty()) text = read_file(stdlib / "argparse.py");
        else throw Error("no --file given and no Python standard library to draw text from");
        const auto ids = tok.encode(text);
        const int ctx = std::min(256, model->context_length() / 2);
        if (static_cast<int>(ids.size()) < ctx + 128) throw Error("the bench text is too short; give a longer --file");
        nlohmann::json out = {{"model", model->name()}, {"device", model->device()}, {"weights", model->weights_provenance()}};

        // 1. Scoring throughput: batches of 8 (context 256 + continuation 64), one forward each.
        std::vector<lm::ScoreRequest> batch;
        std::mt19937 rng(7);
        std::uniform_int_distribution<std::size_t> pick(0, ids.size() - ctx - 65);
        for (int i = 0; i < 8; ++i) {
            auto s = pick(rng);
            batch.push_back({{ids.begin() + s, ids.begin() + s + ctx}, {ids.begin() + s + ctx, ids.begin() + s + ctx + 64}});
        }
        model->score(batch, 5);  // warm-up
        auto t0 = std::chrono::steady_clock::now();
        const int reps = 3;
        for (int r = 0; r < reps; ++r) model->score(batch, 5);
        const double score_s = seconds_since(t0);
        out["score_tokens_per_s"] = reps * 8.0 * (ctx + 64) / score_s;

        // 2. Generation ms/token, KV cache vs recomputing everything each token.
        std::vector<lm::TokenId> context(ids.begin(), ids.begin() + ctx);
        for (bool cached : {true, false}) {
            lm::GenerationOptions g;
            g.max_new_tokens = a->gen_tokens;
            g.stop_at_end_of_text = false;
            g.use_kv_cache = cached;
            auto session = model->new_session();
            t0 = std::chrono::steady_clock::now();
            auto gen = session->generate(context, g);
            const double ms = seconds_since(t0) * 1000.0 / std::max<std::size_t>(1, gen.tokens.size());
            out[cached ? "generate_ms_per_token_kv_cache" : "generate_ms_per_token_no_cache"] = ms;
        }
        // Prefix reuse: one more character typed after a cached context.
        {
            auto session = model->new_session();
            lm::GenerationOptions g;
            g.max_new_tokens = 1;
            session->generate(context, g);
            auto grown = context;
            grown.push_back(ids[ctx]);
            t0 = std::chrono::steady_clock::now();
            auto gen = session->generate(grown, g);
            out["keystroke_latency_ms_with_prefix_reuse"] = seconds_since(t0) * 1000.0;
            out["keystroke_reused_prefix_tokens"] = gen.reused_prefix_tokens;
        }

        // 3. One-pass cut vs Algorithm 1 as written (one forward per length). Algorithm 1 stops at
        //    the first crossing, so its cost grows with η; measure a typical and a generous η.
        for (double eta : {a->eta, 4.0 * a->eta}) {
            int identical = 0;
            double one_pass_s = 0, algorithm1_s = 0, kept = 0;
            std::mt19937 cut_rng(11);
            for (int c = 0; c < a->cut_cases; ++c) {
                auto s = std::uniform_int_distribution<std::size_t>(0, ids.size() - ctx - 65)(cut_rng);
                std::vector<lm::TokenId> prefix(ids.begin() + s, ids.begin() + s + ctx), suffix(ids.begin() + s + ctx, ids.begin() + s + ctx + 64);
                t0 = std::chrono::steady_clock::now();
                lm::ScoreRequest r{prefix, suffix};
                auto scored = model->score(std::span(&r, 1), 0).front();
                std::vector<double> lp;
                for (const auto& t : scored) lp.push_back(t.logprob);
                auto fast = empower::threshold_cut(std::span<const double>(lp), eta);
                one_pass_s += seconds_since(t0);
                t0 = std::chrono::steady_clock::now();
                auto slow = empower::algorithm1_cut(*model, prefix, suffix, eta);
                algorithm1_s += seconds_since(t0);
                identical += fast == slow;
                kept += double(fast);
            }
            nlohmann::json row = {{"eta_nats", eta}, {"cases", a->cut_cases}, {"identical_cuts", identical},
                                  {"mean_cut_tokens", kept / a->cut_cases}, {"one_pass_ms", one_pass_s * 1000.0 / a->cut_cases},
                                  {"algorithm1_ms", algorithm1_s * 1000.0 / a->cut_cases},
                                  {"speedup", algorithm1_s / std::max(1e-9, one_pass_s)}};
            out["cut_vs_algorithm1"].push_back(row);
        }

        // 4. Pretraining / fine-tuning throughput of this model's shape (batch 8 x 512 or the context).
        const int seq = std::min(512, model->context_length());
        const double cpp_tps = train::measure_training_tokens_per_second(model->config(), 8, seq, a->train_steps);
        out["train_tokens_per_s"] = cpp_tps;
        out["train_shape"] = std::to_string(8) + "x" + std::to_string(seq);
        out["train_threads"] = train::intra_op_threads();
        if (a->training_reference) {
            const std::string script = std::string(EW_SOURCE_DIR) + "/app/bench/training_speed_reference.py";
            const std::string dir = a->model.empty() ? default_model_dir().string() : a->model;
            const std::string command = "/usr/bin/python3 '" + script + "' --model '" + dir + "' --batch 8 --seq-len " + std::to_string(seq) +
                                        " --steps " + std::to_string(a->train_steps) + " --threads " + std::to_string(train::intra_op_threads());
            try {
                auto ref = nlohmann::json::parse(command_output(command));
                out["python_torch_train_tokens_per_s"] = ref["tokens_per_s"];
                out["train_speed_ratio_cpp_over_python"] = cpp_tps / ref["tokens_per_s"].get<double>();
            } catch (const std::exception&) {
                out["python_torch_train_tokens_per_s"] = "unavailable (needs /usr/bin/python3 with python3-torch and " + script + ")";
            }
        }

        // 5. Dataset building: Empower-η with one pass per batch vs Algorithm 1 as written.
        if (a->dataset_programs > 0) {
            std::vector<empower::CorpusProgram> programs;
            if (auto stdlib = train::default_python_stdlib(); !stdlib.empty()) {
                auto corpus = train::load_source_corpus(stdlib);
                for (std::size_t i = 0; i < corpus.heldout.size() && programs.size() < static_cast<std::size_t>(a->dataset_programs); ++i)
                    programs.push_back({"heldout" + std::to_string(i), corpus.heldout[i], {}});
            }
            for (bool as_written : {false, true}) {
                auto spec = empower::DatasetSpec::parse_method("empower");
                spec.eta = a->eta;
                spec.max_completion_tokens = 64;
                spec.algorithm1_as_written = as_written;
                t0 = std::chrono::steady_clock::now();
                auto examples = empower::build_dataset(programs, spec, *model);
                out[as_written ? "dataset_algorithm1_samples_per_s" : "dataset_one_pass_samples_per_s"] =
                    double(examples.size()) / seconds_since(t0);
            }
        }

        // 6. Simulated-human episodes per second (replay human, Empower-η, bundled problems, judged).
        if (a->eval_problems > 0) {
            eval::EvalConfig config;
            config.problems = projects_dir();
            config.assistant_model = a->model.empty() ? default_model_dir() : std::filesystem::path(a->model);
            config.eta = a->eta;
            config.limit = a->eval_problems;
            t0 = std::chrono::steady_clock::now();
            auto result = eval::run_evaluation(config, {});
            out["eval_episodes"] = result.episodes.size();
            out["eval_episodes_per_s"] = double(result.episodes.size()) / seconds_since(t0);
        }

        // 7. Sandbox overhead per test case: `python3 -c pass` through the sandbox vs started directly.
        if (a->sandbox_runs > 0) {
            const std::string python = sandbox::python_interpreter().string();
            std::string isolation = sandbox::run({python, "-c", "pass"}, {}, "", {}).isolation;  // warm-up (page cache)
            t0 = std::chrono::steady_clock::now();
            for (int i = 0; i < a->sandbox_runs; ++i) sandbox::run({python, "-c", "pass"}, {}, "", {});
            const double sandboxed_ms = seconds_since(t0) * 1000.0 / a->sandbox_runs;
            t0 = std::chrono::steady_clock::now();
            for (int i = 0; i < a->sandbox_runs; ++i)
                if (std::system((python + " -c pass").c_str()) != 0) break;
            const double direct_ms = seconds_since(t0) * 1000.0 / a->sandbox_runs;
            out["sandbox_run_ms"] = sandboxed_ms;
            out["direct_run_ms"] = direct_ms;
            out["sandbox_overhead_ms_per_test"] = sandboxed_ms - direct_ms;
            out["sandbox_isolation"] = isolation;
        }

        // 8. Study event log: append -> durable (committed and fsynced) latency, one event at a
        // time — the window a kill -9 or power loss can lose — and burst throughput.
        if (a->study_events > 0) {
            const auto dir = std::filesystem::temp_directory_path() / ("empower-bench-" + std::to_string(::getpid()));
            std::filesystem::create_directories(dir);
            const auto db = dir / "study.sqlite";
            std::int64_t session = 0;
            {
                store::Workspace ws(db, true);
                study::StudyStore store(ws);
                store.create_study(study::StudyDesign::paper_default("bench", {"lava-trap"}));
                session = store.open_session(store.add_participant(*store.study("bench")).id).id;
            }
            std::vector<double> latency_ms;
            {
                study::EventLog log(db, session);
                for (int i = 0; i < a->study_events; ++i) {
                    const auto start = std::chrono::steady_clock::now();
                    const auto seq = log.append({0, 0, 0, 1, 1, study::event::kTyped, i, "x", 0, ""});
                    while (log.durable_seq() < seq) std::this_thread::sleep_for(std::chrono::microseconds(50));
                    latency_ms.push_back(seconds_since(start) * 1000.0);
                }
                std::sort(latency_ms.begin(), latency_ms.end());
                t0 = std::chrono::steady_clock::now();
                for (int i = 0; i < a->study_events * 10; ++i) log.append({0, 0, 0, 1, 1, study::event::kTyped, i, "x", 0, ""});
                log.flush(std::chrono::minutes(5));
                out["study_log_burst_events_per_s"] = a->study_events * 10 / seconds_since(t0);
            }
            auto pct = [&](double q) { return latency_ms[static_cast<std::size_t>(q * static_cast<double>(latency_ms.size() - 1))]; };
            out["study_log_durable_ms_p50"] = pct(0.5);
            out["study_log_durable_ms_p99"] = pct(0.99);
            out["study_log_durable_ms_max"] = latency_ms.back();
            remove_tree(dir);
        }

        // 9. Real-checkpoint scale (opt-in: it allocates a few GB).
        if (a->large_model) out.update(bench_large_model(tok, std::filesystem::read_symlink("/proc/self/exe").string()));

        if (a->json) {
            std::cout << json_text(out) << "\n";
            return;
        }
        for (auto it = out.begin(); it != out.end(); ++it) std::cout << it.key() << ": " << it.value().dump() << "\n";
    });
}

}  // namespace ew::cli

// `empower pretrain`: trains the default model from a folder of Python files, with a progress bar,
// ETA, checkpoints and resume (run the same command again to continue).
#include "cli/commands.h"
#include "train/pretrainer.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>

namespace ew::cli {

namespace {

std::atomic<bool> g_stop_requested{false};
extern "C" void request_stop(int) { g_stop_requested.store(true); }

std::string format_duration(double seconds) {
    auto s = static_cast<long>(seconds);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%ldh%02ldm%02lds", s / 3600, (s / 60) % 60, s % 60);
    return buf;
}

}  // namespace

void register_pretrain(CLI::App& app) {
    auto* cmd = app.add_subcommand("pretrain", "Pretrain the default model on a folder of source files (resumes from <out>/checkpoint)");
    auto options = std::make_shared<train::PretrainOptions>();
    auto json_output = std::make_shared<bool>(false);
    cmd->add_option("--corpus", options->corpus_dir, "Folder of .py files (default: the Python standard library)");
    cmd->add_option("--out", options->out_dir, "Output model directory")->required();
    cmd->add_option("--init-from", options->init_from,
                    "Start from this model directory's weights and tokenizer (e.g. resources/models/default) when --out has no checkpoint");
    cmd->add_option("--steps", options->steps, "Optimizer steps")->capture_default_str();
    cmd->add_option("--batch", options->batch_size, "Sequences per step")->capture_default_str();
    cmd->add_option("--seq-len", options->seq_len, "Tokens per sequence")->capture_default_str();
    cmd->add_option("--lr", options->learning_rate, "Peak learning rate")->capture_default_str();
    cmd->add_option("--min-lr", options->min_learning_rate, "Final learning rate")->capture_default_str();
    cmd->add_option("--warmup", options->warmup_steps, "Warmup steps")->capture_default_str();
    cmd->add_option("--vocab", options->model.vocab_size, "Tokenizer vocabulary size")->capture_default_str();
    cmd->add_option("--hidden", options->model.hidden_size, "Hidden size")->capture_default_str();
    cmd->add_option("--intermediate", options->model.intermediate_size, "MLP width")->capture_default_str();
    cmd->add_option("--layers", options->model.num_hidden_layers, "Transformer layers")->capture_default_str();
    cmd->add_option("--heads", options->model.num_attention_heads, "Attention heads")->capture_default_str();
    cmd->add_option("--context", options->model.max_position_embeddings, "Maximum context (positions)")->capture_default_str();
    cmd->add_option("--threads", options->threads, "CPU threads (0: one per physical core, or OMP_NUM_THREADS when set)")->capture_default_str();
    cmd->add_option("--device", options->device, "cpu, cuda or auto")->capture_default_str();
    cmd->add_option("--precision", options->precision, "auto (bf16 on CUDA, fp32 on CPU), fp32 or bf16 (bf16 products, fp32 weights)")
        ->capture_default_str();
    cmd->add_option("--seed", options->seed, "Random seed")->capture_default_str();
    cmd->add_option("--eval-every", options->eval_every, "Held-out evaluation interval (steps)")->capture_default_str();
    cmd->add_option("--checkpoint-every", options->checkpoint_every, "Checkpoint interval (steps)")->capture_default_str();
    cmd->add_flag("--json", *json_output, "Print JSON-lines progress on stdout");
    cmd->callback([options, json_output] {
        if (options->init_from.empty()) options->model.num_key_value_heads = options->model.num_attention_heads;
        std::signal(SIGINT, request_stop);
        std::signal(SIGTERM, request_stop);
        auto on_progress = [&](const train::PretrainProgress& p) {
            if (*json_output && p.total_steps == 0) {  // a setup message, not a step
                std::cout << nlohmann::json{{"event", "info"}, {"message", p.event}}.dump() << std::endl;
                return;
            }
            if (*json_output) {
                nlohmann::json j = {{"event", p.event}, {"step", p.step}, {"total", p.total_steps}, {"loss", p.loss},
                                    {"lr", p.learning_rate}, {"tokens_per_s", p.tokens_per_second},
                                    {"elapsed_s", p.elapsed_seconds}, {"remaining_s", p.remaining_seconds},
                                    {"tokens_seen", p.tokens_seen}};
                if (p.heldout_bits_per_byte) j["heldout_bpb"] = *p.heldout_bits_per_byte;
                std::cout << j.dump() << std::endl;
                return;
            }
            if (p.total_steps == 0) {
                std::cerr << p.event << "\n";
                return;
            }
            const int width = 30;
            const int filled = static_cast<int>(width * p.step / p.total_steps);
            std::fprintf(stderr, "\r[%s%s] %lld/%lld loss %.3f lr %.2e %.0f tok/s elapsed %s ETA %s   ",
                         std::string(filled, '#').c_str(), std::string(width - filled, '.').c_str(),
                         static_cast<long long>(p.step), static_cast<long long>(p.total_steps), p.loss, p.learning_rate,
                         p.tokens_per_second, format_duration(p.elapsed_seconds).c_str(), format_duration(p.remaining_seconds).c_str());
            if (p.event != "step")
                std::fprintf(stderr, "\n%s at step %lld: held-out %.4f bits/byte\n", p.event.c_str(),
                             static_cast<long long>(p.step), p.heldout_bits_per_byte.value_or(0));
        };
        auto result = train::pretrain(*options, on_progress, &g_stop_requested);
        std::fprintf(stderr, "\n%s after %lld steps, %lld tokens, %s; held-out %.4f bits/byte\n",
                     result.stopped_early ? "stopped (checkpoint written)" : "finished",
                     static_cast<long long>(result.steps_done), static_cast<long long>(result.tokens_seen),
                     format_duration(result.wall_seconds).c_str(), result.heldout_bits_per_byte);
    });
}

}  // namespace ew::cli

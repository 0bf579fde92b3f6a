// `empower train --config run.json`: one fine-tuning job, meant to run as a child process of the
// GUI (or under sbatch). Prints JSON-lines progress and records the run, its config, per-step
// metrics, checkpoints and status in the workspace database. SIGTERM/SIGINT stop it gracefully:
// a checkpoint is written, then it exits; running the same command again resumes.
#include "cli/commands.h"
#include "store/workspace.h"
#include "support/error.h"
#include "train/fine_tuner.h"

#include <atomic>
#include <cmath>
#include <csignal>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace ew::cli {

namespace {
std::atomic<bool> g_train_stop{false};
extern "C" void request_train_stop(int) { g_train_stop.store(true); }
}  // namespace

void register_train(CLI::App& app) {
    struct Args {
        std::string config, workspace;
        std::int64_t run_id = 0;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("train", "Fine-tune an assistant on a dataset (JSON-lines progress on stdout)");
    cmd->add_option("--config", a->config, "run.json (see FineTuneConfig: dataset, out_dir, hyper-parameters)")->required();
    cmd->add_option("--workspace", a->workspace, "Workspace SQLite file to record the run in");
    cmd->add_option("--run-id", a->run_id, "Existing run id in the workspace (the GUI creates it); default: a new run");
    cmd->callback([a] {
        auto config = train::FineTuneConfig::load(a->config);
        std::unique_ptr<store::Workspace> ws;
        std::int64_t run = a->run_id;
        if (!a->workspace.empty()) {
            ws = std::make_unique<store::Workspace>(a->workspace);
            if (run == 0) run = ws->create_run(config.run_name, "train", config.to_json_text(), config.out_dir.string());
            else if (!ws->run(run)) throw Error(a->workspace + ": no run with id " + std::to_string(run));
            ws->set_run_pid(run, ::getpid());
            ws->set_run_status(run, "running");
        }
        std::signal(SIGTERM, request_train_stop);
        std::signal(SIGINT, request_train_stop);
        auto on_progress = [&](const train::FineTuneProgress& p) {
            nlohmann::json j = {{"event", p.event}, {"step", p.step}, {"total", p.total_steps}, {"loss", p.loss},
                                {"lr", p.learning_rate}, {"tokens_per_s", p.tokens_per_second}, {"elapsed_s", p.elapsed_seconds},
                                {"remaining_s", p.remaining_seconds}};
            if (p.eval_loss && std::isfinite(*p.eval_loss)) j["eval_loss"] = *p.eval_loss;
            if (p.event == "start") {
                j["device"] = p.device;
                j["train_examples"] = p.train_examples;
                j["eval_examples"] = p.eval_examples;
                if (run) j["run_id"] = run;
            }
            std::cout << j.dump() << std::endl;  // one line per event, flushed: the GUI tails it
            if (!ws) return;
            if (p.event == "step")
                ws->add_metrics(run, p.step, {{"loss", p.loss}, {"lr", p.learning_rate}, {"tokens_per_s", p.tokens_per_second},
                                              {"remaining_s", p.remaining_seconds}, {"total_steps", double(p.total_steps)}});
            else if (p.event == "eval" && p.eval_loss && std::isfinite(*p.eval_loss))
                ws->add_metrics(run, p.step, {{"eval_loss", *p.eval_loss}});
            else if (p.event == "checkpoint")
                ws->add_checkpoint(run, p.step, p.checkpoint_path);
        };
        try {
            auto result = train::fine_tune(config, on_progress, &g_train_stop);
            if (ws) ws->set_run_status(run, result.stopped_early ? "stopped" : "finished");
        } catch (const std::exception& e) {
            if (ws) ws->set_run_status(run, "failed", e.what());
            throw;
        }
    });
}

}  // namespace ew::cli

// `empower train --config run.json`: one fine-tuning job, meant to run as a child process of the
// GUI (or under sbatch). Prints JSON-lines progress and records the run, its config, per-step
// metrics, checkpoints and status in the workspace database. SIGTERM/SIGINT stop it gracefully:
// a checkpoint is written, then it exits; running the same command again resumes.
#include "cli/commands.h"
#include "jobs/local_jobs.h"
#include "store/workspace.h"
#include "support/error.h"
#include "support/failure_message.h"
#include "support/resource_paths.h"
#include "train/data_parallel.h"
#include "train/fine_tuner.h"

#include <atomic>
#include <cerrno>
#include <optional>
#include <cmath>
#include <csignal>
#include <iostream>
#include <memory>
#include <nlohmann/json.hpp>
#include <fcntl.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

namespace ew::cli {

namespace {
std::atomic<bool> g_train_stop{false};
extern "C" void request_train_stop(int) { g_train_stop.store(true); }

// Rank r of a data-parallel run: this same program, `train --config F --dp-rank r --dp-port P`,
// dying with its parent. Its stdout is dropped (rank 0 reports); stderr is kept for errors.
pid_t start_rank(const std::string& config, int rank, int port) {
    const pid_t pid = ::fork();
    if (pid < 0) throw Error("data parallel: cannot start rank " + std::to_string(rank));
    if (pid == 0) {
        ::prctl(PR_SET_PDEATHSIG, SIGTERM);
        const int devnull = ::open("/dev/null", O_WRONLY);
        if (devnull >= 0) ::dup2(devnull, STDOUT_FILENO);
        const std::string r = std::to_string(rank), p = std::to_string(port);
        const char* argv[] = {"empower", "train", "--config", config.c_str(), "--dp-rank", r.c_str(), "--dp-port", p.c_str(), nullptr};
        ::execv("/proc/self/exe", const_cast<char* const*>(argv));
        ::_exit(127);
    }
    return pid;
}

// Waits for the other ranks; the first failure is reported.
void join_ranks(const std::vector<pid_t>& ranks, bool kill_first) {
    std::string failure;
    for (std::size_t i = 0; i < ranks.size(); ++i) {
        if (kill_first) ::kill(ranks[i], SIGTERM);
        int status = 0;
        while (::waitpid(ranks[i], &status, 0) < 0 && errno == EINTR) {
        }
        const bool ok = WIFEXITED(status) && WEXITSTATUS(status) == 0;
        if (!ok && failure.empty())
            failure = "data parallel: rank " + std::to_string(i + 1) +
                      (WIFSIGNALED(status) ? " was killed by signal " + std::to_string(WTERMSIG(status)) : " exited with " + std::to_string(WEXITSTATUS(status)));
    }
    if (!failure.empty() && !kill_first) throw Error(failure);
}
}  // namespace

void register_train(CLI::App& app) {
    struct Args {
        std::string config, workspace;
        std::int64_t run_id = 0;
        int dp_rank = 0, dp_port = 0;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("train", "Fine-tune an assistant on a dataset (JSON-lines progress on stdout)");
    cmd->add_option("--config", a->config, "run.json (see FineTuneConfig: dataset, out_dir, hyper-parameters)")->required();
    cmd->add_option("--workspace", a->workspace, "Workspace SQLite file to record the run in");
    cmd->add_option("--run-id", a->run_id, "Existing run id in the workspace (the GUI creates it); default: a new run");
    // Internal: the other ranks of a data-parallel run, started by rank 0.
    cmd->add_option("--dp-rank", a->dp_rank)->group("");
    cmd->add_option("--dp-port", a->dp_port)->group("");
    cmd->callback([a] {
        auto config = train::FineTuneConfig::load(a->config);
        std::signal(SIGTERM, request_train_stop);
        std::signal(SIGINT, request_train_stop);
        if (a->dp_rank > 0) {  // a worker rank: trains, reports nothing
            const train::DataParallelRank rank{a->dp_rank, config.data_parallel, a->dp_port};
            train::fine_tune(config, nullptr, &g_train_stop, &rank);
            return;
        }
        std::unique_ptr<store::Workspace> ws;
        std::int64_t run = a->run_id;
        if (!a->workspace.empty()) {
            ws = std::make_unique<store::Workspace>(a->workspace);
            if (run == 0) run = ws->create_run(config.run_name, "train", config.to_json_text(), config.out_dir.string());
            else if (!ws->run(run)) throw Error(a->workspace + ": no run with id " + std::to_string(run));
            jobs::record_this_process(*ws, run);
            ws->set_run_status(run, "running");
        }
        auto on_progress = [&](const train::FineTuneProgress& p) {
            nlohmann::json j = {{"event", p.event}, {"step", p.step}, {"total", p.total_steps}, {"loss", p.loss},
                                {"lr", p.learning_rate}, {"tokens_per_s", p.tokens_per_second}, {"elapsed_s", p.elapsed_seconds},
                                {"remaining_s", p.remaining_seconds}};
            if (p.eval_loss && std::isfinite(*p.eval_loss)) j["eval_loss"] = *p.eval_loss;
            if (p.event == "start") {
                j["device"] = p.device;
                j["precision"] = p.precision;
                j["train_examples"] = p.train_examples;
                j["eval_examples"] = p.eval_examples;
                j["micro_batch"] = p.micro_batch;
                j["memory_estimate_bytes"] = p.memory_estimate;
                if (p.memory_available > 0) j["memory_available_bytes"] = p.memory_available;
                if (run) j["run_id"] = run;
                // Training holds float32 master weights whatever the checkpoint stores; precision is
                // what the products are computed in.
                j["weights"] = "fp32 master weights, " + std::string(p.precision == "bf16" ? "bf16 products" : "fp32 compute") + " on " + p.device;
                if (ws) {
                    const auto base = config.base_model.empty() ? default_model_dir() : config.base_model;
                    ws->record_run_model(run, {"base", base.string(), j["weights"].get<std::string>()});
                }
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
        std::vector<pid_t> ranks;
        try {
            std::optional<train::DataParallelRank> leader;
            if (config.data_parallel > 1) {
                leader = train::DataParallelRank{0, config.data_parallel, train::free_local_port()};
                for (int r = 1; r < config.data_parallel; ++r) ranks.push_back(start_rank(a->config, r, leader->port));
            }
            auto result = train::fine_tune(config, on_progress, &g_train_stop, leader ? &*leader : nullptr);
            join_ranks(ranks, false);
            ranks.clear();
            if (ws) ws->set_run_status(run, result.stopped_early ? "stopped" : "finished");
        } catch (const std::exception& e) {
            join_ranks(ranks, true);  // none may outlive a failed run
            if (ws) ws->set_run_status(run, "failed", failure_message(e));
            throw;
        }
    });
}

}  // namespace ew::cli

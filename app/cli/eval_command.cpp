// `empower eval --config eval.json`: the simulated-human evaluation as a job, with the same
// machinery as training: JSON-lines progress, workspace rows, graceful SIGTERM.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "eval/evaluation.h"
#include "jobs/local_jobs.h"
#include "store/workspace.h"
#include "support/error.h"
#include "support/failure_message.h"
#include "support/heap_retention.h"

#include <atomic>
#include <csignal>
#include <iostream>
#include <unistd.h>

namespace ew::cli {

namespace {
std::atomic<bool> g_eval_stop{false};
extern "C" void request_eval_stop(int) { g_eval_stop.store(true); }

nlohmann::json summary_json(const eval::Summary& s) {
    auto m = [](const eval::MeanWithError& x) { return nlohmann::json{{"mean", x.mean}, {"se", x.standard_error}, {"n", x.n}}; };
    return {{"pass_at_1", m(s.pass_at_1)}, {"accept_ratio", m(s.accept_ratio)}, {"pooled_accept_ratio", s.pooled_accept_ratio},
            {"dpr", m(s.dpr)}, {"tokens_read", m(s.tokens_read)}, {"tokens_written", m(s.tokens_written)},
            {"suggestions_per_episode", m(s.suggestions)}, {"mean_suggestion_chars", m(s.suggestion_chars)},
            {"deleted_chars", m(s.deleted_chars)}};
}
}  // namespace

void register_eval(CLI::App& app) {
    struct Args {
        std::string config, workspace;
        std::int64_t run_id = 0;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("eval", "Evaluate an assistant with a simulated human (JSON-lines progress on stdout)");
    cmd->add_option("--config", a->config, "eval.json (problems, assistant_model, policy, eta, human, k_h, max_rounds, ...)")->required();
    cmd->add_option("--workspace", a->workspace, "Workspace SQLite file to record the run in");
    cmd->add_option("--run-id", a->run_id, "Existing run id in the workspace");
    cmd->callback([a] {
        retain_freed_memory_in_heap();  // a batch job that scores window after window
        auto config = eval::EvalConfig::load(a->config);
        std::unique_ptr<store::Workspace> ws;
        std::int64_t run = a->run_id;
        if (!a->workspace.empty()) {
            ws = std::make_unique<store::Workspace>(a->workspace);
            if (run == 0) run = ws->create_run(config.run_name, "eval", config.to_json_text(), config.episodes_out.string());
            jobs::record_this_process(*ws, run);
            ws->set_run_status(run, "running");
        }
        std::signal(SIGTERM, request_eval_stop);
        std::signal(SIGINT, request_eval_stop);
        auto on_progress = [&](const eval::EvalProgress& p) {
            nlohmann::json j = {{"event", p.event}, {"done", p.done}, {"total", p.total}, {"elapsed_s", p.elapsed_seconds}};
            if (!p.models.empty()) {
                j["models"] = nlohmann::json::array();
                for (const auto& m : p.models) {
                    j["models"].push_back({{"role", m.role}, {"path", m.path}, {"weights", m.weights}});
                    if (ws) ws->record_run_model(run, {m.role, m.path, m.weights});
                }
            }
            if (p.episode) {
                const auto& e = *p.episode;
                const double dpr = eval::discounted_pass_rate(e.passed, e.tokens_read, e.tokens_written, config.dpr);
                j.update({{"problem", e.problem}, {"passed", e.passed}, {"shown", e.suggestions_shown}, {"accepted", e.accepted},
                          {"tokens_read", e.tokens_read}, {"tokens_written", e.tokens_written}, {"dpr", dpr}});
                if (ws)
                    ws->add_metrics(run, static_cast<std::int64_t>(p.done),
                                    {{"passed", e.passed ? 1.0 : 0.0}, {"dpr", dpr}, {"shown", double(e.suggestions_shown)},
                                     {"accepted", double(e.accepted)}, {"total_steps", double(p.total)}});
            }
            std::cout << json_text(j) << std::endl;
        };
        try {
            auto result = eval::run_evaluation(config, on_progress, &g_eval_stop);
            auto summary = summary_json(result.summary);
            std::cout << json_text({{"event", "summary"}, {"policy", config.policy}, {"eta", config.eta}, {"human", config.human},
                                    {"episodes", result.episodes.size()}, {"summary", summary}})
                      << std::endl;
            if (ws) {
                const auto& s = result.summary;
                ws->add_metrics(run, static_cast<std::int64_t>(result.episodes.size()),
                                {{"summary_pass_at_1", s.pass_at_1.mean}, {"summary_pass_at_1_se", s.pass_at_1.standard_error},
                                 {"summary_accept_ratio", s.accept_ratio.mean}, {"summary_accept_ratio_se", s.accept_ratio.standard_error},
                                 {"summary_dpr", s.dpr.mean}, {"summary_dpr_se", s.dpr.standard_error},
                                 {"summary_tokens_read", s.tokens_read.mean}, {"summary_tokens_written", s.tokens_written.mean},
                                 {"summary_suggestion_chars", s.suggestion_chars.mean}, {"summary_suggestions", s.suggestions.mean}});
                ws->set_run_status(run, result.stopped_early ? "stopped" : "finished");
            }
        } catch (const std::exception& e) {
            if (ws) ws->set_run_status(run, "failed", failure_message(e));
            throw;
        }
    });
}

}  // namespace ew::cli

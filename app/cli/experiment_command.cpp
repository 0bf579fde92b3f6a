// `empower experiment plan|run|resume|status|stop|report`: the paper's grid as one object
// (core/experiment). `plan` lists the stages a spec expands into, with what each folder already
// holds; `run` (or `resume`, the same) runs what is not done yet, one stage at a time, reusing
// every finished stage — so running it again after a stop, a crash or an edit continues where the
// results end; `status` shows each stage's state and the live run's; `stop` asks the live run to
// stop; `report` prints the results as the paper's Table 1.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "experiment/experiment_runner.h"
#include "experiment/experiment_chart.h"
#include "experiment/experiment_table.h"
#include "support/file_io.h"
#include "support/error.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>
#include <map>

namespace ew::cli {

namespace {

std::atomic<bool> experiment_stop{false};
extern "C" void request_experiment_stop(int) { experiment_stop = true; }

const char* state_name(experiment::StageState s) {
    switch (s) {
        case experiment::StageState::Done: return "done";
        case experiment::StageState::Failed: return "failed";
        case experiment::StageState::Pending: return "pending";
    }
    return "?";
}

struct Args {
    std::string spec, stages, workspace;
    bool json = false;
};

experiment::ExperimentPlan plan_of(const Args& a) {
    const auto spec = experiment::ExperimentSpec::load(a.spec);
    const std::filesystem::path root =
        a.stages.empty() ? std::filesystem::absolute(a.spec).parent_path() / (spec.name + ".stages") : std::filesystem::absolute(a.stages);
    return experiment::plan_experiment(spec, root, EW_VERSION);
}

void add_common(CLI::App* cmd, Args& a) {
    cmd->add_option("--spec", a.spec, "Experiment spec (JSON)")->required();
    cmd->add_option("--stages", a.stages, "Folder of the stages' folders (default: <spec folder>/<name>.stages)");
    cmd->add_flag("--json", a.json, "JSON lines instead of text");
}

}  // namespace

void register_experiment(CLI::App& app) {
    auto* experiment = app.add_subcommand("experiment", "The paper's grid as one experiment: datasets -> fine-tunes -> evaluations");
    experiment->require_subcommand(1);

    auto plan_args = std::make_shared<Args>();
    auto* plan = experiment->add_subcommand("plan", "List the stages of a spec and what each folder already holds");
    add_common(plan, *plan_args);
    plan->callback([a = plan_args] {
        const auto p = plan_of(*a);
        for (const auto& s : p.stages) {
            const auto state = state_name(experiment::recorded_state(s));
            if (a->json) {
                std::cout << dump_json({{"id", s.id}, {"kind", experiment::to_string(s.kind)}, {"arm", s.arm}, {"state", state}, {"key", s.key},
                                        {"needs", s.needs}, {"dir", s.dir.string()}})
                          << "\n";
            } else {
                std::printf("%-8s %s  %s\n", state, s.key.substr(0, 12).c_str(), s.id.c_str());
            }
        }
    });

    auto status_args = std::make_shared<Args>();
    auto* status = experiment->add_subcommand("status", "Each stage's state (done, failed, running, pending) and how long it ran");
    add_common(status, *status_args);
    status->callback([a = status_args] {
        const auto p = plan_of(*a);
        const auto live = experiment::live_run(p.root);
        std::map<std::string, int> counts;
        for (const auto& s : experiment::experiment_status(p)) {
            ++counts[s.state];
            if (a->json)
                std::cout << dump_json({{"id", s.id}, {"state", s.state}, {"detail", s.detail}, {"seconds", s.seconds}}) << "\n";
            else
                std::printf("%-8s %8.1f s  %s%s%s\n", s.state.c_str(), s.seconds, s.id.c_str(), s.detail.empty() ? "" : "  ", s.detail.c_str());
        }
        if (a->json) {
            std::cout << dump_json({{"event", "summary"}, {"stages", p.stages.size()}, {"counts", counts},
                                    {"running_pid", live ? live->pid : 0}})
                      << "\n";
            return;
        }
        std::printf("%zu stages:", p.stages.size());
        for (const auto& [state, n] : counts) std::printf(" %d %s", n, state.c_str());
        std::printf("; %s\n", live ? ("a run is going on (process " + std::to_string(live->pid) + ")").c_str() : "no run is going on");
    });

    auto stop_args = std::make_shared<Args>();
    auto* stop = experiment->add_subcommand("stop", "Ask the run going on to stop: its stage checkpoints, nothing more starts; resume continues");
    add_common(stop, *stop_args);
    stop->callback([a = stop_args] {
        const auto p = plan_of(*a);
        const long pid = experiment::stop_experiment(p.root);
        if (pid == 0) throw Error("no run of this experiment is going on");
        std::printf("asked process %ld to stop; `empower experiment resume` continues\n", pid);
    });

    struct ReportArgs : Args {
        std::string format = "text", out;
    };
    auto report_args = std::make_shared<ReportArgs>();
    auto* report = experiment->add_subcommand("report", "The results as the paper's Table 1: each arm and human, mean ± standard error");
    add_common(report, *report_args);
    report->add_option("--format", report_args->format, "text, json, csv, latex (a tabular) or svg (Figure 2: grouped bars with s.e. whiskers)")
        ->check(CLI::IsMember({"text", "json", "csv", "latex", "svg"}))
        ->capture_default_str();
    report->add_option("--out", report_args->out, "Write to this file (atomically) instead of standard output");
    report->callback([a = report_args] {
        const auto table = experiment::experiment_table(plan_of(*a));
        const std::string format = a->json ? "json" : a->format;
        const std::string text = format == "json"  ? dump_json(table.to_json()) + "\n"
                                 : format == "csv" ? table.to_csv()
                                 : format == "latex" ? table.to_latex()
                                 : format == "svg"   ? experiment::experiment_chart_svg(table)
                                                     : table.to_text();
        if (a->out.empty()) std::cout << text;
        else write_file_atomic(a->out, text);
    });

    auto run_args = std::make_shared<Args>();
    auto* run = experiment->add_subcommand("run", "Run every stage that is not done, one at a time; finished stages are reused");
    add_common(run, *run_args);
    auto* resume = experiment->add_subcommand("resume", "The same as run: continue where the finished stages end");
    add_common(resume, *run_args);
    for (auto* cmd : {run, resume})
        cmd->add_option("--workspace", run_args->workspace,
                        "Workspace SQLite file: record the experiment there, each fine-tune and evaluation a run of it");
    const auto run_callback = [a = run_args] {
        const auto p = plan_of(*a);
        std::signal(SIGINT, request_experiment_stop);
        std::signal(SIGTERM, request_experiment_stop);
        experiment::RunOptions o;
        o.empower_binary = std::filesystem::read_symlink("/proc/self/exe");
        o.stop = &experiment_stop;
        if (!a->workspace.empty()) {
            o.workspace = std::filesystem::absolute(a->workspace);
            const auto spec = experiment::ExperimentSpec::load(a->spec);
            o.experiment_name = spec.name;
            o.spec_path = std::filesystem::absolute(a->spec);
            o.spec_json = spec.to_json_text();
        }
        o.on_event = [&](const experiment::StageEvent& e) {
            if (a->json)
                std::cout << dump_json({{"event", e.event}, {"id", e.id}, {"detail", e.detail}, {"seconds", e.seconds}}) << std::endl;
            else
                std::printf("%-8s %s%s%s\n", e.event.c_str(), e.id.c_str(), e.detail.empty() ? "" : "  ", e.detail.c_str()), std::fflush(stdout);
        };
        const auto s = experiment::run_experiment(p, o);
        if (a->json)
            std::cout << dump_json({{"event", "summary"}, {"reused", s.reused}, {"ran", s.ran}, {"failed", s.failed}, {"skipped", s.skipped},
                                    {"stopped", s.stopped}, {"stages", p.stages.size()}})
                      << std::endl;
        else
            std::printf("%zu stages: %d reused, %d ran, %d failed, %d skipped%s\n", p.stages.size(), s.reused, s.ran, s.failed, s.skipped,
                        s.stopped ? ", stopped (run again to continue)" : "");
        if (!s.complete()) throw Error(s.stopped ? "stopped before every stage was done" : "not every stage succeeded (see above)");
    };
    run->callback(run_callback);
    resume->callback(run_callback);
}

}  // namespace ew::cli

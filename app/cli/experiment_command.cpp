// `empower experiment plan|run`: the paper's grid as one object (core/experiment). `plan` lists the
// stages a spec expands into, with what each folder already holds; `run` runs what is not done
// yet, one stage at a time, reusing every finished stage — so running it again after a stop, a
// crash or an edit continues where the results end.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "experiment/experiment_runner.h"
#include "support/error.h"

#include <atomic>
#include <csignal>
#include <cstdio>
#include <iostream>

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
    std::string spec, stages;
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

    auto run_args = std::make_shared<Args>();
    auto* run = experiment->add_subcommand("run", "Run every stage that is not done, one at a time; finished stages are reused");
    add_common(run, *run_args);
    run->callback([a = run_args] {
        const auto p = plan_of(*a);
        std::signal(SIGINT, request_experiment_stop);
        std::signal(SIGTERM, request_experiment_stop);
        experiment::RunOptions o;
        o.empower_binary = std::filesystem::read_symlink("/proc/self/exe");
        o.stop = &experiment_stop;
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
    });
}

}  // namespace ew::cli

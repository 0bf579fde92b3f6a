// `empower experiment plan|run|resume|status|stop|report`: the paper's grid as one object
// (core/experiment). `plan` lists the stages a spec expands into, with what each folder already
// holds; `run` (or `resume`, the same) runs what is not done yet, one stage at a time, reusing
// every finished stage — so running it again after a stop, a crash or an edit continues where the
// results end; `status` shows each stage's state and the live run's; `stop` asks the live run to
// stop (or, with --stage, holds one stage while the rest goes on); `report` prints the results as the paper's Table 1. `run --slurm` submits the stages as
// Slurm jobs chained with afterok instead (core/experiment/slurm_experiment.h); each job runs
// `run-stage` for its stage.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "experiment/experiment_runner.h"
#include "experiment/experiment_chart.h"
#include "experiment/experiment_table.h"
#include "experiment/slurm_experiment.h"
#include "experiment/stage_hold.h"
#include "store/workspace.h"
#include "support/file_io.h"
#include "support/error.h"

#include <torch/cuda.h>

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
    std::string spec, stages, workspace, slurm_bin;
    std::int64_t id = 0;
    bool json = false;
};

// `--id N --workspace W` names an experiment that workspace recorded (a run with --workspace, or the
// Experiments dock): its spec file and its stage folder, as the person would have typed them.
void resolve_experiment(Args& a) {
    const std::string list_hint = "`empower experiment list --workspace W` shows the ids";
    if (a.id == 0) {
        if (a.spec.empty()) throw Error("name the experiment: --spec FILE, or --id N with --workspace W (" + list_hint + ")");
        return;
    }
    if (!a.spec.empty()) throw Error("--spec and --id both name an experiment: give one");
    if (a.workspace.empty()) throw Error("--id needs --workspace: the ids are a workspace's (" + list_hint + ")");
    store::Workspace ws(a.workspace, false);
    for (const auto& e : ws.experiments()) {
        if (e.id != a.id) continue;
        if (!std::filesystem::exists(e.spec_path))
            throw Error("experiment " + std::to_string(e.id) + " (" + e.name + "): its spec " + e.spec_path +
                        " is gone; write it back (the workspace keeps the text it last ran: `experiment list --json`, field spec) "
                        "or use --spec");
        a.spec = e.spec_path;
        if (a.stages.empty()) a.stages = e.stage_root;
        return;
    }
    throw Error("workspace " + a.workspace + " has no experiment " + std::to_string(a.id) + " (" + list_hint + ")");
}

// The spec text a workspace kept, as JSON; null when it does not parse (an older or damaged row),
// since `list` must still list the experiment.
nlohmann::json recorded_spec(const std::string& text) {
    auto spec = nlohmann::json::parse(text, nullptr, false);
    return spec.is_discarded() ? nlohmann::json() : spec;
}

experiment::ExperimentPlan plan_of(Args& a) {
    resolve_experiment(a);
    const auto spec = experiment::ExperimentSpec::load(a.spec);
    const std::filesystem::path root = a.stages.empty() ? experiment::default_stage_root(a.spec, spec) : std::filesystem::absolute(a.stages);
    return experiment::plan_experiment(spec, root, EW_VERSION);
}

void add_common(CLI::App* cmd, Args& a) {
    cmd->add_option("--spec", a.spec, "Experiment spec (JSON)");
    cmd->add_option("--id", a.id, "Or an experiment recorded in --workspace, by its id (`experiment list`)")->check(CLI::PositiveNumber);
    cmd->add_option("--workspace", a.workspace,
                    "Workspace SQLite file: where --id is looked up; run and resume also record the experiment there, "
                    "each fine-tune and evaluation a run of it");
    cmd->add_option("--stages", a.stages, "Folder of the stages' folders (default: <spec folder>/<name>.stages)");
    cmd->add_flag("--json", a.json, "JSON lines instead of text");
    cmd->add_option("--slurm-bin", a.slurm_bin, "Folder of sbatch/squeue/scontrol/sacct/scancel for an experiment on Slurm (default: PATH)");
}

// Stages run by this process's children, with this program; SIGINT and SIGTERM stop them (each checkpoints).
experiment::RunOptions local_run_options() {
    std::signal(SIGINT, request_experiment_stop);
    std::signal(SIGTERM, request_experiment_stop);
    experiment::RunOptions o;
    o.empower_binary = std::filesystem::read_symlink("/proc/self/exe");
    o.stop = &experiment_stop;
    return o;
}

// Whether the experiment's stages were submitted to Slurm (`run --slurm`).
bool on_slurm(const experiment::ExperimentPlan& p) { return !experiment::submitted_jobs(p.root).empty(); }

}  // namespace

void register_experiment(CLI::App& app) {
    auto* experiment = app.add_subcommand("experiment", "The paper's grid as one experiment: datasets -> fine-tunes -> evaluations");
    experiment->require_subcommand(1);

    auto list_args = std::make_shared<Args>();
    auto* list = experiment->add_subcommand("list", "The experiments a workspace recorded, with the ids --id takes");
    list->add_option("--workspace", list_args->workspace, "Workspace SQLite file")->required();
    list->add_flag("--json", list_args->json, "JSON lines (with each experiment's spec as it last ran) instead of text");
    list->callback([a = list_args] {
        store::Workspace ws(a->workspace, false);
        const auto experiments = ws.experiments();
        for (const auto& e : experiments) {
            const auto stages = ws.experiment_stages(e.id).size();
            if (a->json) {
                std::cout << json_text({{"id", e.id}, {"name", e.name}, {"spec_path", e.spec_path}, {"stage_root", e.stage_root},
                                        {"stages_recorded", stages}, {"created_at", e.created_at}, {"updated_at", e.updated_at},
                                        {"spec", recorded_spec(e.spec_json)}})
                          << "\n";
            } else {
                std::printf("%4lld  %-24s %3zu stages recorded  %s\n", static_cast<long long>(e.id), e.name.c_str(), stages, e.spec_path.c_str());
            }
        }
        if (experiments.empty() && !a->json) std::printf("no experiments in %s\n", a->workspace.c_str());
    });

    auto plan_args = std::make_shared<Args>();
    auto* plan = experiment->add_subcommand("plan", "List the stages of a spec and what each folder already holds");
    add_common(plan, *plan_args);
    plan->callback([a = plan_args] {
        const auto p = plan_of(*a);
        for (const auto& s : p.stages) {
            const auto state = state_name(experiment::recorded_state(s));
            if (a->json) {
                std::cout << json_text({{"id", s.id}, {"kind", experiment::to_string(s.kind)}, {"arm", s.arm}, {"state", state}, {"key", s.key},
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
        const auto statuses = on_slurm(p) ? experiment::slurm_experiment_status(p, cluster::SlurmClient(a->slurm_bin)) : experiment::experiment_status(p);
        for (const auto& s : statuses) {
            ++counts[s.state];
            if (a->json)
                std::cout << json_text({{"id", s.id}, {"state", s.state}, {"detail", s.detail}, {"seconds", s.seconds}}) << "\n";
            else
                std::printf("%-8s %8.1f s  %s%s%s\n", s.state.c_str(), s.seconds, s.id.c_str(), s.detail.empty() ? "" : "  ", s.detail.c_str());
        }
        if (a->json) {
            std::cout << json_text({{"event", "summary"}, {"stages", p.stages.size()}, {"counts", counts},
                                    {"running_pid", live ? live->pid : 0}})
                      << "\n";
            return;
        }
        std::printf("%zu stages:", p.stages.size());
        for (const auto& [state, n] : counts) std::printf(" %d %s", n, state.c_str());
        std::printf("; %s\n", live ? ("a run is going on (process " + std::to_string(live->pid) + ")").c_str() : "no run is going on");
    });

    struct StopArgs : Args {
        std::string stage;
    };
    auto stop_args = std::make_shared<StopArgs>();
    auto* stop = experiment->add_subcommand("stop", "Ask the run going on to stop: its stage checkpoints, nothing more starts; resume continues");
    add_common(stop, *stop_args);
    stop->add_option("--stage", stop_args->stage,
                     "Stop this stage only (an id from `plan`): it is held, and what needs it waits, while the rest goes on; "
                     "`resume --stage` releases it");
    stop->callback([a = stop_args] {
        const auto p = plan_of(*a);
        if (!a->stage.empty()) {
            const auto& stage = p.at(a->stage);
            if (experiment::recorded_state(stage) == experiment::StageState::Done) throw Error("stage " + stage.id + " is done: nothing to stop");
            experiment::hold_stage(stage);
            const bool cancelled = on_slurm(p) && experiment::cancel_stage_job(p, stage, cluster::SlurmClient(a->slurm_bin));
            std::printf("stage %s is held%s: a run stops it (it checkpoints) and starts nothing that needs it; "
                        "`empower experiment resume --stage %s` releases it\n",
                        stage.id.c_str(), cancelled ? " and its Slurm job cancelled" : "", stage.id.c_str());
            return;
        }
        const long pid = experiment::stop_experiment(p.root);
        const int cancelled = pid == 0 && on_slurm(p) ? experiment::cancel_experiment_jobs(p, cluster::SlurmClient(a->slurm_bin)) : 0;
        if (pid == 0 && cancelled == 0) throw Error("no run of this experiment is going on");
        if (pid != 0) std::printf("asked process %ld to stop; `empower experiment resume` continues\n", pid);
        else std::printf("cancelled %d Slurm job%s; `empower experiment resume --slurm` submits them again\n", cancelled, cancelled == 1 ? "" : "s");
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
        const std::string text = format == "json"  ? json_text(table.to_json()) + "\n"
                                 : format == "csv" ? table.to_csv()
                                 : format == "latex" ? table.to_latex()
                                 : format == "svg"   ? experiment::experiment_chart_svg(table)
                                                     : table.to_text();
        if (a->out.empty()) std::cout << text;
        else write_file_atomic(a->out, text);
    });

    struct RunArgs : Args {
        std::string stage;
        bool slurm = false;
        int jobs = 0;          // 0: not given — one per CUDA device when there are some, else 1
        int cuda_devices = -1;  // -1: every device this machine has
        std::string empower;
        cluster::SlurmResources resources;
    };
    auto run_args = std::make_shared<RunArgs>();
    auto* run = experiment->add_subcommand("run", "Run every stage that is not done, one at a time; finished stages are reused");
    add_common(run, *run_args);
    auto* resume = experiment->add_subcommand("resume", "The same as run: continue where the finished stages end");
    add_common(resume, *run_args);
    for (auto* cmd : {run, resume}) {
        cmd->add_option("--jobs", run_args->jobs,
                        "Stages run at once on this machine, each as soon as its needs are done (default: one per CUDA device, else 1)")
            ->check(CLI::Range(1, 256));
        cmd->add_option("--cuda-devices", run_args->cuda_devices,
                        "Local runs: CUDA devices the stages share, each running stage on one of its own (CUDA_VISIBLE_DEVICES); "
                        "default: every device this machine has, 0: none")
            ->check(CLI::Range(0, 1024));
        cmd->add_flag("--slurm", run_args->slurm,
                      "Submit every stage that is not done as a Slurm job, chained to its parents' jobs (afterok), and return");
        add_slurm_resource_options(cmd, run_args->resources, "Slurm, per stage: ");
        cmd->add_option("--empower", run_args->empower, "Slurm: the empower binary as the compute nodes see it (default: this one)");
        cmd->add_option("--stage", run_args->stage,
                        "Release this held stage only (other held stages stay held); without it every hold is released");
    }
    const auto run_callback = [a = run_args] {
        const auto p = plan_of(*a);
        if (!a->stage.empty()) {
            experiment::release_stage(p.at(a->stage));
            // The run going on starts it again once its needs are done.
            const auto live = experiment::live_run(p.root);
            if (a->json) std::cout << json_text({{"event", "released"}, {"id", a->stage}, {"running_pid", live ? live->pid : 0}}) << std::endl;
            if (live && !a->slurm) {
                if (!a->json) std::printf("released stage %s; the run going on (process %ld) starts it once its needs are done\n", a->stage.c_str(), live->pid);
                return;
            }
        } else if (const int released = experiment::release_all_stages(p); released > 0 && !a->json) {
            std::printf("released %d held stage%s\n", released, released == 1 ? "" : "s");
        }
        if (a->slurm) {
            if (!a->workspace.empty() && a->id == 0)
                throw Error("--workspace is for local runs: Slurm jobs record their stages in the stage folders");
            experiment::SlurmSubmitOptions o;
            o.empower_binary = a->empower.empty() ? std::filesystem::read_symlink("/proc/self/exe") : std::filesystem::path(a->empower);
            o.spec_path = std::filesystem::absolute(a->spec);
            o.resources = a->resources;
            o.on_event = [&](const experiment::StageEvent& e) {
                if (a->json) std::cout << json_text({{"event", e.event}, {"id", e.id}, {"detail", e.detail}}) << std::endl;
                else std::printf("%-9s %s%s%s\n", e.event.c_str(), e.id.c_str(), e.detail.empty() ? "" : "  ", e.detail.c_str()), std::fflush(stdout);
            };
            const auto s = experiment::submit_experiment(p, cluster::SlurmClient(a->slurm_bin), o);
            if (a->json)
                std::cout << json_text({{"event", "summary"}, {"reused", s.reused}, {"submitted", s.submitted}, {"queued", s.queued},
                                        {"skipped", s.skipped}, {"stages", p.stages.size()}})
                          << std::endl;
            else
                std::printf("%zu stages: %d reused, %d submitted, %d already queued, %d skipped; `empower experiment status` follows them\n",
                            p.stages.size(), s.reused, s.submitted, s.queued, s.skipped);
            return;
        }
        if (on_slurm(p)) {
            const auto slurm = experiment::jobs_in_flight(p, cluster::SlurmClient(a->slurm_bin));
            if (!slurm.empty())
                throw Error(std::to_string(slurm.size()) + " stage(s) of this experiment are queued or running as Slurm jobs (" + slurm.front() +
                            (slurm.size() > 1 ? ", …" : "") + "): a local run would run them twice. `empower experiment stop` cancels them; "
                            "`resume --slurm` continues on the cluster");
        }
        auto o = local_run_options();
        const int machine_devices = static_cast<int>(torch::cuda::device_count());
        o.gpus = a->cuda_devices >= 0 ? a->cuda_devices : machine_devices;
        if (o.gpus > machine_devices && !a->json)
            std::printf("note: --cuda-devices %d, but this machine has %d CUDA device%s: the stages see device numbers that may not exist\n",
                        o.gpus, machine_devices, machine_devices == 1 ? "" : "s");
        o.jobs = a->jobs > 0 ? a->jobs : std::max(1, o.gpus);
        if (!a->workspace.empty()) {
            o.workspace = std::filesystem::absolute(a->workspace);
            const auto spec = experiment::ExperimentSpec::load(a->spec);
            o.experiment_name = spec.name;
            o.spec_path = std::filesystem::absolute(a->spec);
            o.spec_json = spec.to_json_text();
        }
        o.on_event = [&](const experiment::StageEvent& e) {
            const std::string device = e.gpu >= 0 ? "  on CUDA device " + std::to_string(e.gpu) : "";
            if (a->json) {
                nlohmann::json line = {{"event", e.event}, {"id", e.id}, {"detail", e.detail}, {"seconds", e.seconds}};
                if (e.gpu >= 0) line["gpu"] = e.gpu;
                std::cout << json_text(line) << std::endl;
            } else {
                std::printf("%-8s %s%s%s%s\n", e.event.c_str(), e.id.c_str(), device.c_str(), e.detail.empty() ? "" : "  ", e.detail.c_str());
                std::fflush(stdout);
            }
        };
        const auto s = experiment::run_experiment(p, o);
        if (a->json)
            std::cout << json_text({{"event", "summary"}, {"reused", s.reused}, {"ran", s.ran}, {"failed", s.failed}, {"skipped", s.skipped},
                                    {"stopped", s.stopped}, {"stages", p.stages.size()}})
                      << std::endl;
        else
            std::printf("%zu stages: %d reused, %d ran, %d failed, %d skipped%s\n", p.stages.size(), s.reused, s.ran, s.failed, s.skipped,
                        s.stopped ? ", stopped (run again to continue)" : "");
        if (!s.complete()) throw Error(s.stopped ? "stopped before every stage was done" : "not every stage succeeded (see above)");
    };
    run->callback(run_callback);
    resume->callback(run_callback);

    struct StageArgs : Args {
        std::string stage;
    };
    auto stage_args = std::make_shared<StageArgs>();
    auto* run_stage = experiment->add_subcommand("run-stage", "Run one stage whose needs are done and record its outcome (each Slurm job runs this)");
    add_common(run_stage, *stage_args);
    run_stage->add_option("--stage", stage_args->stage, "The stage's id, as `plan` lists it")->required();
    run_stage->callback([a = stage_args] {
        const auto p = plan_of(*a);
        const auto& stage = p.at(a->stage);
        for (const auto& need : stage.needs)
            if (experiment::recorded_state(p.at(need)) != experiment::StageState::Done)
                throw Error("stage " + stage.id + " needs " + need + ", which is not done");
        if (experiment::recorded_state(stage) == experiment::StageState::Done) {
            std::printf("reused   %s\n", stage.id.c_str());
            return;
        }
        // Slurm sends SIGTERM at the time limit and on scancel: the stage checkpoints and a resubmission continues it.
        const auto outcome = experiment::run_stage(stage, local_run_options());
        std::printf("%-8s %s%s%s\n", outcome.event.c_str(), stage.id.c_str(), outcome.detail.empty() ? "" : "  ", outcome.detail.c_str());
        if (outcome.event != "done") throw Error("stage " + stage.id + " " + outcome.event + ": " + outcome.detail);
    });
}

}  // namespace ew::cli

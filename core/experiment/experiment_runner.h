// Runs an experiment's stages on this machine — one at a time in plan order by default (a 2-core
// workstation runs one CPU-heavy stage at a time), or up to RunOptions::jobs at once, each as soon
// as its needs are done — each as a child `empower` process with its output in the stage's folder. What it finishes it records in that folder (stage.json, written last and
// atomically), so running the same plan again reuses every finished stage and continues with the
// rest — after a stop, a crash or a reboot. A fine-tune that was stopped resumes from its own
// checkpoint, because its run.json and output folder are the same. A failed stage is recorded
// with its exit status and last error line; stages that need it are skipped; the others still run.
#pragma once
#include "experiment/experiment_plan.h"

#include <atomic>
#include <functional>
#include <map>
#include <optional>

namespace ew::experiment {

enum class StageState { Pending, Done, Failed };

// What the stage's folder says of this very stage (the key must match).
StageState recorded_state(const Stage& stage);

struct StageEvent {
    std::string id;
    std::string event;   // "reused", "started", "done", "failed", "skipped", "stopped"
    std::string detail;  // failed: the exit status and the last line it printed on stderr; skipped: the failed need
    double seconds = 0;  // done, failed: how long it ran
    int gpu = -1;        // started, with RunOptions::gpus: the device it was given (CUDA_VISIBLE_DEVICES), else -1
};

struct RunOptions {
    std::filesystem::path empower_binary;       // absolute path of the `empower` program
    std::function<void(const StageEvent&)> on_event;
    const std::atomic<bool>* stop = nullptr;    // set: the running stages get SIGTERM (they checkpoint) and nothing more starts
    // Stages run at once: each starts as soon as its needs are done. 1 suits a small machine (each
    // stage uses every thread it is given); more suit a workstation with cores to spare.
    int jobs = 1;
    // CUDA devices to share among the stages (0: none). Each running stage is given one device of its
    // own — its child sees only that one (CUDA_VISIBLE_DEVICES) — so at most this many run at once,
    // whatever `jobs` says. When the runner's own CUDA_VISIBLE_DEVICES lists devices, the i-th device
    // is the i-th of that list.
    int gpus = 0;
    // With a workspace, the experiment is recorded there (its spec, by stage root) and every
    // fine-tune and evaluation stage is a run of it (`--workspace W --run-id N`), linked to its
    // stage; a stopped stage resumes as the same run.
    std::filesystem::path workspace;
    std::string experiment_name;
    std::filesystem::path spec_path;
    std::string spec_json;
};

struct RunSummary {
    int reused = 0, ran = 0, failed = 0, skipped = 0;
    bool stopped = false;
    bool complete() const { return failed == 0 && skipped == 0 && !stopped; }
};

// Runs the plan's pending stages. Only one run of a stage root at a time: it holds a lock on
// <root>/runner.lock and names itself and its running stages in <root>/runner.json; a second run
// is refused naming the first one's process.
RunSummary run_experiment(const ExperimentPlan& plan, const RunOptions& options);

// Runs one stage whose needs are done (as a child `empower` process, its config written into its
// folder first) and records the outcome in its folder. Returns "done", "failed" or "stopped"
// (options.stop was set: the stage got SIGTERM and checkpointed; nothing is recorded). This is
// what each Slurm job of an experiment runs (`empower experiment run-stage`).
StageEvent run_stage(const Stage& stage, const RunOptions& options, const std::vector<std::string>& extra_arguments = {});

// The run of this stage root that is going on now (its lock is held), as runner.json names it.
struct LiveRun {
    long pid = 0;
    std::map<std::string, double> stages;  // the stages it is running, each with when it started (unix seconds)
};
std::optional<LiveRun> live_run(const std::filesystem::path& root);

// One stage as its folder records it, or "running" when the live run is on it.
struct StageStatus {
    std::string id;
    std::string state;   // "done", "failed", "pending", "running", "held" (stage_hold.h)
    std::string detail;  // failed: why
    double seconds = 0;  // done, failed: how long it ran; running: so far
};
std::vector<StageStatus> experiment_status(const ExperimentPlan& plan);

// Asks the live run to stop (SIGTERM: its running stage checkpoints, nothing more starts). Returns
// its pid, or 0 when no run is going on.
long stop_experiment(const std::filesystem::path& root);

}  // namespace ew::experiment

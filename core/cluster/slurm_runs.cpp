#include "cluster/slurm_runs.h"

#include "store/run_directory.h"
#include "support/error.h"
#include "support/file_io.h"

#include <nlohmann/json.hpp>

namespace ew::cluster {

namespace fs = std::filesystem;

namespace {

fs::path script_path(const store::RunFiles& files) { return files.dir / "job.sbatch"; }

void submit_script(store::Workspace& workspace, std::int64_t run_id, const fs::path& script, const SlurmClient& slurm) {
    try {
        const std::string job = slurm.submit(script);
        workspace.set_run_external_id(run_id, job);
    } catch (const Error& e) {
        workspace.set_run_status(run_id, "failed", e.what());
        throw;
    }
}

}  // namespace

std::int64_t prepare_slurm_run(store::Workspace& workspace, const fs::path& workspace_path, const SlurmSubmission& s) {
    s.resources.validate();  // before anything is written
    const auto id = store::prepare_run(workspace, workspace_path, s.kind, s.name, s.config_json, s.out_dir, "slurm");
    const auto files = store::run_files(workspace_path, s.name);
    const auto command = store::job_command(s.empower_binary, s.kind, files.config, workspace_path, id);
    write_file_atomic(script_path(files), sbatch_script(s.resources, {"ew-" + s.name, files.dir, files.progress, files.progress_stderr}, command));
    // The resources travel with the run, for the record and for a person reading the folder.
    write_file_atomic(files.dir / "slurm.json", to_json(s.resources).dump(2) + "\n");
    return id;
}

void submit_prepared_slurm_run(store::Workspace& workspace, const fs::path& workspace_path, std::int64_t run_id,
                               const SlurmClient& slurm) {
    const auto run = workspace.run(run_id);
    if (!run || run->target != "slurm") throw Error("run " + std::to_string(run_id) + " is not a Slurm run");
    submit_script(workspace, run_id, script_path(store::run_files(workspace_path, run->name)), slurm);
}

std::int64_t submit_slurm_run(store::Workspace& workspace, const fs::path& workspace_path, const SlurmSubmission& s,
                              const SlurmClient& slurm) {
    const auto id = prepare_slurm_run(workspace, workspace_path, s);
    submit_prepared_slurm_run(workspace, workspace_path, id, slurm);
    return id;
}

void resubmit_slurm_run(store::Workspace& workspace, const fs::path& workspace_path, std::int64_t run_id, const SlurmClient& slurm) {
    const auto run = workspace.run(run_id);
    if (!run || run->target != "slurm") throw Error("run " + std::to_string(run_id) + " is not a Slurm run");
    if (!run->external_id.empty()) {
        const auto status = slurm.status(run->external_id);
        if (!status.finished() && status.phase != SlurmPhase::Unknown)
            throw Error("Slurm job " + run->external_id + " of run \"" + run->name + "\" is still " + to_string(status.phase));
    }
    workspace.set_run_status(run_id, "queued");
    submit_prepared_slurm_run(workspace, workspace_path, run_id, slurm);
}

int follow_slurm_runs(store::Workspace& workspace, const SlurmClient& slurm) {
    int changed = 0;
    for (const auto& run : workspace.runs()) {
        if (run.target != "slurm" || run.external_id.empty()) continue;
        if (!run.active()) continue;
        const SlurmJobStatus s = slurm.status(run.external_id);
        const std::string job = "Slurm job " + run.external_id;
        const std::string detail = s.state + (s.reason.empty() ? "" : " (" + s.reason + ")") +
                                   (s.exit_code.empty() || s.exit_code == "0:0" ? "" : ", exit " + s.exit_code);
        std::string status, error;
        switch (s.phase) {
            case SlurmPhase::Pending:
                // Keep "queued"; say why it waits (Resources, Priority, …) where the job has not started.
                if (run.status == "queued" && run.error != job + " pending: " + s.reason && !s.reason.empty())
                    workspace.set_run_status(run.id, "queued", job + " pending: " + s.reason);
                continue;
            case SlurmPhase::Running:
                continue;  // the job reports its own progress; a run it has not reached yet stays queued
            case SlurmPhase::Completed:
                // The job ended well; it marks itself finished or stopped. If it could not (the
                // workspace is not shared), Slurm's word settles it.
                status = run.status == "stopping" ? "stopped" : "finished";
                break;
            case SlurmPhase::Cancelled:
                status = "stopped";
                error = job + " " + detail;
                break;
            case SlurmPhase::Failed:
                status = "failed";
                error = job + " " + detail + "; see progress.jsonl.stderr in the run folder";
                break;
            case SlurmPhase::Unknown:
                status = "failed";
                error = s.reason + "; its last output is in the run folder";
                break;
        }
        // Re-read: the job may have written its own final status since the list was taken.
        const auto now = workspace.run(run.id);
        if (!now || !now->active()) continue;
        workspace.set_run_status(run.id, status, error);
        ++changed;
    }
    return changed;
}

void cancel_slurm_run(store::Workspace& workspace, std::int64_t run_id, const SlurmClient& slurm) {
    const auto run = workspace.run(run_id);
    if (!run || run->target != "slurm" || run->external_id.empty()) throw Error("run " + std::to_string(run_id) + " is not a submitted Slurm run");
    if (run->status != "queued" && run->status != "running")
        throw Error("run \"" + run->name + "\" is " + run->status + ", not queued or running: nothing to cancel");
    // scancel sends SIGTERM to the job step first (KillWait later SIGKILL): `empower train` checkpoints on it.
    workspace.set_run_status(run_id, "stopping");
    try {
        slurm.cancel(run->external_id);
    } catch (const Error&) {
        workspace.set_run_status(run_id, run->status, run->error);
        throw;
    }
}

}  // namespace ew::cluster

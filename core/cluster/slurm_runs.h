// Workbench runs executed as Slurm batch jobs: submitted like a local job (same run folder, same
// `empower train|eval` command, same workspace row with target "slurm" and the job id) and followed
// through Slurm, which is the only witness when a job dies before it can report (cancelled,
// out of time or memory, node failure, a bad partition).
//
// The job writes metrics and its status into the workspace itself, as a local job does; that needs
// the workspace folder on a filesystem the compute node shares (home or project directories on a
// cluster). Where it is not shared, follow_slurm_runs still settles every run's final status from
// Slurm, and progress is read from the run folder's output files once they are copied back.
#pragma once
#include "cluster/slurm_client.h"
#include "cluster/slurm_job_spec.h"
#include "store/workspace.h"

#include <filesystem>
#include <string>

namespace ew::cluster {

struct SlurmSubmission {
    std::string kind;  // "train" or "eval"
    std::string name;  // the run's name and folder
    std::string config_json;
    std::string out_dir;
    std::filesystem::path empower_binary;  // as the compute node sees it
    SlurmResources resources;
};

// Writes run.json, job.sbatch and slurm.json and records the run (queued, no job id yet): quick,
// no Slurm command involved. Returns the run id.
std::int64_t prepare_slurm_run(store::Workspace& workspace, const std::filesystem::path& workspace_path,
                               const SlurmSubmission& submission);
// sbatch of a prepared run's script; stores the job id. A refused submission marks the run failed
// with sbatch's message and rethrows it.
void submit_prepared_slurm_run(store::Workspace& workspace, const std::filesystem::path& workspace_path, std::int64_t run_id,
                               const SlurmClient& slurm);
// Both of the above. Returns the run id.
std::int64_t submit_slurm_run(store::Workspace& workspace, const std::filesystem::path& workspace_path,
                              const SlurmSubmission& submission, const SlurmClient& slurm);

// Submits the run's script again (same run id and config): the job continues from its checkpoint.
void resubmit_slurm_run(store::Workspace& workspace, const std::filesystem::path& workspace_path, std::int64_t run_id,
                        const SlurmClient& slurm);

// For every Slurm run the workspace still calls queued/running/stopping: asks Slurm and settles
// what the job could not report itself. Returns how many runs changed status.
int follow_slurm_runs(store::Workspace& workspace, const SlurmClient& slurm);

void cancel_slurm_run(store::Workspace& workspace, std::int64_t run_id, const SlurmClient& slurm);

}  // namespace ew::cluster

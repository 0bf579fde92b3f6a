// An experiment on a Slurm cluster: every stage that is not done becomes one sbatch job running
// `empower experiment run-stage` for it, chained to its parents' jobs with
// `--dependency=afterok:<ids>` (and `--kill-on-invalid-dep=yes`, so the descendants of a failed
// stage are cancelled instead of waiting forever). The cluster then runs the DAG itself: stages
// with no path between them run side by side, and nothing waits on this machine.
//
// The job ids are kept in <root>/slurm-jobs.json by stage id with the stage's key, so submitting
// again (after an edit, or after a failure) submits only the stages that are neither done nor
// queued or running in Slurm; `status` asks Slurm about the stages that have not recorded an
// outcome yet, and `stop` cancels their jobs. Each stage still records its own outcome in its
// folder (stage.json), so finished stages are reused by a later local run and the other way round.
#pragma once
#include "cluster/slurm_client.h"
#include "cluster/slurm_job_spec.h"
#include "experiment/experiment_runner.h"

#include <map>

namespace ew::experiment {

struct SlurmStageJob {
    std::string key;     // the stage's key when it was submitted: a job of an older version of the stage is not its job
    std::string job_id;
};

// <root>/slurm-jobs.json (empty when none). Throws ew::Error naming the file when it is damaged.
std::map<std::string, SlurmStageJob> submitted_jobs(const std::filesystem::path& root);

struct SlurmSubmitOptions {
    std::filesystem::path empower_binary;  // as the compute nodes see it
    std::filesystem::path spec_path;       // absolute; read again by each job
    cluster::SlurmResources resources;     // for every stage's job
    std::function<void(const StageEvent&)> on_event;  // "reused", "submitted" (detail: the job id), "queued" (already in Slurm), "skipped"
};

struct SlurmSubmitSummary {
    int reused = 0, submitted = 0, queued = 0, skipped = 0;
};

// Submits the plan's stages as described above; the folders, configs and job scripts
// (<stage dir>/job.sbatch) are written first. Throws ew::Error with sbatch's message when Slurm
// refuses a job (the jobs submitted before it stay recorded).
SlurmSubmitSummary submit_experiment(const ExperimentPlan& plan, const cluster::SlurmClient& client, const SlurmSubmitOptions& options);

// experiment_status, with Slurm's word for stages whose job has not recorded an outcome:
// "queued" (detail: Slurm's reason), "running", or "failed" (cancelled or failed in Slurm).
std::vector<StageStatus> slurm_experiment_status(const ExperimentPlan& plan, const cluster::SlurmClient& client);

// The jobs, queued or running in Slurm, of stages that have not recorded an outcome: a local run
// beside them would run the same stages twice, into the same folders.
std::vector<std::string> jobs_in_flight(const ExperimentPlan& plan, const cluster::SlurmClient& client);

// Cancels the stage's job when it is queued or running; returns whether there was one. (Its
// descendants' jobs end with it: they were submitted with --kill-on-invalid-dep.)
bool cancel_stage_job(const ExperimentPlan& plan, const Stage& stage, const cluster::SlurmClient& client);

// Cancels jobs_in_flight; returns how many.
int cancel_experiment_jobs(const ExperimentPlan& plan, const cluster::SlurmClient& client);

}  // namespace ew::experiment

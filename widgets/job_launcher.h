// Launches `empower train|eval` jobs recorded in the workspace, so a job keeps running when the GUI
// closes and the GUI re-attaches by reading the workspace on reopen. Two targets:
//  - this machine: a detached child process (core/jobs/local_jobs.h); Stop is SIGTERM (the job
//    checkpoints, then exits), sent only when host, boot, PID and start time all match;
//  - Slurm: an sbatch job (core/cluster); Stop is scancel, liveness is Slurm's word. Every Slurm
//    command runs off the UI thread; its outcome lands in the run's row, which the panels poll.
#pragma once
#include "cluster/slurm_job_spec.h"
#include "train/fine_tune_config.h"

#include <QFuture>

#include <QString>
#include <cstdint>
#include <functional>
#include <optional>

namespace ew::store {
class Workspace;
struct RunRecord;
}

namespace ew::widgets {

// "this machine" or "Slurm job 1234", for the runs tables.
QString runLocation(const store::RunRecord& run);

class JobLauncher {
public:
    explicit JobLauncher(QString workspacePath);

    const QString& workspacePath() const { return workspace_; }
    QString runsDir() const;                      // <workspace dir>/runs
    QString runDir(const QString& name) const;    // <workspace dir>/runs/<name>
    static QString empowerBinary();        // $EW_EMPOWER, else next to the GUI executable
    // The exact command line; for Slurm, the sbatch call that will run it.
    QString commandPreview(const train::FineTuneConfig& config, const std::optional<cluster::SlurmResources>& slurm = std::nullopt) const;

    // Writes runs/<name>/run.json, creates the run row, starts the detached child.
    // Returns the run id, or nullopt with *error set.
    // With `slurm` set, the job is submitted to Slurm instead (the submission itself runs off the UI
    // thread; a refusal marks the run failed with sbatch's message).
    std::optional<std::int64_t> launch(train::FineTuneConfig config, QString* error,
                                       const std::optional<cluster::SlurmResources>& slurm = std::nullopt);
    // Any job kind ("train", "eval"): `empower <kind> --config <runs/name/run.json> --workspace ... --run-id N`.
    std::optional<std::int64_t> launchJob(const QString& kind, const QString& name, const std::string& configJson,
                                          const std::string& outDir, QString* error,
                                          const std::optional<cluster::SlurmResources>& slurm = std::nullopt);
    bool resume(std::int64_t runId, QString* error);  // same run id, same config: continues from its checkpoint
    bool stop(std::int64_t runId, QString* error);    // SIGTERM, or scancel for a Slurm run
    // Asks Slurm about the workspace's Slurm runs in the background (at most every few seconds) and
    // settles those that ended without reporting. Panels call it when they poll.
    void followSlurmRuns();
    // Runs recorded as running/stopping whose process is gone (killed, machine restarted) are
    // marked failed with a hint; both panels call this when they poll the workspace.
    static void markVanishedRuns(store::Workspace& workspace);

private:
    void inBackground(std::int64_t runId, std::function<void(store::Workspace&)> work);
    // `empower <kind> --config ... --run-id N` detached, its stdout/stderr appended to the run folder's files.
    bool start(const store::RunRecord& run, QString* error);
    QString workspace_;
    QFuture<void> following_;
    qint64 lastFollow_ = 0;
};

}  // namespace ew::widgets

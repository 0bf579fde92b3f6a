// Launches `empower train` jobs as detached child processes recorded in the workspace, so a job
// keeps running when the GUI closes and the GUI re-attaches by reading the workspace on reopen.
// Stop is SIGTERM (the job checkpoints, then exits); liveness is checked by pid.
#pragma once
#include "train/fine_tune_config.h"

#include <QString>
#include <QStringList>
#include <cstdint>
#include <optional>

namespace ew::store {
class Workspace;
}

namespace ew::widgets {

class JobLauncher {
public:
    explicit JobLauncher(QString workspacePath);

    const QString& workspacePath() const { return workspace_; }
    QString runsDir() const;               // <workspace dir>/runs
    static QString empowerBinary();        // $EW_EMPOWER, else next to the GUI executable
    QStringList jobArguments(const QString& kind, const QString& configPath, std::int64_t runId) const;
    QString commandPreview(const train::FineTuneConfig& config) const;  // the exact command line

    // Writes runs/<name>/run.json, creates the run row, starts the detached child.
    // Returns the run id, or nullopt with *error set.
    std::optional<std::int64_t> launch(train::FineTuneConfig config, QString* error);
    // Any job kind ("train", "eval"): `empower <kind> --config <runs/name/run.json> --workspace ... --run-id N`.
    std::optional<std::int64_t> launchJob(const QString& kind, const QString& name, const std::string& configJson,
                                          const std::string& outDir, QString* error);
    bool resume(std::int64_t runId, QString* error);  // same run id, same config: continues from its checkpoint
    bool stop(std::int64_t runId, QString* error);    // SIGTERM
    static bool processAlive(std::int64_t pid);
    // Runs recorded as running/stopping whose process is gone (killed, machine restarted) are
    // marked failed with a hint; both panels call this when they poll the workspace.
    static void markVanishedRuns(store::Workspace& workspace);

private:
    bool start(const QString& kind, const QString& configPath, std::int64_t runId, const QString& logPath, QString* error);
    QString workspace_;
};

}  // namespace ew::widgets

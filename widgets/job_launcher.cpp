#include "job_launcher.h"

#include "cluster/slurm_runs.h"
#include "jobs/local_jobs.h"
#include "store/run_directory.h"
#include "store/workspace.h"
#include "support/command_runner.h"

#include <QDateTime>
#include <QtConcurrent>

#include <QCoreApplication>

namespace ew::widgets {

QString runLocation(const store::RunRecord& run) {
    if (run.target != "slurm") return QObject::tr("this machine");
    return run.external_id.empty() ? QObject::tr("Slurm (submitting)") : QObject::tr("Slurm job %1").arg(QString::fromStdString(run.external_id));
}

JobLauncher::JobLauncher(QString workspacePath) : workspace_(std::move(workspacePath)) {}

QString JobLauncher::runsDir() const { return QString::fromStdString(store::runs_dir_of(workspace_.toStdString()).string()); }

QString JobLauncher::runDir(const QString& name) const {
    return QString::fromStdString(store::run_files(workspace_.toStdString(), name.toStdString()).dir.string());
}

QString JobLauncher::empowerBinary() {
    // $EW_EMPOWER overrides (tests, custom installs); otherwise the CLI installed beside the GUI.
    const QString override = qEnvironmentVariable("EW_EMPOWER");
    return override.isEmpty() ? QCoreApplication::applicationDirPath() + "/empower" : override;
}

QString JobLauncher::commandPreview(const train::FineTuneConfig& config, const std::optional<cluster::SlurmResources>& slurm) const {
    const auto files = store::run_files(workspace_.toStdString(), config.run_name);
    const auto command = store::job_command(empowerBinary().toStdString(), "train", files.config, workspace_.toStdString(), 0);
    const QString line = QString::fromStdString(shell_command_line(command));
    if (!slurm) return line;
    return QString::fromStdString("sbatch " + shell_quote((files.dir / "job.sbatch").string())) + "\n  # runs: " + line;
}

bool JobLauncher::start(const store::RunRecord& run, QString* error) {
    try {
        store::Workspace ws(workspace_.toStdString());
        jobs::start_local_run(ws, workspace_.toStdString(), run, empowerBinary().toStdString());
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QObject::tr("Cannot start %1: %2").arg(empowerBinary(), QString::fromStdString(e.what()));
        return false;
    }
}

std::optional<std::int64_t> JobLauncher::launch(train::FineTuneConfig config, QString* error,
                                                const std::optional<cluster::SlurmResources>& slurm) {
    const QString name = QString::fromStdString(config.run_name);
    if (config.out_dir.empty()) config.out_dir = (runDir(name) + "/model").toStdString();
    return launchJob("train", name, config.to_json_text(), config.out_dir.string(), error, slurm);
}

std::optional<std::int64_t> JobLauncher::launchJob(const QString& kind, const QString& name, const std::string& configJson,
                                                   const std::string& outDir, QString* error,
                                                   const std::optional<cluster::SlurmResources>& slurm) {
    try {
        store::Workspace ws(workspace_.toStdString());
        if (slurm) {
            cluster::SlurmSubmission s{kind.toStdString(), name.toStdString(), configJson, outDir, empowerBinary().toStdString(), *slurm};
            const auto id = cluster::prepare_slurm_run(ws, workspace_.toStdString(), s);
            inBackground(id, [path = workspace_.toStdString(), id](store::Workspace& w) {
                cluster::submit_prepared_slurm_run(w, path, id, cluster::SlurmClient());
            });
            return id;
        }
        const auto id = store::prepare_run(ws, workspace_.toStdString(), kind.toStdString(), name.toStdString(), configJson, outDir, "local");
        if (!start(*ws.run(id), error)) {
            ws.set_run_status(id, "failed", error ? error->toStdString() : "could not start");
            return std::nullopt;
        }
        return id;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
}

void JobLauncher::inBackground(std::int64_t runId, std::function<void(store::Workspace&)> work) {
    // Its own connection on the worker thread; failures are written into the run's row, where the
    // panels (polling) show them. Captures only values: the panel may close before it ends.
    const std::string path = workspace_.toStdString();
    (void)QtConcurrent::run([path, runId, work = std::move(work)] {
        try {
            store::Workspace ws(path);
            try {
                work(ws);
            } catch (const std::exception& e) {
                // The status stays what the failed step left (a refused cancel restores it itself).
                const auto run = ws.run(runId);
                ws.set_run_status(runId, run ? run->status : "failed", e.what());
            }
        } catch (const std::exception&) {
            // The workspace itself became unusable; the panels report that on their next poll.
        }
    });
}

void JobLauncher::followSlurmRuns() {
    const qint64 now = QDateTime::currentMSecsSinceEpoch();
    if (following_.isRunning() || now - lastFollow_ < 3000) return;
    lastFollow_ = now;
    const std::string path = workspace_.toStdString();
    following_ = QtConcurrent::run([path] {
        try {
            store::Workspace ws(path);
            cluster::follow_slurm_runs(ws, cluster::SlurmClient());  // asks Slurm only about active Slurm runs
        } catch (const std::exception&) {
            // Slurm unreachable for now: runs keep their last known state; the next poll asks again.
        }
    });
}

bool JobLauncher::resume(std::int64_t runId, QString* error) {
    try {
        store::Workspace ws(workspace_.toStdString());
        auto run = ws.run(runId);
        if (!run) {
            if (error) *error = QObject::tr("No run %1").arg(runId);
            return false;
        }
        if (run->target == "slurm") {
            inBackground(runId, [path = workspace_.toStdString(), runId](store::Workspace& w) {
                cluster::resubmit_slurm_run(w, path, runId, cluster::SlurmClient());
            });
            return true;
        }
        jobs::resume_local_run(ws, workspace_.toStdString(), runId, empowerBinary().toStdString());
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

bool JobLauncher::stop(std::int64_t runId, QString* error) {
    try {
        store::Workspace ws(workspace_.toStdString());
        auto run = ws.run(runId);
        if (run && run->target == "slurm") {
            if (run->status != "queued" && run->status != "running") {  // as cancel_slurm_run requires
                if (error) *error = QObject::tr("The run is not running");
                return false;
            }
            inBackground(runId, [runId](store::Workspace& w) { cluster::cancel_slurm_run(w, runId, cluster::SlurmClient()); });
            return true;
        }
        jobs::stop_local_run(ws, runId);  // refuses, signalling nothing, unless the process is provably ours
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

void JobLauncher::markVanishedRuns(store::Workspace& ws) { jobs::mark_vanished_local_runs(ws); }

}  // namespace ew::widgets

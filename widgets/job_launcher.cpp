#include "job_launcher.h"

#include "store/workspace.h"

#include <QCoreApplication>
#include <QDir>
#include <QFileInfo>
#include <QProcess>
#include <csignal>
#include <sys/types.h>

namespace ew::widgets {

JobLauncher::JobLauncher(QString workspacePath) : workspace_(std::move(workspacePath)) {}

QString JobLauncher::runsDir() const { return QFileInfo(workspace_).absolutePath() + "/runs"; }

QString JobLauncher::empowerBinary() {
    // $EW_EMPOWER overrides (tests, custom installs); otherwise the CLI installed beside the GUI.
    const QString override = qEnvironmentVariable("EW_EMPOWER");
    return override.isEmpty() ? QCoreApplication::applicationDirPath() + "/empower" : override;
}

QStringList JobLauncher::jobArguments(const QString& kind, const QString& configPath, std::int64_t runId) const {
    QStringList args{kind, "--config", configPath, "--workspace", workspace_};
    if (runId) args << "--run-id" << QString::number(runId);
    return args;
}

QString JobLauncher::commandPreview(const train::FineTuneConfig& config) const {
    const QString configPath = runsDir() + "/" + QString::fromStdString(config.run_name) + "/run.json";
    QStringList parts{empowerBinary()};
    for (const auto& a : jobArguments("train", configPath, 0)) parts << (a.contains(' ') ? "'" + a + "'" : a);
    return parts.join(' ');
}

bool JobLauncher::start(const QString& kind, const QString& configPath, std::int64_t runId, const QString& logPath, QString* error) {
    QProcess process;
    process.setProgram(empowerBinary());
    process.setArguments(jobArguments(kind, configPath, runId));
    process.setStandardOutputFile(logPath, QIODevice::Append);  // JSON lines, kept with the run
    process.setStandardErrorFile(logPath + ".stderr", QIODevice::Append);
    process.setWorkingDirectory(QFileInfo(configPath).absolutePath());
    qint64 pid = 0;
    // Detached: the job is not a child of the GUI's lifetime.
    if (!process.startDetached(&pid)) {
        if (error) *error = QObject::tr("Cannot start %1: %2").arg(empowerBinary(), process.errorString());
        return false;
    }
    store::Workspace(workspace_.toStdString()).set_run_pid(runId, pid);
    return true;
}

std::optional<std::int64_t> JobLauncher::launch(train::FineTuneConfig config, QString* error) {
    const QString name = QString::fromStdString(config.run_name);
    if (config.out_dir.empty()) config.out_dir = (runsDir() + "/" + name + "/model").toStdString();
    return launchJob("train", name, config.to_json_text(), config.out_dir.string(), error);
}

std::optional<std::int64_t> JobLauncher::launchJob(const QString& kind, const QString& name, const std::string& configJson,
                                                   const std::string& outDir, QString* error) {
    try {
        const QString dir = runsDir() + "/" + name;
        if (QFileInfo::exists(dir + "/run.json")) {
            if (error) *error = QObject::tr("A run named \"%1\" already exists; choose another name.").arg(name);
            return std::nullopt;
        }
        QDir().mkpath(dir);
        const QString configPath = dir + "/run.json";
        QFile f(configPath);
        if (!f.open(QIODevice::WriteOnly) || f.write(QByteArray::fromStdString(configJson)) < 0) {
            if (error) *error = QObject::tr("Cannot write %1").arg(configPath);
            return std::nullopt;
        }
        f.close();
        store::Workspace ws(workspace_.toStdString());
        const auto id = ws.create_run(name.toStdString(), kind.toStdString(), configJson, outDir);
        if (!start(kind, configPath, id, dir + "/progress.jsonl", error)) {
            ws.set_run_status(id, "failed", error ? error->toStdString() : "could not start");
            return std::nullopt;
        }
        return id;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return std::nullopt;
    }
}

bool JobLauncher::resume(std::int64_t runId, QString* error) {
    try {
        store::Workspace ws(workspace_.toStdString());
        auto run = ws.run(runId);
        if (!run) {
            if (error) *error = QObject::tr("No run %1").arg(runId);
            return false;
        }
        if (run->pid && processAlive(run->pid) && run->status == "running") {
            if (error) *error = QObject::tr("Run \"%1\" is still running").arg(QString::fromStdString(run->name));
            return false;
        }
        const QString dir = runsDir() + "/" + QString::fromStdString(run->name);
        ws.set_run_status(runId, "queued");
        return start(QString::fromStdString(run->kind), dir + "/run.json", runId, dir + "/progress.jsonl", error);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

bool JobLauncher::stop(std::int64_t runId, QString* error) {
    try {
        store::Workspace ws(workspace_.toStdString());
        auto run = ws.run(runId);
        if (!run || !run->pid || !processAlive(run->pid)) {
            if (error) *error = QObject::tr("The run is not running");
            return false;
        }
        ws.set_run_status(runId, "stopping");
        ::kill(static_cast<pid_t>(run->pid), SIGTERM);
        return true;
    } catch (const std::exception& e) {
        if (error) *error = QString::fromStdString(e.what());
        return false;
    }
}

bool JobLauncher::processAlive(std::int64_t pid) {
    if (pid <= 0) return false;
    if (::kill(static_cast<pid_t>(pid), 0) != 0) return false;
    // A zombie (exited, not yet reaped) is not alive.
    QFile stat(QString("/proc/%1/stat").arg(pid));
    if (stat.open(QIODevice::ReadOnly)) {
        const QByteArray s = stat.readAll();
        const int close = s.lastIndexOf(')');
        if (close > 0 && close + 2 < s.size() && s.at(close + 2) == 'Z') return false;
    }
    return true;
}

}  // namespace ew::widgets

namespace ew::widgets {

void JobLauncher::markVanishedRuns(store::Workspace& ws) {
    for (const auto& r : ws.runs())
        if ((r.status == "running" || r.status == "stopping") && r.pid && !processAlive(r.pid))
            ws.set_run_status(r.id, "failed", "the " + r.kind + " process ended without reporting (killed?); Resume continues from its last checkpoint");
}

}  // namespace ew::widgets

#include "jobs/local_jobs.h"

#include "store/run_directory.h"
#include "support/error.h"

#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>

extern char** environ;

namespace ew::jobs {

namespace fs = std::filesystem;

ProcessIdentity recorded_identity(const store::RunRecord& run) {
    return ProcessIdentity{run.pid, run.host, run.boot_id, static_cast<std::uint64_t>(run.start_ticks)};
}

void record_process(store::Workspace& workspace, std::int64_t run_id, const ProcessIdentity& identity) {
    workspace.set_run_process(run_id, identity.pid, identity.hostname, identity.boot_id, static_cast<std::int64_t>(identity.start_ticks));
}

void record_this_process(store::Workspace& workspace, std::int64_t run_id) { record_process(workspace, run_id, this_process()); }

ProcessIdentity start_detached(const std::vector<std::string>& argv, const fs::path& working_dir, const fs::path& stdout_file,
                               const fs::path& stderr_file) {
    if (argv.empty()) throw Error("nothing to start");
    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
    posix_spawn_file_actions_addopen(&actions, 1, stdout_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addopen(&actions, 2, stderr_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    posix_spawn_file_actions_addchdir_np(&actions, working_dir.c_str());
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigfillset(&defaults);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    // Its own session: closing the terminal or the GUI sends it no SIGHUP.
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSID | POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF);
    std::vector<std::string> args = argv;
    std::vector<char*> cargs;
    for (auto& a : args) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    pid_t pid = -1;
    const int error = ::posix_spawn(&pid, cargs[0], &actions, &attributes, cargs.data(), environ);
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (error != 0) throw Error("cannot start " + argv[0] + ": " + std::strerror(error));
    auto identity = identity_of(pid);
    // Reap it when it ends, so it never lingers as a zombie of a long-lived GUI; if we exit first,
    // it is reparented and keeps running.
    std::thread([pid] {
        while (::waitpid(pid, nullptr, 0) < 0 && errno == EINTR) {
        }
    }).detach();
    return identity ? *identity : ProcessIdentity{pid, current_hostname(), current_boot_id(), 0};
}

void start_local_run(store::Workspace& workspace, const fs::path& workspace_path, const store::RunRecord& run,
                     const fs::path& empower_binary) {
    const auto files = store::run_files(workspace_path, run.name);
    const auto command = store::job_command(empower_binary, run.kind, files.config, workspace_path, run.id);
    record_process(workspace, run.id, start_detached(command, files.dir, files.progress, files.progress_stderr));
}

bool local_run_alive(const store::RunRecord& run) {
    return run.target == "local" && state_of(recorded_identity(run)) == ProcessState::Running;
}

void stop_local_run(store::Workspace& workspace, std::int64_t run_id) {
    const auto run = workspace.run(run_id);
    if (!run) throw Error("no run " + std::to_string(run_id));
    if (run->target != "local") throw Error("run \"" + run->name + "\" is a " + run->target + " job, not a process of this machine");
    const auto recorded = recorded_identity(*run);
    switch (state_of(recorded)) {
        case ProcessState::Running: break;
        case ProcessState::OtherMachine:
            throw Error("run \"" + run->name + "\" was started on " + recorded.hostname +
                        (recorded.hostname == current_hostname() ? " before this machine restarted" : "") +
                        "; stop it there (nothing was signalled here)");
        case ProcessState::Gone:
        case ProcessState::Unknown:
            throw Error("run \"" + run->name + "\" is not running (its process " + std::to_string(recorded.pid) +
                        " is gone or now belongs to another program; nothing was signalled)");
    }
    workspace.set_run_status(run_id, "stopping");
    if (::kill(static_cast<pid_t>(recorded.pid), SIGTERM) != 0)
        throw Error("cannot signal run \"" + run->name + "\" (process " + std::to_string(recorded.pid) + "): " + std::strerror(errno));
}

void resume_local_run(store::Workspace& workspace, const fs::path& workspace_path, std::int64_t run_id, const fs::path& empower_binary) {
    const auto run = workspace.run(run_id);
    if (!run) throw Error("no run " + std::to_string(run_id));
    // A job that already reported stopped/failed/finished may still be exiting (libtorch's
    // teardown); its checkpoint is written, so only an active one blocks a resume.
    if (local_run_alive(*run) && run->active()) throw Error("run \"" + run->name + "\" is still running");
    if (state_of(recorded_identity(*run)) == ProcessState::OtherMachine && run->active())
        throw Error("run \"" + run->name + "\" may still run on " + run->host + "; resume it there");
    workspace.set_run_status(run_id, "queued");
    start_local_run(workspace, workspace_path, *run, empower_binary);
}

int mark_vanished_local_runs(store::Workspace& workspace) {
    int marked = 0;
    for (const auto& r : workspace.runs()) {
        if (r.target != "local" || (r.status != "running" && r.status != "stopping")) continue;
        if (state_of(recorded_identity(r)) != ProcessState::Gone) continue;
        workspace.set_run_status(r.id, "failed",
                                 "the " + r.kind + " process ended without reporting (killed?); Resume continues from its last checkpoint");
        ++marked;
    }
    return marked;
}

}  // namespace ew::jobs

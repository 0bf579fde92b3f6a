// The lifecycle of jobs that run on this machine (`empower train|eval` child processes): start
// detached, record who they are, decide whether they still run, stop them, resume them. The CLI
// and the GUI both use this; Slurm jobs live in core/cluster.
//
// A job keeps running when the program that started it exits (new session, output appended to
// its run folder). Identity is host + boot + PID + start time (process_identity.h), recorded by the
// launcher right after the start and again by the job itself; a run is signalled or declared
// vanished only when that identity says so.
#pragma once
#include "jobs/process_identity.h"
#include "store/workspace.h"

#include <filesystem>
#include <string>
#include <vector>

namespace ew::jobs {

// The identity recorded in a run's row.
ProcessIdentity recorded_identity(const store::RunRecord& run);
void record_process(store::Workspace& workspace, std::int64_t run_id, const ProcessIdentity& identity);
// What a job calls when it starts: its own identity into its row.
void record_this_process(store::Workspace& workspace, std::int64_t run_id);

// Starts argv[0] (absolute path) detached in `working_dir`: stdin /dev/null, stdout and stderr
// appended to the two files, its own session. Throws ew::Error when it cannot start.
ProcessIdentity start_detached(const std::vector<std::string>& argv, const std::filesystem::path& working_dir,
                               const std::filesystem::path& stdout_file, const std::filesystem::path& stderr_file);

// Starts the run's job (`empower <kind> --config runs/<name>/run.json --workspace WS --run-id N`)
// and records it; the row's status stays what the job makes it.
void start_local_run(store::Workspace& workspace, const std::filesystem::path& workspace_path, const store::RunRecord& run,
                     const std::filesystem::path& empower_binary);

// Whether the run's recorded process is ours and alive.
bool local_run_alive(const store::RunRecord& run);

// SIGTERM to the run's process (the job checkpoints and exits), status "stopping". Throws
// ew::Error, signalling nothing, when the run is not running, was started on another machine, or
// its PID now belongs to another process.
void stop_local_run(store::Workspace& workspace, std::int64_t run_id);

// Same run id and config: continues from its checkpoint. Throws ew::Error when it is still
// active (queued/running/stopping with its process alive, or active on another machine).
void resume_local_run(store::Workspace& workspace, const std::filesystem::path& workspace_path, std::int64_t run_id,
                      const std::filesystem::path& empower_binary);

// Local runs recorded as running/stopping whose process is gone from this machine (killed, PID
// reused after a restart) are marked failed with a hint. Runs of another machine are left alone.
// Returns how many were marked.
int mark_vanished_local_runs(store::Workspace& workspace);

}  // namespace ew::jobs

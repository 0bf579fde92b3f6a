// A run's folder and its row: <workspace dir>/runs/<name>/run.json (the job's config, the only input
// the job reads), progress.jsonl (its JSON-lines stdout) and progress.jsonl.stderr. Local and Slurm
// jobs are laid out the same way, so following, resuming and charts do not care where a job ran.
#pragma once
#include "store/workspace.h"

#include <filesystem>
#include <string>
#include <vector>

namespace ew::store {

struct RunFiles {
    std::filesystem::path dir, config, progress, progress_stderr;
};

std::filesystem::path runs_dir_of(const std::filesystem::path& workspace_path);
RunFiles run_files(const std::filesystem::path& workspace_path, const std::string& run_name);

// Refuses a name that is empty, not a plain folder name, or already used; writes run.json and
// creates the run row (status "queued") for `target`. Returns the run id.
std::int64_t prepare_run(Workspace& workspace, const std::filesystem::path& workspace_path, const std::string& kind,
                         const std::string& name, const std::string& config_json, const std::string& out_dir,
                         const std::string& target);

// `empower <kind> --config <run.json> --workspace <ws> --run-id N`: what every job runs.
std::vector<std::string> job_command(const std::filesystem::path& empower_binary, const std::string& kind,
                                     const std::filesystem::path& config, const std::filesystem::path& workspace_path,
                                     std::int64_t run_id);

}  // namespace ew::store

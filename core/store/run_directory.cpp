#include "store/run_directory.h"

#include "support/error.h"
#include "support/file_io.h"

namespace ew::store {

namespace fs = std::filesystem;

fs::path runs_dir_of(const fs::path& workspace_path) { return fs::absolute(workspace_path).parent_path() / "runs"; }

RunFiles run_files(const fs::path& workspace_path, const std::string& run_name) {
    RunFiles f;
    f.dir = runs_dir_of(workspace_path) / run_name;
    f.config = f.dir / "run.json";
    f.progress = f.dir / "progress.jsonl";
    f.progress_stderr = f.dir / "progress.jsonl.stderr";
    return f;
}

std::int64_t prepare_run(Workspace& workspace, const fs::path& workspace_path, const std::string& kind, const std::string& name,
                         const std::string& config_json, const std::string& out_dir, const std::string& target) {
    if (name.empty() || name == "." || name == ".." || name.find_first_of("/\\\n\r") != std::string::npos)
        throw Error("\"" + name + "\" cannot be a run name (it becomes a folder name: no slashes or line breaks)");
    const RunFiles files = run_files(workspace_path, name);
    if (fs::exists(files.config)) throw Error("a run named \"" + name + "\" already exists; choose another name");
    fs::create_directories(files.dir);
    write_file_atomic(files.config, config_json);
    return workspace.create_run(name, kind, config_json, out_dir, target);
}

std::vector<std::string> job_command(const fs::path& empower_binary, const std::string& kind, const fs::path& config,
                                     const fs::path& workspace_path, std::int64_t run_id) {
    std::vector<std::string> argv{empower_binary.string(), kind, "--config", config.string(), "--workspace",
                                  fs::absolute(workspace_path).string()};
    if (run_id) {
        argv.push_back("--run-id");
        argv.push_back(std::to_string(run_id));
    }
    return argv;
}

}  // namespace ew::store

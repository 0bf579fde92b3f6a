// Runs a trusted helper program (sbatch, squeue, …) and captures what it prints. Not for untrusted
// code: that goes through sandbox::run, which adds isolation and limits.
#pragma once
#include <string>
#include <vector>

namespace ew {

struct CommandResult {
    int exit_code = -1;  // -1 when it could not be started or was killed (see `error`)
    std::string stdout_text;
    std::string stderr_text;
    std::string error;   // why it did not run to an exit code: not found, timed out, signal
    bool ok() const { return exit_code == 0; }
};

// argv[0] is looked up in PATH. The child inherits the environment (SLURM_CONF and the like) and
// is killed after `timeout_seconds`, so a hung controller cannot hang the caller.
CommandResult run_command(const std::vector<std::string>& argv, double timeout_seconds = 30.0);

// `argv` as one line a person can paste into a shell (single-quoted where needed).
std::string shell_quote(const std::string& word);
std::string shell_command_line(const std::vector<std::string>& argv);

}  // namespace ew

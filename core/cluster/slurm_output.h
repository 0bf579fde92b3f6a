// What the Slurm commands print, read into a job's status: pure functions on the text, apart from
// running the commands (slurm_client), so they can be tested and fuzzed on any output at all.
#pragma once
#include "cluster/slurm_client.h"

#include <optional>
#include <string>

namespace ew::cluster {

// `sbatch --parsable`: "jobid" or "jobid;cluster" on the first line; nullopt when that is no job id.
std::optional<std::string> job_id_from_sbatch(const std::string& stdout_text);
// `squeue -h -o %T|%r`: "STATE|REASON"; nullopt for empty output (the job is not queued).
std::optional<SlurmJobStatus> status_from_squeue(const std::string& stdout_text);
// `scontrol show job -o`: one line of KEY=VALUE fields; nullopt when it names no JobState.
std::optional<SlurmJobStatus> status_from_scontrol(const std::string& stdout_text);
// `sacct -X -n -P -o State,ExitCode,Reason`: "STATE|EXIT|REASON"; nullopt for empty output.
std::optional<SlurmJobStatus> status_from_sacct(const std::string& stdout_text);

bool is_slurm_job_id(const std::string& id);  // digits and '_' (array jobs), not empty
// The text without leading and trailing spaces, tabs and line breaks (command output and messages).
std::string trim_output(const std::string& text);

}  // namespace ew::cluster

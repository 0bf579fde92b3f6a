// What a Slurm job asks for, and the sbatch script that runs a workbench job (`empower train|eval`)
// with it. The script is plain text the user can read, keep and submit by hand.
#pragma once
#include <filesystem>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <vector>

namespace ew::cluster {

struct SlurmResources {
    std::string partition;                  // empty: the cluster's default partition
    int gpus = 0;                           // --gres=gpu:N on one node
    int cpus_per_task = 0;                  // 0: Slurm's default
    std::string time_limit;                 // sbatch --time forms: "MM", "HH:MM:SS", "D-HH", "D-HH:MM:SS"; empty: partition default
    std::string memory;                     // "16G", "4000M", "512K", "1T" or a number of MB; empty: default
    std::vector<std::string> extra_directives;  // each "--option[=value]" or "#SBATCH --option…" (e.g. --account=lab)

    // Throws ew::Error naming the field: a malformed value is caught before sbatch sees it.
    void validate() const;
};

nlohmann::json to_json(const SlurmResources& resources);
SlurmResources slurm_resources_from_json(const nlohmann::json& j);  // unknown keys are errors

struct SlurmJobFiles {
    std::string job_name;
    std::filesystem::path work_dir;     // the run directory
    std::filesystem::path stdout_path;  // JSON-lines progress, as a local job writes it
    std::filesystem::path stderr_path;
};

// `#!/bin/bash` + #SBATCH directives + `exec <command>`; stdout/stderr append so a resumed job
// continues the same files.
std::string sbatch_script(const SlurmResources& resources, const SlurmJobFiles& files, const std::vector<std::string>& command);

}  // namespace ew::cluster

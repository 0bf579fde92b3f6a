#include "cluster/slurm_job_spec.h"

#include "support/command_runner.h"
#include "support/error.h"
#include "support/json_field.h"

#include <nlohmann/json.hpp>
#include <regex>
#include <set>

namespace ew::cluster {

namespace {

void require(bool condition, const std::string& message) {
    if (!condition) throw Error("Slurm job: " + message);
}

bool single_line(const std::string& s) { return s.find_first_of("\n\r") == std::string::npos; }

// "--account=lab" from either "--account=lab" or "#SBATCH --account=lab".
std::string directive_option(std::string d) {
    const std::string prefix = "#SBATCH";
    if (d.rfind(prefix, 0) == 0) d = d.substr(prefix.size());
    const auto first = d.find_first_not_of(" \t");
    const auto last = d.find_last_not_of(" \t");
    return first == std::string::npos ? std::string() : d.substr(first, last - first + 1);
}

}  // namespace

void SlurmResources::validate() const {
    static const std::regex partition_re(R"([A-Za-z0-9_.\-]+(,[A-Za-z0-9_.\-]+)*)");
    static const std::regex time_re(R"(\d+|\d+:\d{1,2}|\d+:\d{1,2}:\d{1,2}|\d+-\d+|\d+-\d+:\d{1,2}|\d+-\d+:\d{1,2}:\d{1,2})");
    static const std::regex memory_re(R"(\d+[KMGT]?)", std::regex::icase);
    require(partition.empty() || std::regex_match(partition, partition_re),
            "partition \"" + partition + "\" is not a partition name (letters, digits, _ . -; several separated by commas)");
    require(gpus >= 0 && gpus <= 64, "GPUs must be between 0 and 64, not " + std::to_string(gpus));
    require(cpus_per_task >= 0 && cpus_per_task <= 1024, "CPUs per task must be between 0 and 1024, not " + std::to_string(cpus_per_task));
    require(time_limit.empty() || std::regex_match(time_limit, time_re),
            "time limit \"" + time_limit + "\" is not a Slurm time (minutes, HH:MM:SS, D-HH or D-HH:MM:SS)");
    require(memory.empty() || std::regex_match(memory, memory_re),
            "memory \"" + memory + "\" is not a Slurm size (a number with an optional K, M, G or T suffix)");
    // Options the workbench sets itself: a second value would silently win or break following.
    static const std::set<std::string> owned = {"--output", "-o", "--error", "-e", "--chdir", "-D", "--job-name", "-J",
                                                "--open-mode", "--parsable", "--wrap"};
    for (const auto& d : extra_directives) {
        require(single_line(d), "an extra directive spans several lines");
        const std::string option = directive_option(d);
        require(option.rfind("-", 0) == 0, "extra directive \"" + d + "\" is not an sbatch option (it must start with - or --)");
        const std::string name = option.substr(0, option.find_first_of("= "));
        require(!owned.count(name), "extra directive \"" + d + "\" sets " + name + ", which the workbench sets itself");
    }
}

nlohmann::json to_json(const SlurmResources& r) {
    return {{"partition", r.partition}, {"gpus", r.gpus}, {"cpus_per_task", r.cpus_per_task}, {"time_limit", r.time_limit},
            {"memory", r.memory}, {"extra_directives", r.extra_directives}};
}

SlurmResources slurm_resources_from_json(const nlohmann::json& j) {
    if (!j.is_object()) throw Error("Slurm job: resources must be a JSON object");
    static const std::set<std::string> known = {"partition", "gpus", "cpus_per_task", "time_limit", "memory", "extra_directives"};
    for (const auto& [key, value] : j.items())
        if (!known.count(key)) throw Error("Slurm job: unknown field \"" + key + "\"");
    SlurmResources r;
    try {
        r.partition = j.value("partition", std::string());
        r.gpus = json_field(j, "gpus", 0, "Slurm job");
        r.cpus_per_task = json_field(j, "cpus_per_task", 0, "Slurm job");
        r.time_limit = j.value("time_limit", std::string());
        r.memory = j.value("memory", std::string());
        r.extra_directives = j.value("extra_directives", std::vector<std::string>());
    } catch (const nlohmann::json::exception& e) {
        throw Error(std::string("Slurm job: ") + e.what());
    }
    r.validate();
    return r;
}

std::string sbatch_script(const SlurmResources& r, const SlurmJobFiles& files, const std::vector<std::string>& command) {
    r.validate();
    require(single_line(files.job_name) && !files.job_name.empty(), "the job name must be one non-empty line");
    std::string s = "#!/bin/bash\n";
    s += "# Written by Empower Workbench. Submit by hand with: sbatch " + shell_quote((files.work_dir / "job.sbatch").string()) + "\n";
    auto directive = [&](const std::string& option, const std::string& value) {
        s += "#SBATCH " + option + "=" + shell_quote(value) + "\n";
    };
    directive("--job-name", files.job_name);
    directive("--chdir", files.work_dir.string());
    directive("--output", files.stdout_path.string());
    directive("--error", files.stderr_path.string());
    s += "#SBATCH --open-mode=append\n";
    s += "#SBATCH --nodes=1\n#SBATCH --ntasks=1\n";
    if (!r.partition.empty()) directive("--partition", r.partition);
    if (r.gpus > 0) directive("--gres", "gpu:" + std::to_string(r.gpus));
    if (r.cpus_per_task > 0) directive("--cpus-per-task", std::to_string(r.cpus_per_task));
    if (!r.time_limit.empty()) directive("--time", r.time_limit);
    if (!r.memory.empty()) directive("--mem", r.memory);
    for (const auto& d : r.extra_directives) s += "#SBATCH " + directive_option(d) + "\n";
    s += "\nset -eu\n";
    // Threads follow the allocation, not the node's core count.
    s += "export OMP_NUM_THREADS=\"${SLURM_CPUS_PER_TASK:-${SLURM_CPUS_ON_NODE:-1}}\"\n";
    s += "echo \"empower-workbench: Slurm job ${SLURM_JOB_ID:-?} on $(hostname) started $(date -Is)\" >&2\n";
    s += "exec " + shell_command_line(command) + "\n";
    return s;
}

}  // namespace ew::cluster

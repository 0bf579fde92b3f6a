#include "cluster/slurm_output.h"

#include <algorithm>
#include <map>
#include <sstream>

namespace ew::cluster {

namespace {

std::string first_line(const std::string& s) { return trim_output(s.substr(0, s.find('\n'))); }

// `scontrol show job -o` prints one line of KEY=VALUE pairs separated by spaces.
std::map<std::string, std::string> key_values(const std::string& line) {
    std::map<std::string, std::string> values;
    std::istringstream in(line);
    std::string field;
    while (in >> field) {
        const auto eq = field.find('=');
        if (eq != std::string::npos) values[field.substr(0, eq)] = field.substr(eq + 1);
    }
    return values;
}

}  // namespace

bool is_slurm_job_id(const std::string& id) {
    return !id.empty() && std::all_of(id.begin(), id.end(), [](char c) { return std::isdigit(static_cast<unsigned char>(c)) || c == '_'; });
}

std::optional<std::string> job_id_from_sbatch(const std::string& stdout_text) {
    const std::string line = first_line(stdout_text);
    const std::string id = line.substr(0, line.find(';'));
    if (!is_slurm_job_id(id)) return std::nullopt;
    return id;
}

std::optional<SlurmJobStatus> status_from_squeue(const std::string& stdout_text) {
    if (trim_output(stdout_text).empty()) return std::nullopt;
    const std::string line = first_line(stdout_text);
    SlurmJobStatus s;
    const auto bar = line.find('|');
    s.state = line.substr(0, bar);
    s.reason = bar == std::string::npos ? "" : line.substr(bar + 1);
    if (s.reason == "None") s.reason.clear();
    s.phase = phase_of_state(s.state);
    s.source = "squeue";
    return s;
}

std::optional<SlurmJobStatus> status_from_scontrol(const std::string& stdout_text) {
    auto kv = key_values(first_line(stdout_text));
    if (!kv.count("JobState")) return std::nullopt;
    SlurmJobStatus s;
    s.state = kv["JobState"];
    s.reason = kv["Reason"] == "None" ? "" : kv["Reason"];
    s.exit_code = kv["ExitCode"];
    s.phase = phase_of_state(s.state);
    s.source = "scontrol";
    return s;
}

std::optional<SlurmJobStatus> status_from_sacct(const std::string& stdout_text) {
    if (trim_output(stdout_text).empty()) return std::nullopt;
    SlurmJobStatus s;
    std::istringstream fields(first_line(stdout_text));
    std::getline(fields, s.state, '|');
    std::getline(fields, s.exit_code, '|');
    std::getline(fields, s.reason, '|');
    if (s.reason == "None") s.reason.clear();
    s.phase = phase_of_state(s.state);
    s.source = "sacct";
    return s;
}

std::string trim_output(const std::string& s) {
    const auto first = s.find_first_not_of(" \t\r\n");
    const auto last = s.find_last_not_of(" \t\r\n");
    return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
}

}  // namespace ew::cluster

#include "cluster/slurm_client.h"

#include "cluster/slurm_output.h"
#include "support/command_runner.h"
#include "support/error.h"

#include <algorithm>
#include <map>

namespace ew::cluster {

namespace {

std::string failure(const std::string& what, const CommandResult& r) {
    if (!r.error.empty()) return what + ": " + r.error;
    const std::string message = trim_output(r.stderr_text.empty() ? r.stdout_text : r.stderr_text);
    return what + " failed (exit " + std::to_string(r.exit_code) + ")" + (message.empty() ? "" : ": " + message);
}

}  // namespace

const char* to_string(SlurmPhase phase) {
    switch (phase) {
        case SlurmPhase::Pending: return "pending";
        case SlurmPhase::Running: return "running";
        case SlurmPhase::Completed: return "completed";
        case SlurmPhase::Failed: return "failed";
        case SlurmPhase::Cancelled: return "cancelled";
        case SlurmPhase::Unknown: break;
    }
    return "unknown";
}

SlurmPhase phase_of_state(const std::string& slurm_state) {
    const std::string state = slurm_state.substr(0, slurm_state.find_first_of(" +"));
    static const std::map<std::string, SlurmPhase> phases = {
        {"PENDING", SlurmPhase::Pending},     {"CONFIGURING", SlurmPhase::Pending},  {"REQUEUED", SlurmPhase::Pending},
        {"REQUEUE_FED", SlurmPhase::Pending}, {"REQUEUE_HOLD", SlurmPhase::Pending}, {"RESIZING", SlurmPhase::Pending},
        {"SUSPENDED", SlurmPhase::Pending},   {"RUNNING", SlurmPhase::Running},      {"COMPLETING", SlurmPhase::Running},
        {"STAGE_OUT", SlurmPhase::Running},   {"SIGNALING", SlurmPhase::Running},    {"COMPLETED", SlurmPhase::Completed},
        {"FAILED", SlurmPhase::Failed},       {"TIMEOUT", SlurmPhase::Failed},       {"OUT_OF_MEMORY", SlurmPhase::Failed},
        {"NODE_FAIL", SlurmPhase::Failed},    {"BOOT_FAIL", SlurmPhase::Failed},     {"DEADLINE", SlurmPhase::Failed},
        {"PREEMPTED", SlurmPhase::Failed},    {"SPECIAL_EXIT", SlurmPhase::Failed},  {"REVOKED", SlurmPhase::Cancelled},
        {"CANCELLED", SlurmPhase::Cancelled}};
    const auto it = phases.find(state);
    return it == phases.end() ? SlurmPhase::Unknown : it->second;
}

SlurmClient::SlurmClient(std::filesystem::path bin_dir, double timeout_seconds)
    : bin_dir_(std::move(bin_dir)), timeout_(timeout_seconds) {}

std::string SlurmClient::command(const char* name) const { return bin_dir_.empty() ? name : (bin_dir_ / name).string(); }

bool SlurmClient::available(std::string* why) const {
    const auto r = run_command({command("squeue"), "-h", "-o", "%i", "-u", "nobody"}, timeout_);
    if (r.ok()) return true;
    if (why) *why = failure("squeue", r);
    return false;
}

std::string SlurmClient::submit(const std::filesystem::path& script) const {
    const auto r = run_command({command("sbatch"), "--parsable", script.string()}, timeout_);
    if (!r.ok()) throw Error(failure("sbatch", r));
    const auto id = job_id_from_sbatch(r.stdout_text);
    if (!id) throw Error("sbatch printed no job id: \"" + trim_output(r.stdout_text.substr(0, r.stdout_text.find('\n'))) + "\"");
    return *id;
}

SlurmJobStatus SlurmClient::status(const std::string& job_id) const {
    if (!is_slurm_job_id(job_id)) throw Error("not a Slurm job id: \"" + job_id + "\"");
    SlurmJobStatus s;
    s.job_id = job_id;
    // 1. squeue: the usual answer while the job is queued or running.
    const auto q = run_command({command("squeue"), "-h", "-j", job_id, "-o", "%T|%r"}, timeout_);
    if (q.ok()) {
        if (auto queued = status_from_squeue(q.stdout_text)) {
            s = *queued;
            s.job_id = job_id;
            if (!s.finished()) return s;
        }
    }
    // 2. scontrol: knows a finished job for MinJobAge (5 min by default), with its exit code.
    const auto c = run_command({command("scontrol"), "show", "job", "-o", job_id}, timeout_);
    if (c.ok()) {
        if (auto shown = status_from_scontrol(c.stdout_text)) {
            shown->job_id = job_id;
            return *shown;
        }
    }
    // 3. sacct: only where accounting is configured; otherwise the job is simply forgotten.
    const auto a = run_command({command("sacct"), "-j", job_id, "-X", "-n", "-P", "-o", "State,ExitCode,Reason"}, timeout_);
    if (a.ok()) {
        if (auto accounted = status_from_sacct(a.stdout_text)) {
            accounted->job_id = job_id;
            return *accounted;
        }
    }
    if (!s.source.empty()) return s;  // squeue's last word on a job that just ended
    // A controller that does not answer is not a forgotten job: say so instead of "unknown".
    const bool forgotten = q.ok() || q.stderr_text.find("Invalid job id") != std::string::npos;
    if (!forgotten) throw Error(failure("squeue", q));
    s.phase = SlurmPhase::Unknown;
    s.reason = "Slurm no longer knows job " + job_id + (a.ok() ? "" : " and has no job accounting to ask");
    return s;
}

void SlurmClient::cancel(const std::string& job_id) const {
    if (!is_slurm_job_id(job_id)) throw Error("not a Slurm job id: \"" + job_id + "\"");
    const auto r = run_command({command("scancel"), job_id}, timeout_);
    if (!r.ok()) throw Error(failure("scancel", r));
}

}  // namespace ew::cluster

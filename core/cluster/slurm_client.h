// Talks to Slurm through its commands — sbatch, squeue, scontrol, sacct, scancel — as a user at a
// terminal would, so it works with any Slurm the machine is a submit host of (SLURM_CONF and the
// rest of the environment are inherited). Every call has a timeout: a hung controller cannot hang
// the caller. Blocking: the GUI calls it off the UI thread.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace ew::cluster {

// The workbench's view of a job's state.
enum class SlurmPhase {
    Pending,    // PENDING, CONFIGURING, REQUEUED, RESIZING, SUSPENDED
    Running,    // RUNNING, COMPLETING, STAGE_OUT
    Completed,  // COMPLETED
    Failed,     // FAILED, TIMEOUT, OUT_OF_MEMORY, NODE_FAIL, BOOT_FAIL, DEADLINE, PREEMPTED
    Cancelled,  // CANCELLED (by the user or an administrator)
    Unknown     // Slurm no longer remembers the job and has no accounting to ask
};
const char* to_string(SlurmPhase phase);
SlurmPhase phase_of_state(const std::string& slurm_state);  // "CANCELLED by 0" → Cancelled

struct SlurmJobStatus {
    std::string job_id;
    SlurmPhase phase = SlurmPhase::Unknown;
    std::string state;      // Slurm's own word, e.g. "TIMEOUT"
    std::string reason;     // why pending, or why it ended (e.g. "Resources", "NonZeroExitCode")
    std::string exit_code;  // "code:signal" when known, e.g. "1:0"
    std::string source;     // which command answered: squeue, scontrol or sacct
    bool finished() const { return phase == SlurmPhase::Completed || phase == SlurmPhase::Failed || phase == SlurmPhase::Cancelled; }
};

class SlurmClient {
public:
    // `bin_dir` empty: the commands are found in PATH.
    explicit SlurmClient(std::filesystem::path bin_dir = {}, double timeout_seconds = 30.0);

    // True when sbatch can be run and the controller answers; otherwise *why says what is missing.
    bool available(std::string* why = nullptr) const;
    // sbatch --parsable; returns the job id. Throws ew::Error with sbatch's own message.
    std::string submit(const std::filesystem::path& script) const;
    // squeue while the job is queued or running; scontrol for a job that just ended (exit code);
    // sacct when the controller has forgotten it and accounting exists.
    SlurmJobStatus status(const std::string& job_id) const;
    void cancel(const std::string& job_id) const;  // scancel; throws ew::Error when Slurm refuses

private:
    std::string command(const char* name) const;
    std::filesystem::path bin_dir_;
    double timeout_;
};

}  // namespace ew::cluster

// The workspace: one SQLite file holding runs (training, evaluation), their configs, per-step
// metrics and checkpoints. Versioned schema with in-place migrations; an older workspace is
// upgraded when opened, a damaged one is reported and never overwritten.
#pragma once
#include "store/sqlite_database.h"

#include <filesystem>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace ew::store {

struct RunRecord {
    std::int64_t id = 0;
    std::string name;
    std::string kind;    // "train", "pretrain", "eval"
    std::string status;  // "queued", "running", "stopping", "finished", "stopped", "failed"
    std::string config_json;
    std::string out_dir;
    std::string error;
    std::int64_t pid = 0;
    double created_at = 0, started_at = 0, finished_at = 0, heartbeat_at = 0;  // unix seconds
    std::string target = "local";  // "local" (a child process, pid) or "slurm" (a batch job, external_id)
    std::string external_id;       // the Slurm job id
    // A local run's process beyond its PID: which machine, which boot, when it started
    // (core/jobs/process_identity.h). Empty/0 in rows written before schema 5.
    std::string host, boot_id;
    std::int64_t start_ticks = 0;
    // Not settled yet: the job may still be waiting, running or checkpointing on its way out.
    bool active() const { return status == "queued" || status == "running" || status == "stopping"; }
};

struct MetricPoint {
    std::int64_t step;
    std::string name;
    double value;
    double time;
};

struct CheckpointRecord {
    std::int64_t step;
    std::string path;
    double time;
};

// A model a run loaded: its role ("assistant", "likelihood", "human", "base"), directory, and how its
// weights were held and computed ("bf16 weights, fp32 compute (avx512f)").
// An experiment (core/experiment) run with a workspace: one row per stage root.
struct ExperimentRecord {
    std::int64_t id = 0;
    std::string name, spec_path, stage_root, spec_json;
    double created_at = 0, updated_at = 0;
};

// One stage of an experiment as last run or reused: the run it was (0: none — a dataset stage).
struct ExperimentStageRecord {
    std::string stage_id, stage_key;
    std::int64_t run_id = 0;
};

struct RunModelRecord {
    std::string role;
    std::string path;
    std::string weights;
};

class Workspace {
public:
    static constexpr int kSchemaVersion = 9;

    explicit Workspace(const std::filesystem::path& path, bool create = true);

    std::int64_t create_run(const std::string& name, const std::string& kind, const std::string& config_json,
                            const std::string& out_dir, const std::string& target = "local");
    void set_run_external_id(std::int64_t id, const std::string& external_id);
    void set_run_status(std::int64_t id, const std::string& status, const std::string& error = {});
    void set_run_process(std::int64_t id, std::int64_t pid, const std::string& host, const std::string& boot_id,
                         std::int64_t start_ticks);
    void heartbeat(std::int64_t id);
    void add_metrics(std::int64_t id, std::int64_t step, const std::vector<std::pair<std::string, double>>& values);
    void add_checkpoint(std::int64_t id, std::int64_t step, const std::string& path);
    void record_run_model(std::int64_t id, const RunModelRecord& model);
    // Creates or updates the experiment of `stage_root`; returns its id.
    std::int64_t record_experiment(const std::string& name, const std::string& spec_path, const std::string& stage_root,
                                   const std::string& spec_json);
    void link_experiment_stage(std::int64_t experiment_id, const std::string& stage_id, const std::string& stage_key, std::int64_t run_id);
    std::vector<ExperimentRecord> experiments();
    std::vector<ExperimentStageRecord> experiment_stages(std::int64_t experiment_id);

    // The adaptive η's state of one user profile (empower::AdaptiveEta::to_json), "" when none yet.
    std::string adaptive_eta_state(const std::string& profile);
    void save_adaptive_eta_state(const std::string& profile, const std::string& state_json);
    void reset_adaptive_eta_state(const std::string& profile);

    std::optional<RunRecord> run(std::int64_t id);
    std::vector<RunRecord> runs();
    // Metrics of a run, optionally one name only and only steps after `after_step` (for polling).
    std::vector<MetricPoint> metrics(std::int64_t id, const std::string& name = {}, std::int64_t after_step = -1);
    std::vector<CheckpointRecord> checkpoints(std::int64_t id);
    std::vector<RunModelRecord> run_models(std::int64_t id);  // by role
    void delete_run(std::int64_t id);

    int schema_version() { return db_.user_version(); }
    SqliteDatabase& database() { return db_; }

private:
    void migrate();
    SqliteDatabase db_;
};

double unix_now();

}  // namespace ew::store

#include "store/workspace.h"

#include "support/error.h"

#include <chrono>
#include <sqlite3.h>

namespace ew::store {

double unix_now() {
    return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count();
}

namespace {

// Each entry upgrades the schema from version i to i + 1. Never edit a released entry: add one.
const char* const kMigrations[] = {
    // 0 -> 1: runs and their metrics
    R"(CREATE TABLE runs (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         name TEXT NOT NULL,
         kind TEXT NOT NULL,
         status TEXT NOT NULL DEFAULT 'queued',
         config_json TEXT NOT NULL DEFAULT '{}',
         out_dir TEXT NOT NULL DEFAULT '',
         error TEXT NOT NULL DEFAULT '',
         created_at REAL NOT NULL,
         started_at REAL,
         finished_at REAL);
       CREATE TABLE metrics (
         run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
         step INTEGER NOT NULL,
         name TEXT NOT NULL,
         value REAL NOT NULL,
         time REAL NOT NULL);
       CREATE INDEX metrics_by_run ON metrics(run_id, name, step);)",
    // 1 -> 2: process tracking (re-attach after the GUI restarts) and checkpoints
    R"(ALTER TABLE runs ADD COLUMN pid INTEGER NOT NULL DEFAULT 0;
       ALTER TABLE runs ADD COLUMN heartbeat_at REAL;
       CREATE TABLE checkpoints (
         run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
         step INTEGER NOT NULL,
         path TEXT NOT NULL,
         time REAL NOT NULL);)",
    // 2 -> 3: user studies — designs, pseudonymous participants, sessions and their event logs
    R"(CREATE TABLE studies (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         name TEXT NOT NULL UNIQUE,
         design_json TEXT NOT NULL,
         created_at REAL NOT NULL,
         unblinded_at REAL);
       CREATE TABLE participants (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         study_id INTEGER NOT NULL REFERENCES studies(id) ON DELETE CASCADE,
         idx INTEGER NOT NULL,
         code TEXT NOT NULL,
         problem TEXT NOT NULL,
         arm_order_json TEXT NOT NULL,
         created_at REAL NOT NULL,
         UNIQUE(study_id, code));
       CREATE TABLE sessions (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         participant_id INTEGER NOT NULL REFERENCES participants(id) ON DELETE CASCADE,
         started_at REAL NOT NULL,
         finished_at REAL);
       CREATE TABLE study_events (
         session_id INTEGER NOT NULL REFERENCES sessions(id) ON DELETE CASCADE,
         seq INTEGER NOT NULL,
         wall_time REAL NOT NULL,
         phase INTEGER NOT NULL,
         slot INTEGER NOT NULL,
         type TEXT NOT NULL,
         pos INTEGER NOT NULL,
         text TEXT NOT NULL,
         suggestion_id INTEGER NOT NULL,
         payload TEXT NOT NULL,
         PRIMARY KEY(session_id, seq));)",
    // 3 -> 4: where a run executes ("local", "slurm") and the scheduler's id for it
    R"(ALTER TABLE runs ADD COLUMN target TEXT NOT NULL DEFAULT 'local';
       ALTER TABLE runs ADD COLUMN external_id TEXT NOT NULL DEFAULT '';)",
    // 4 -> 5: a local run's process identity beyond its PID (core/jobs/process_identity.h)
    R"(ALTER TABLE runs ADD COLUMN host TEXT NOT NULL DEFAULT '';
       ALTER TABLE runs ADD COLUMN boot_id TEXT NOT NULL DEFAULT '';
       ALTER TABLE runs ADD COLUMN start_ticks INTEGER NOT NULL DEFAULT 0;)",
    // 5 -> 6: where an imported participant came from, so the same folder is not imported twice
    R"(CREATE TABLE participant_imports (
         participant_id INTEGER PRIMARY KEY REFERENCES participants(id) ON DELETE CASCADE,
         source_name TEXT NOT NULL,
         content_sha256 TEXT NOT NULL,
         imported_at REAL NOT NULL);)",
    // 6 -> 7: the models a run loaded and how their weights were held ("auto" resolves per checkpoint,
    // and the weight kind can move results, so the run says what it actually used)
    R"(CREATE TABLE run_models (
         run_id INTEGER NOT NULL REFERENCES runs(id) ON DELETE CASCADE,
         role TEXT NOT NULL,
         path TEXT NOT NULL,
         weights TEXT NOT NULL,
         PRIMARY KEY(run_id, role));)",
    // 7 -> 8: experiments (core/experiment) and which run each of their stages was
    R"(CREATE TABLE experiments (
         id INTEGER PRIMARY KEY AUTOINCREMENT,
         name TEXT NOT NULL,
         spec_path TEXT NOT NULL,
         stage_root TEXT NOT NULL UNIQUE,
         spec_json TEXT NOT NULL,
         created_at REAL NOT NULL,
         updated_at REAL NOT NULL);
       CREATE TABLE experiment_stages (
         experiment_id INTEGER NOT NULL REFERENCES experiments(id) ON DELETE CASCADE,
         stage_id TEXT NOT NULL,
         stage_key TEXT NOT NULL,
         run_id INTEGER REFERENCES runs(id) ON DELETE SET NULL,
         PRIMARY KEY(experiment_id, stage_id));)",
    // 8 -> 9: the adaptive η's state per user profile (empower-auto in the editor)
    R"(CREATE TABLE adaptive_eta (
         profile TEXT PRIMARY KEY,
         state TEXT NOT NULL,
         updated_at REAL NOT NULL);)",
};
static_assert(std::size(kMigrations) == Workspace::kSchemaVersion);

RunRecord read_run(sqlite3_stmt* s) {
    RunRecord r;
    r.id = SqliteDatabase::column_int(s, 0);
    r.name = SqliteDatabase::column_text(s, 1);
    r.kind = SqliteDatabase::column_text(s, 2);
    r.status = SqliteDatabase::column_text(s, 3);
    r.config_json = SqliteDatabase::column_text(s, 4);
    r.out_dir = SqliteDatabase::column_text(s, 5);
    r.error = SqliteDatabase::column_text(s, 6);
    r.pid = SqliteDatabase::column_int(s, 7);
    r.created_at = SqliteDatabase::column_double(s, 8);
    r.started_at = SqliteDatabase::column_double(s, 9);
    r.finished_at = SqliteDatabase::column_double(s, 10);
    r.heartbeat_at = SqliteDatabase::column_double(s, 11);
    r.target = SqliteDatabase::column_text(s, 12);
    r.external_id = SqliteDatabase::column_text(s, 13);
    r.host = SqliteDatabase::column_text(s, 14);
    r.boot_id = SqliteDatabase::column_text(s, 15);
    r.start_ticks = SqliteDatabase::column_int(s, 16);
    return r;
}

constexpr const char* kRunColumns =
    "id, name, kind, status, config_json, out_dir, error, pid, created_at, started_at, finished_at, heartbeat_at, target, external_id, host, boot_id, "
    "start_ticks";

}  // namespace

Workspace::Workspace(const std::filesystem::path& path, bool create) : db_(path, create) { migrate(); }

void Workspace::migrate() {
    const int version = db_.user_version();
    if (version > kSchemaVersion)
        fail_file(db_.path(), "workspace schema version " + std::to_string(version) + " is newer than this program (" +
                                  std::to_string(kSchemaVersion) + "); upgrade Empower Workbench");
    for (int v = version; v < kSchemaVersion; ++v)
        db_.transaction([&] {
            db_.exec(kMigrations[v]);
            db_.set_user_version(v + 1);
        });
}

std::int64_t Workspace::create_run(const std::string& name, const std::string& kind, const std::string& config_json,
                                   const std::string& out_dir, const std::string& target) {
    db_.query("INSERT INTO runs(name, kind, status, config_json, out_dir, created_at, target) VALUES(?, ?, 'queued', ?, ?, ?, ?)",
              {name, kind, config_json, out_dir, unix_now(), target});
    return db_.last_insert_id();
}

void Workspace::set_run_external_id(std::int64_t id, const std::string& external_id) {
    db_.query("UPDATE runs SET external_id = ? WHERE id = ?", {external_id, id});
}

void Workspace::set_run_status(std::int64_t id, const std::string& status, const std::string& error) {
    const double now = unix_now();
    if (status == "running")
        db_.query("UPDATE runs SET status = ?, error = ?, started_at = COALESCE(started_at, ?), heartbeat_at = ? WHERE id = ?",
                  {status, error, now, now, id});
    else if (status == "finished" || status == "stopped" || status == "failed")
        db_.query("UPDATE runs SET status = ?, error = ?, finished_at = ? WHERE id = ?", {status, error, now, id});
    else
        db_.query("UPDATE runs SET status = ?, error = ? WHERE id = ?", {status, error, id});
}

void Workspace::set_run_process(std::int64_t id, std::int64_t pid, const std::string& host, const std::string& boot_id,
                                std::int64_t start_ticks) {
    db_.query("UPDATE runs SET pid = ?, host = ?, boot_id = ?, start_ticks = ? WHERE id = ?", {pid, host, boot_id, start_ticks, id});
}

void Workspace::heartbeat(std::int64_t id) { db_.query("UPDATE runs SET heartbeat_at = ? WHERE id = ?", {unix_now(), id}); }

void Workspace::add_metrics(std::int64_t id, std::int64_t step, const std::vector<std::pair<std::string, double>>& values) {
    const double now = unix_now();
    db_.transaction([&] {
        for (const auto& [name, value] : values)
            db_.query("INSERT INTO metrics(run_id, step, name, value, time) VALUES(?, ?, ?, ?, ?)", {id, step, name, value, now});
        db_.query("UPDATE runs SET heartbeat_at = ? WHERE id = ?", {now, id});
    });
}

void Workspace::add_checkpoint(std::int64_t id, std::int64_t step, const std::string& path) {
    db_.query("INSERT INTO checkpoints(run_id, step, path, time) VALUES(?, ?, ?, ?)", {id, step, path, unix_now()});
}

std::optional<RunRecord> Workspace::run(std::int64_t id) {
    std::optional<RunRecord> r;
    db_.query(std::string("SELECT ") + kRunColumns + " FROM runs WHERE id = ?", {id}, [&](sqlite3_stmt* s) { r = read_run(s); });
    return r;
}

std::vector<RunRecord> Workspace::runs() {
    std::vector<RunRecord> out;
    db_.query(std::string("SELECT ") + kRunColumns + " FROM runs ORDER BY id", {}, [&](sqlite3_stmt* s) { out.push_back(read_run(s)); });
    return out;
}

std::vector<MetricPoint> Workspace::metrics(std::int64_t id, const std::string& name, std::int64_t after_step) {
    std::vector<MetricPoint> out;
    auto row = [&](sqlite3_stmt* s) {
        out.push_back({SqliteDatabase::column_int(s, 0), SqliteDatabase::column_text(s, 1), SqliteDatabase::column_double(s, 2),
                       SqliteDatabase::column_double(s, 3)});
    };
    if (name.empty())
        db_.query("SELECT step, name, value, time FROM metrics WHERE run_id = ? AND step > ? ORDER BY step, rowid", {id, after_step}, row);
    else
        db_.query("SELECT step, name, value, time FROM metrics WHERE run_id = ? AND name = ? AND step > ? ORDER BY step, rowid",
                  {id, name, after_step}, row);
    return out;
}

void Workspace::record_run_model(std::int64_t id, const RunModelRecord& model) {
    // A resumed run replaces its earlier record: the weights it is using now are the ones to report.
    db_.query("INSERT OR REPLACE INTO run_models(run_id, role, path, weights) VALUES(?, ?, ?, ?)",
              {id, model.role, model.path, model.weights});
}

std::int64_t Workspace::record_experiment(const std::string& name, const std::string& spec_path, const std::string& stage_root,
                                         const std::string& spec_json) {
    // One row per stage root: running an edited spec again updates it, and keeps its stages' links.
    const double now = unix_now();
    db_.query("INSERT INTO experiments(name, spec_path, stage_root, spec_json, created_at, updated_at) VALUES(?, ?, ?, ?, ?, ?) "
              "ON CONFLICT(stage_root) DO UPDATE SET name = excluded.name, spec_path = excluded.spec_path, "
              "spec_json = excluded.spec_json, updated_at = excluded.updated_at",
              {name, spec_path, stage_root, spec_json, now, now});
    std::int64_t id = 0;
    db_.query("SELECT id FROM experiments WHERE stage_root = ?", {stage_root}, [&](sqlite3_stmt* st) { id = sqlite3_column_int64(st, 0); });
    return id;
}

void Workspace::link_experiment_stage(std::int64_t experiment_id, const std::string& stage_id, const std::string& stage_key,
                                      std::int64_t run_id) {
    db_.query("INSERT OR REPLACE INTO experiment_stages(experiment_id, stage_id, stage_key, run_id) VALUES(?, ?, ?, ?)",
              {experiment_id, stage_id, stage_key, run_id > 0 ? SqlValue(run_id) : SqlValue(nullptr)});
}

std::vector<ExperimentRecord> Workspace::experiments() {
    std::vector<ExperimentRecord> out;
    db_.query("SELECT id, name, spec_path, stage_root, spec_json, created_at, updated_at FROM experiments ORDER BY id", {},
              [&](sqlite3_stmt* st) {
                  out.push_back({sqlite3_column_int64(st, 0), SqliteDatabase::column_text(st, 1), SqliteDatabase::column_text(st, 2),
                                 SqliteDatabase::column_text(st, 3), SqliteDatabase::column_text(st, 4), sqlite3_column_double(st, 5),
                                 sqlite3_column_double(st, 6)});
              });
    return out;
}

std::vector<ExperimentStageRecord> Workspace::experiment_stages(std::int64_t experiment_id) {
    std::vector<ExperimentStageRecord> out;
    db_.query("SELECT stage_id, stage_key, COALESCE(run_id, 0) FROM experiment_stages WHERE experiment_id = ? ORDER BY rowid",
              {experiment_id}, [&](sqlite3_stmt* st) {
                  out.push_back({SqliteDatabase::column_text(st, 0), SqliteDatabase::column_text(st, 1), sqlite3_column_int64(st, 2)});
              });
    return out;
}

std::string Workspace::adaptive_eta_state(const std::string& profile) {
    std::string state;
    db_.query("SELECT state FROM adaptive_eta WHERE profile = ?", {profile}, [&](sqlite3_stmt* st) { state = SqliteDatabase::column_text(st, 0); });
    return state;
}

void Workspace::save_adaptive_eta_state(const std::string& profile, const std::string& state_json) {
    db_.query("INSERT INTO adaptive_eta(profile, state, updated_at) VALUES(?, ?, ?) "
              "ON CONFLICT(profile) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at",
              {profile, state_json, unix_now()});
}

void Workspace::reset_adaptive_eta_state(const std::string& profile) { db_.query("DELETE FROM adaptive_eta WHERE profile = ?", {profile}); }

std::vector<RunModelRecord> Workspace::run_models(std::int64_t id) {
    std::vector<RunModelRecord> out;
    db_.query("SELECT role, path, weights FROM run_models WHERE run_id = ? ORDER BY role", {id}, [&](sqlite3_stmt* s) {
        out.push_back({SqliteDatabase::column_text(s, 0), SqliteDatabase::column_text(s, 1), SqliteDatabase::column_text(s, 2)});
    });
    return out;
}

std::vector<CheckpointRecord> Workspace::checkpoints(std::int64_t id) {
    std::vector<CheckpointRecord> out;
    db_.query("SELECT step, path, time FROM checkpoints WHERE run_id = ? ORDER BY step", {id}, [&](sqlite3_stmt* s) {
        out.push_back({SqliteDatabase::column_int(s, 0), SqliteDatabase::column_text(s, 1), SqliteDatabase::column_double(s, 2)});
    });
    return out;
}

void Workspace::delete_run(std::int64_t id) { db_.query("DELETE FROM runs WHERE id = ?", {id}); }

}  // namespace ew::store

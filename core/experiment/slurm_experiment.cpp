#include "experiment/slurm_experiment.h"

#include "experiment/stage_hold.h"
#include "support/error.h"
#include "support/file_io.h"

#include <nlohmann/json.hpp>

namespace ew::experiment {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const char* kJobsFile = "slurm-jobs.json";

void save_jobs(const fs::path& root, const std::map<std::string, SlurmStageJob>& jobs) {
    json j = json::object();
    for (const auto& [id, job] : jobs) j[id] = {{"key", job.key}, {"job_id", job.job_id}};
    write_file_atomic(root / kJobsFile, j.dump(2) + "\n");
}

// The job that may still produce this very stage (same key), or null.
const SlurmStageJob* job_of(const std::map<std::string, SlurmStageJob>& jobs, const Stage& stage) {
    const auto it = jobs.find(stage.id);
    return it != jobs.end() && it->second.key == stage.key ? &it->second : nullptr;
}

bool waiting_or_running(const cluster::SlurmJobStatus& s) {
    return s.phase == cluster::SlurmPhase::Pending || s.phase == cluster::SlurmPhase::Running;
}

}  // namespace

std::map<std::string, SlurmStageJob> submitted_jobs(const fs::path& root) {
    std::map<std::string, SlurmStageJob> jobs;
    const auto file = root / kJobsFile;
    std::error_code ec;
    if (!fs::exists(file, ec)) return jobs;
    try {
        const auto record = json::parse(read_file(file));  // kept: items() refers to it
        for (const auto& [id, job] : record.items())
            jobs[id] = {job.at("key").get<std::string>(), job.at("job_id").get<std::string>()};
    } catch (const json::exception& e) {
        throw Error(file.string() + ": not a record of Slurm jobs (" + e.what() + "); delete it to submit every stage again");
    }
    return jobs;
}

SlurmSubmitSummary submit_experiment(const ExperimentPlan& plan, const cluster::SlurmClient& client, const SlurmSubmitOptions& options) {
    options.resources.validate();
    fs::create_directories(plan.root);
    auto jobs = submitted_jobs(plan.root);
    std::map<std::string, std::string> coming;  // stage id → the job that will produce it
    SlurmSubmitSummary summary;
    const auto emit = [&](const StageEvent& e) {
        if (options.on_event) options.on_event(e);
    };
    for (const auto& stage : plan.stages) {
        if (recorded_state(stage) == StageState::Done) {
            ++summary.reused;
            emit({stage.id, "reused", stage.dir.string(), 0});
            continue;
        }
        if (const auto* earlier = job_of(jobs, stage); earlier && waiting_or_running(client.status(earlier->job_id))) {
            coming[stage.id] = earlier->job_id;
            ++summary.queued;
            emit({stage.id, "queued", earlier->job_id, 0});
            continue;
        }
        if (is_held(stage)) {
            ++summary.skipped;
            emit({stage.id, "skipped", "held", 0});
            continue;
        }
        std::vector<std::string> after;
        std::string missing;
        for (const auto& need : stage.needs) {
            if (recorded_state(plan.at(need)) == StageState::Done) continue;
            if (const auto it = coming.find(need); it != coming.end()) after.push_back(it->second);
            else missing = need;
        }
        if (!missing.empty()) {
            ++summary.skipped;
            emit({stage.id, "skipped", "needs " + missing, 0});
            continue;
        }
        fs::create_directories(stage.dir);
        auto resources = options.resources;
        if (!after.empty()) {
            std::string dependency = "--dependency=afterok";
            for (const auto& job : after) dependency += ":" + job;
            resources.extra_directives.push_back(dependency);
            resources.extra_directives.push_back("--kill-on-invalid-dep=yes");
        }
        std::string name = "ew-" + stage.id;
        for (auto& c : name)
            if (c == '/') c = '.';
        const cluster::SlurmJobFiles files{name, stage.dir, stage.dir / "slurm-stdout.log", stage.dir / "slurm-stderr.log"};
        const std::vector<std::string> command = {options.empower_binary.string(), "experiment", "run-stage", "--spec", options.spec_path.string(),
                                                  "--stages", plan.root.string(), "--stage", stage.id};
        const auto script = stage.dir / "job.sbatch";
        write_file_atomic(script, cluster::sbatch_script(resources, files, command));
        const auto job = client.submit(script);
        jobs[stage.id] = {stage.key, job};
        save_jobs(plan.root, jobs);  // after each job: a refusal later keeps what was submitted
        coming[stage.id] = job;
        ++summary.submitted;
        emit({stage.id, "submitted", job, 0});
    }
    return summary;
}

std::vector<StageStatus> slurm_experiment_status(const ExperimentPlan& plan, const cluster::SlurmClient& client) {
    auto statuses = experiment_status(plan);
    const auto jobs = submitted_jobs(plan.root);
    for (std::size_t i = 0; i < plan.stages.size(); ++i) {
        auto& s = statuses[i];
        const auto* job = job_of(jobs, plan.stages[i]);
        if (s.state == "done" || !job) continue;
        const auto slurm = client.status(job->job_id);
        const std::string reason = slurm.reason.empty() ? "" : " (" + slurm.reason + ")";
        if (slurm.phase == cluster::SlurmPhase::Pending) {
            s = {s.id, "queued", "Slurm job " + job->job_id + reason, 0};
        } else if (slurm.phase == cluster::SlurmPhase::Running) {
            s = {s.id, "running", "Slurm job " + job->job_id, 0};
        } else if ((slurm.phase == cluster::SlurmPhase::Failed || slurm.phase == cluster::SlurmPhase::Cancelled) && s.state == "pending") {
            s = {s.id, "failed", "Slurm job " + job->job_id + ": " + slurm.state + reason, 0};
        }
    }
    return statuses;
}

std::vector<std::string> jobs_in_flight(const ExperimentPlan& plan, const cluster::SlurmClient& client) {
    const auto jobs = submitted_jobs(plan.root);
    std::vector<std::string> ids;
    for (const auto& stage : plan.stages)
        if (const auto* job = job_of(jobs, stage); job && recorded_state(stage) != StageState::Done && waiting_or_running(client.status(job->job_id)))
            ids.push_back(job->job_id);
    return ids;
}

bool cancel_stage_job(const ExperimentPlan& plan, const Stage& stage, const cluster::SlurmClient& client) {
    const auto jobs = submitted_jobs(plan.root);
    const auto* job = job_of(jobs, stage);
    if (!job || recorded_state(stage) == StageState::Done || !waiting_or_running(client.status(job->job_id))) return false;
    client.cancel(job->job_id);
    return true;
}

int cancel_experiment_jobs(const ExperimentPlan& plan, const cluster::SlurmClient& client) {
    const auto ids = jobs_in_flight(plan, client);
    for (const auto& id : ids) client.cancel(id);
    return static_cast<int>(ids.size());
}

}  // namespace ew::experiment

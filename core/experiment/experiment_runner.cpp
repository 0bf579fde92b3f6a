#include "experiment/experiment_runner.h"

#include "experiment/stage_hold.h"
#include "store/workspace.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/last_line.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstdlib>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <map>
#include <memory>
#include <set>
#include <sstream>
#include <string_view>
#include <sys/file.h>
#include <spawn.h>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>
#include <vector>

extern char** environ;

namespace ew::experiment {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

const char* kRecord = "stage.json";

// A stage's child process: its config written into its folder, then `empower <arguments>` with
// stdin from /dev/null and its output appended to the folder's logs.
class StageChild {
public:
    // gpu >= 0: the child sees only that device (`visible_device` names it).
    StageChild(const Stage& stage, const RunOptions& options, const std::vector<std::string>& extra_arguments, int gpu = -1)
        : stage_(stage), options_(options), started_(std::chrono::steady_clock::now()), gpu_(gpu) {
        fs::create_directories(stage.dir);
        if (!stage.config_text.empty())
            write_file_atomic(stage.dir / (stage.kind == StageKind::FineTune ? "run.json" : "eval.json"), stage.config_text);
        std::vector<std::string> args = {options.empower_binary.string()};
        args.insert(args.end(), stage.arguments.begin(), stage.arguments.end());
        args.insert(args.end(), extra_arguments.begin(), extra_arguments.end());
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        const auto out = (stage.dir / "stdout.log").string(), err = (stage.dir / "stderr.log").string();
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0);
        posix_spawn_file_actions_addopen(&actions, 1, out.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        posix_spawn_file_actions_addopen(&actions, 2, err.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
        std::vector<std::string> environment;
        for (char** e = environ; *e; ++e)
            if (gpu < 0 || std::string_view(*e).rfind("CUDA_VISIBLE_DEVICES=", 0) != 0) environment.emplace_back(*e);
        if (gpu >= 0) environment.push_back("CUDA_VISIBLE_DEVICES=" + visible_device(gpu));
        std::vector<char*> envp;
        for (auto& e : environment) envp.push_back(e.data());
        envp.push_back(nullptr);
        const int error = ::posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), envp.data());
        posix_spawn_file_actions_destroy(&actions);
        if (error != 0) throw Error("cannot start " + args[0] + ": " + std::strerror(error));
    }
    StageChild(const StageChild&) = delete;
    StageChild& operator=(const StageChild&) = delete;

    const Stage& stage() const { return stage_; }
    int gpu() const { return gpu_; }

    // The device the runner calls `gpu`: the gpu-th entry of its own CUDA_VISIBLE_DEVICES when that
    // lists enough, else the index itself.
    static std::string visible_device(int gpu) {
        if (const char* own = std::getenv("CUDA_VISIBLE_DEVICES")) {
            std::istringstream listed(own);
            int index = 0;
            for (std::string item; std::getline(listed, item, ',');) {
                std::erase(item, ' ');
                if (!item.empty() && index++ == gpu) return item;
            }
        }
        return std::to_string(gpu);
    }

    // Whether it has ended. Once options.stop is set, or the stage is held, it gets SIGTERM (train and
    // eval checkpoint and exit).
    bool finished() {
        if (ended_) return true;
        const pid_t done = ::waitpid(pid_, &status_, WNOHANG);
        if (done == pid_) return ended_ = true;
        if (done < 0 && errno != EINTR) throw Error(std::string("waiting for a stage: ") + std::strerror(errno));
        if (!stopped_ && ((options_.stop && options_.stop->load()) || is_held(stage_))) {
            ::kill(pid_, SIGTERM);
            stopped_ = true;
        }
        return false;
    }

    // After finished(): "done" or "failed", recorded in the stage's folder, or "stopped" (not recorded).
    StageEvent outcome() const {
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - started_).count();
        if (stopped_) return {stage_.id, "stopped", describe(status_), seconds};
        if (WIFEXITED(status_) && WEXITSTATUS(status_) == 0) {
            record(stage_, "done", {}, seconds);
            return {stage_.id, "done", stage_.output.string(), seconds};
        }
        const auto why = describe(status_) + ": " + last_nonblank_line(stage_.dir / "stderr.log");
        record(stage_, "failed", why, seconds);
        return {stage_.id, "failed", why, seconds};
    }

private:
    static std::string describe(int status);
    static void record(const Stage& stage, const std::string& state, const std::string& detail, double seconds);
    const Stage& stage_;
    const RunOptions& options_;
    std::chrono::steady_clock::time_point started_;
    int gpu_ = -1;
    pid_t pid_ = -1;
    int status_ = 0;
    bool ended_ = false, stopped_ = false;  // stopped: we sent SIGTERM because of options.stop or a hold
};

std::string StageChild::describe(int status) {
    if (WIFEXITED(status)) return "exit status " + std::to_string(WEXITSTATUS(status));
    if (WIFSIGNALED(status)) return std::string("killed by signal ") + std::to_string(WTERMSIG(status)) + " (" + strsignal(WTERMSIG(status)) + ")";
    return "ended abnormally";
}

void StageChild::record(const Stage& stage, const std::string& state, const std::string& detail, double seconds) {
    const json j = {{"id", stage.id}, {"key", stage.key}, {"state", state}, {"detail", detail}, {"seconds", seconds}};
    write_file_atomic(stage.dir / kRecord, j.dump(2) + "\n");
}

}  // namespace

namespace {
// The stage's record when it is this very stage's (the key matches) and readable.
std::optional<json> read_record(const Stage& stage) {
    std::error_code ec;
    if (!fs::exists(stage.dir / kRecord, ec)) return std::nullopt;
    try {
        auto j = json::parse(read_file(stage.dir / kRecord));
        if (j.at("key").get<std::string>() != stage.key) return std::nullopt;
        j.at("state").get<std::string>();
        return j;
    } catch (const std::exception&) {
        return std::nullopt;  // a damaged record proves nothing: run the stage again
    }
}

const char* kRunnerLock = "runner.lock";
const char* kRunnerRecord = "runner.json";

double unix_now() { return std::chrono::duration<double>(std::chrono::system_clock::now().time_since_epoch()).count(); }

// The lock on <root>/runner.lock, held while a run goes on; closing the descriptor releases it
// (also when the process dies).
class RunnerLock {
public:
    explicit RunnerLock(const fs::path& root) : root_(root) {
        fs::create_directories(root);
        fd_ = ::open((root / kRunnerLock).c_str(), O_RDWR | O_CREAT | O_CLOEXEC, 0644);
        if (fd_ < 0) throw Error((root / kRunnerLock).string() + ": " + std::strerror(errno));
        if (::flock(fd_, LOCK_EX | LOCK_NB) != 0) {
            ::close(fd_);
            const auto other = live_run(root);
            std::string running;
            if (other)
                for (const auto& [id, started] : other->stages) running += ", stage " + id;
            throw Error("another run of this experiment is going on" +
                        (other ? " (process " + std::to_string(other->pid) + running + ")" : std::string()) +
                        "; `empower experiment stop` stops it");
        }
        note({});
    }
    ~RunnerLock() {
        std::error_code ec;
        fs::remove(root_ / kRunnerRecord, ec);
        ::close(fd_);
    }
    // The stages running now, each with when it started.
    void note(const std::map<std::string, double>& running) {
        json stages = json::object();
        for (const auto& [id, started] : running) stages[id] = started;
        write_file_atomic(root_ / kRunnerRecord, json{{"pid", static_cast<long>(::getpid())}, {"stages", stages}}.dump() + "\n");
    }

private:
    fs::path root_;
    int fd_ = -1;
};
}  // namespace

StageState recorded_state(const Stage& stage) {
    const auto j = read_record(stage);
    if (!j) return StageState::Pending;
    const auto state = (*j)["state"].get<std::string>();
    return state == "done" ? StageState::Done : state == "failed" ? StageState::Failed : StageState::Pending;
}

std::optional<LiveRun> live_run(const fs::path& root) {
    const int fd = ::open((root / kRunnerLock).c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    const bool free = ::flock(fd, LOCK_SH | LOCK_NB) == 0;
    ::close(fd);
    if (free) return std::nullopt;
    LiveRun run;
    try {
        const auto j = json::parse(read_file(root / kRunnerRecord));
        run.pid = j.at("pid").get<long>();
        for (const auto& [id, started] : j.at("stages").items()) run.stages[id] = started.get<double>();
    } catch (const std::exception&) {
        // Locked but not yet (or no longer) described: a run is there; which stage is unknown.
    }
    return run;
}

std::vector<StageStatus> experiment_status(const ExperimentPlan& plan) {
    const auto live = live_run(plan.root);
    std::vector<StageStatus> out;
    for (const auto& stage : plan.stages) {
        StageStatus s{stage.id, "pending", "", 0};
        if (const auto j = read_record(stage)) {
            s.state = (*j)["state"].get<std::string>();
            s.detail = j->value("detail", std::string());
            s.seconds = j->value("seconds", 0.0);
        }
        if (s.state != "done" && is_held(stage)) {
            s.state = "held";
            s.detail = "stopped by hand; `empower experiment resume --stage " + stage.id + "` releases it";
        }
        if (const auto it = live ? live->stages.find(stage.id) : std::map<std::string, double>::const_iterator{}; live && it != live->stages.end()) {
            s.state = "running";
            s.seconds = unix_now() - it->second;
        }
        out.push_back(std::move(s));
    }
    return out;
}

long stop_experiment(const fs::path& root) {
    const auto live = live_run(root);
    if (!live || live->pid <= 0) return 0;
    if (::kill(static_cast<pid_t>(live->pid), SIGTERM) != 0) throw Error("cannot stop process " + std::to_string(live->pid) + ": " + std::strerror(errno));
    return live->pid;
}

RunSummary run_experiment(const ExperimentPlan& plan, const RunOptions& options) {
    if (!options.empower_binary.is_absolute()) throw Error("the empower program must be given by its absolute path");
    RunnerLock lock(plan.root);
    std::unique_ptr<store::Workspace> workspace;
    std::int64_t experiment_id = 0;
    std::map<std::string, store::ExperimentStageRecord> linked;  // stage id -> its record from earlier runs
    if (!options.workspace.empty()) {
        workspace = std::make_unique<store::Workspace>(options.workspace, true);
        experiment_id = workspace->record_experiment(options.experiment_name, options.spec_path.string(), plan.root.string(), options.spec_json);
        for (const auto& s : workspace->experiment_stages(experiment_id)) linked[s.stage_id] = s;
    }
    // The run a stage is in the workspace: the one it was linked to with this key (a resumed
    // fine-tune continues its run), else a new one. 0 without a workspace, and for datasets.
    const auto run_of = [&](const Stage& stage) -> std::int64_t {
        if (!workspace || stage.kind == StageKind::Dataset) return 0;
        const auto earlier = linked.find(stage.id);
        if (earlier != linked.end() && earlier->second.stage_key == stage.key && earlier->second.run_id > 0 &&
            workspace->run(earlier->second.run_id))
            return earlier->second.run_id;
        return workspace->create_run(options.experiment_name + ":" + stage.id, to_string(stage.kind), stage.config_text, stage.output.string());
    };
    const auto link = [&](const Stage& stage, std::int64_t run) {
        if (!workspace) return;
        if (run == 0) {
            const auto earlier = linked.find(stage.id);
            if (earlier != linked.end() && earlier->second.stage_key == stage.key) run = earlier->second.run_id;
        }
        workspace->link_experiment_stage(experiment_id, stage.id, stage.key, run);
        linked[stage.id] = {stage.id, stage.key, run};
    };
    RunSummary summary;
    const auto emit = [&](const StageEvent& e) {
        if (options.on_event) options.on_event(e);
    };
    std::set<std::string> finished;     // done: what needs it can start
    std::set<std::string> unavailable;  // failed or skipped: what needs it cannot run
    std::vector<bool> handled(plan.stages.size(), false);
    for (std::size_t i = 0; i < plan.stages.size(); ++i) {
        const auto& stage = plan.stages[i];
        if (recorded_state(stage) != StageState::Done) continue;
        link(stage, 0);
        ++summary.reused;
        finished.insert(stage.id);
        handled[i] = true;
        emit({stage.id, "reused", stage.dir.string(), 0});
    }
    // Up to options.jobs stages at a time, each started as soon as its needs are done, in plan order.
    std::vector<std::unique_ptr<StageChild>> running;
    std::map<std::string, double> running_since;
    // With GPUs, each running stage holds one of them, so at most that many run at once.
    const std::size_t jobs = options.gpus > 0 ? static_cast<std::size_t>(std::min(std::max(1, options.jobs), options.gpus))
                                              : static_cast<std::size_t>(std::max(1, options.jobs));
    const auto free_gpu = [&] {
        if (options.gpus <= 0) return -1;
        for (int g = 0; g < options.gpus; ++g)
            if (std::none_of(running.begin(), running.end(), [g](const auto& child) { return child->gpu() == g; })) return g;
        return -1;
    };
    for (;;) {
        const bool stopping = options.stop && options.stop->load();
        for (std::size_t i = 0; i < plan.stages.size(); ++i) {
            if (handled[i]) continue;
            const auto& stage = plan.stages[i];
            std::string missing;
            bool ready = true;
            for (const auto& need : stage.needs) {
                if (unavailable.count(need)) missing = need;
                ready = ready && finished.count(need);
            }
            if (!missing.empty()) {
                unavailable.insert(stage.id);
                handled[i] = true;
                ++summary.skipped;
                emit({stage.id, "skipped", "needs " + missing, 0});
                continue;
            }
            if (!ready || stopping || running.size() >= jobs || is_held(stage)) continue;
            handled[i] = true;
            const std::int64_t run = run_of(stage);
            link(stage, run);
            std::vector<std::string> extra;
            if (run > 0) extra = {"--workspace", options.workspace.string(), "--run-id", std::to_string(run)};
            running_since[stage.id] = unix_now();
            lock.note(running_since);
            const int gpu = free_gpu();
            emit({stage.id, "started", stage.dir.string(), 0, gpu});
            running.push_back(std::make_unique<StageChild>(stage, options, extra, gpu));
        }
        if (running.empty()) {
            // What is left now waits on a held stage (or on the stop): nothing will start it.
            summary.stopped = std::find(handled.begin(), handled.end(), false) != handled.end();
            break;
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        for (auto it = running.begin(); it != running.end();) {
            if (!(*it)->finished()) {
                ++it;
                continue;
            }
            const auto outcome = (*it)->outcome();
            emit(outcome);
            if (outcome.event == "done") {
                ++summary.ran;
                finished.insert(outcome.id);
            } else if (outcome.event == "stopped") {
                summary.stopped = true;
                // Held by hand (the run goes on): it may start again once released.
                if (!stopping)
                    for (std::size_t i = 0; i < plan.stages.size(); ++i)
                        if (plan.stages[i].id == outcome.id) handled[i] = false;
            } else {
                ++summary.failed;
                unavailable.insert(outcome.id);
            }
            running_since.erase(outcome.id);
            lock.note(running_since);
            it = running.erase(it);
        }
    }
    return summary;
}

StageEvent run_stage(const Stage& stage, const RunOptions& options, const std::vector<std::string>& extra_arguments) {
    StageChild child(stage, options, extra_arguments);
    while (!child.finished()) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    return child.outcome();
}

}  // namespace ew::experiment

// `empower runs`: the local job lifecycle the GUI's training and evaluation panels use, for a
// terminal (core/jobs/local_jobs.h).
//   empower runs list --workspace ws.sqlite [--json]    (first marks runs whose process vanished)
//   empower runs stop --workspace ws.sqlite --run-id N  (SIGTERM, only to the recorded process)
//   empower runs resume --workspace ws.sqlite --run-id N
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "jobs/local_jobs.h"
#include "store/workspace.h"

#include <cstdio>
#include <iostream>

namespace ew::cli {

void register_runs(CLI::App& app) {
    struct Args {
        std::string workspace;
        std::int64_t run_id = 0;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* runs = app.add_subcommand("runs", "List, stop and resume the workspace's training and evaluation runs on this machine");
    runs->require_subcommand(1);
    auto* list = runs->add_subcommand("list", "List the runs (runs whose process vanished are marked failed first)");
    auto* stop = runs->add_subcommand("stop", "Stop a running local run (SIGTERM: it checkpoints and exits)");
    auto* resume = runs->add_subcommand("resume", "Resume a stopped or failed local run from its checkpoint");
    for (auto* cmd : {list, stop, resume}) cmd->add_option("--workspace", a->workspace, "Workspace database")->required();
    for (auto* cmd : {stop, resume}) cmd->add_option("--run-id", a->run_id, "Run id")->required();
    list->add_flag("--json", a->json, "Print one JSON object");
    list->callback([a] {
        store::Workspace ws(a->workspace, false);
        jobs::mark_vanished_local_runs(ws);
        auto rows = nlohmann::json::array();
        for (const auto& r : ws.runs()) {
            const auto state = r.target == "local" ? jobs::to_string(jobs::state_of(jobs::recorded_identity(r))) : "";
            rows.push_back({{"id", r.id}, {"name", r.name}, {"kind", r.kind}, {"status", r.status}, {"target", r.target},
                            {"pid", r.pid}, {"host", r.host}, {"process", state}, {"error", r.error}});
            if (!a->json)
                std::printf("%4lld  %-24s %-6s %-9s %-6s %s%s\n", static_cast<long long>(r.id), r.name.c_str(), r.kind.c_str(),
                            r.status.c_str(), r.target.c_str(), r.host.empty() ? "" : ("on " + r.host + " ").c_str(), state);
        }
        if (a->json) std::cout << json_text({{"runs", rows}}) << "\n";
    });
    stop->callback([a] {
        store::Workspace ws(a->workspace, false);
        jobs::stop_local_run(ws, a->run_id);
        std::printf("run %lld: stopping\n", static_cast<long long>(a->run_id));
    });
    resume->callback([a] {
        store::Workspace ws(a->workspace, false);
        jobs::resume_local_run(ws, a->workspace, a->run_id, std::filesystem::read_symlink("/proc/self/exe"));
        std::printf("run %lld: resumed\n", static_cast<long long>(a->run_id));
    });
}

}  // namespace ew::cli

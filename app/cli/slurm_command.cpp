// `empower slurm`: the same Slurm job target the GUI has, for scripts and for a terminal on a
// cluster's login node.
//   empower slurm submit --kind train --config run.json --workspace ws.sqlite [--name N] [resources]
//   empower slurm status --workspace ws.sqlite [--json]   (follows every Slurm run, then lists them)
//   empower slurm cancel --workspace ws.sqlite --run-id N
//   empower slurm resubmit --workspace ws.sqlite --run-id N
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cluster/slurm_runs.h"
#include "store/run_directory.h"
#include "support/error.h"
#include "support/file_io.h"

#include <cstdio>
#include <iostream>
#include <nlohmann/json.hpp>
#include <unistd.h>

namespace ew::cli {

namespace {

std::filesystem::path this_executable() {
    std::error_code ec;
    auto path = std::filesystem::read_symlink("/proc/self/exe", ec);
    if (ec) throw Error("cannot find the empower executable: " + ec.message());
    return path;
}

}  // namespace

void register_slurm(CLI::App& app) {
    struct Args {
        std::string kind = "train", config, workspace, name, bin_dir, empower;
        cluster::SlurmResources resources;
        std::int64_t run_id = 0;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* slurm = app.add_subcommand("slurm", "Run training and evaluation jobs on a Slurm cluster");
    slurm->require_subcommand(1);
    auto common = [a](CLI::App* cmd) {
        cmd->add_option("--workspace", a->workspace, "Workspace database the run is recorded in")->required();
        cmd->add_option("--slurm-bin", a->bin_dir, "Folder of sbatch/squeue/scontrol/sacct/scancel (default: PATH)");
    };
    auto* submit = slurm->add_subcommand("submit", "Write an sbatch script for `empower train|eval` and submit it");
    common(submit);
    submit->add_option("--kind", a->kind, "Job kind")->check(CLI::IsMember({"train", "eval"}))->capture_default_str();
    submit->add_option("--config", a->config, "The job's config (as for `empower train|eval --config`)")->required();
    submit->add_option("--name", a->name, "Run name (default: the config's run_name, else the file's stem)");
    add_slurm_resource_options(submit, a->resources);
    submit->add_option("--empower", a->empower, "The empower binary as the compute node sees it (default: this one)");
    submit->callback([a] {
        std::string config = read_file(a->config);
        nlohmann::json parsed;
        try {
            parsed = nlohmann::json::parse(config);
        } catch (const nlohmann::json::exception& e) {
            fail_file(a->config, std::string("not JSON: ") + e.what());
        }
        cluster::SlurmSubmission s;
        s.kind = a->kind;
        s.name = !a->name.empty() ? a->name : parsed.value("run_name", std::filesystem::path(a->config).stem().string());
        s.config_json = config;
        s.out_dir = parsed.value("out_dir", std::string());
        s.empower_binary = a->empower.empty() ? this_executable() : std::filesystem::path(a->empower);
        s.resources = a->resources;
        store::Workspace ws(a->workspace);
        const cluster::SlurmClient client(a->bin_dir);
        const auto id = cluster::submit_slurm_run(ws, a->workspace, s, client);
        const auto run = *ws.run(id);
        std::cout << json_text({{"run_id", id}, {"name", run.name}, {"job_id", run.external_id},
                                {"script", (store::run_files(a->workspace, run.name).dir / "job.sbatch").string()}})
                  << "\n";
    });

    auto* status = slurm->add_subcommand("status", "Ask Slurm about every Slurm run, settle finished ones, list them");
    common(status);
    status->add_flag("--json", a->json, "Print one JSON array");
    status->callback([a] {
        store::Workspace ws(a->workspace);
        const cluster::SlurmClient client(a->bin_dir);
        cluster::follow_slurm_runs(ws, client);
        auto list = nlohmann::json::array();
        for (const auto& r : ws.runs()) {
            if (r.target != "slurm") continue;
            list.push_back({{"run_id", r.id}, {"name", r.name}, {"kind", r.kind}, {"job_id", r.external_id},
                            {"status", r.status}, {"error", r.error}});
            if (!a->json)
                std::printf("%4lld  %-24s %-6s job %-8s %-9s %s\n", static_cast<long long>(r.id), r.name.c_str(), r.kind.c_str(),
                            r.external_id.c_str(), r.status.c_str(), r.error.c_str());
        }
        if (a->json) std::cout << json_text(list) << "\n";
    });

    auto* cancel = slurm->add_subcommand("cancel", "scancel a run's job (the job checkpoints on SIGTERM)");
    common(cancel);
    cancel->add_option("--run-id", a->run_id, "Run id")->required();
    cancel->callback([a] {
        store::Workspace ws(a->workspace);
        cluster::cancel_slurm_run(ws, a->run_id, cluster::SlurmClient(a->bin_dir));
    });

    auto* resubmit = slurm->add_subcommand("resubmit", "Submit a stopped or failed run's script again; it resumes from its checkpoint");
    common(resubmit);
    resubmit->add_option("--run-id", a->run_id, "Run id")->required();
    resubmit->callback([a] {
        store::Workspace ws(a->workspace);
        cluster::resubmit_slurm_run(ws, a->workspace, a->run_id, cluster::SlurmClient(a->bin_dir));
        std::cout << json_text({{"run_id", a->run_id}, {"job_id", ws.run(a->run_id)->external_id}}) << "\n";
    });
}

}  // namespace ew::cli

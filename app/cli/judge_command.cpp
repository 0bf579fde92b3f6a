// `empower judge`: runs a solution against every test of a problem through the sandbox. Exits 0
// whatever the verdicts; non-zero only when the problem or the solution cannot be read.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "eval/judge.h"
#include "support/file_io.h"

#include <cstdio>
#include <iostream>

namespace ew::cli {

void register_judge(CLI::App& app) {
    struct Args {
        std::string problem, solution;
        double wall = 5.0, cpu = 4.0;
        std::size_t memory_mb = 512;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("judge", "Run a Python solution against a problem's tests in the sandbox");
    cmd->add_option("--problem", a->problem, "Problem folder (tests/*.in, tests/*.out)")->required();
    cmd->add_option("--solution", a->solution, "Python file")->required();
    cmd->add_option("--time-limit", a->wall, "Wall-clock seconds per test")->capture_default_str();
    cmd->add_option("--cpu-limit", a->cpu, "CPU seconds per test")->capture_default_str();
    cmd->add_option("--memory-mb", a->memory_mb, "Address-space limit per test (MiB)")->capture_default_str();
    cmd->add_flag("--json", a->json, "Print one JSON object");
    cmd->callback([a] {
        const auto tests = eval::load_test_cases(a->problem);
        const auto source = read_file(a->solution);
        sandbox::Limits limits;
        limits.wall_seconds = a->wall;
        limits.cpu_seconds = a->cpu;
        limits.memory_bytes = a->memory_mb << 20;
        const auto report = eval::judge(source, tests, limits);
        if (a->json) {
            auto list = nlohmann::json::array();
            for (const auto& t : report.tests)
                list.push_back({{"name", t.name}, {"verdict", eval::to_string(t.verdict)}, {"wall_ms", t.wall_ms},
                                {"max_rss_kb", t.max_rss_kb}, {"detail", t.detail}});
            std::cout << json_text({{"passed", report.passed}, {"tests", list}, {"isolation", report.isolation}}) << "\n";
            return;
        }
        for (const auto& t : report.tests)
            std::printf("%-12s %-14s %8.1f ms %8ld KiB\n", t.name.c_str(), eval::to_string(t.verdict), t.wall_ms, t.max_rss_kb);
        std::printf("%s (%zu tests; %s)\n", report.passed ? "PASSED" : "FAILED", report.tests.size(), report.isolation.c_str());
    });
}

}  // namespace ew::cli

// `empower`: the headless command line. Same core code as the GUI; prints JSON with --json.
#include "cli/commands.h"
#include "sandbox/sandbox.h"
#include "support/error.h"
#include "support/failure_message.h"

#include <iostream>

int main(int argc, char** argv) {
    CLI::App app{"empower — Empower Workbench command line: score code, suggest completions, pretrain and benchmark models"};
    app.require_subcommand(1);
    app.set_version_flag("--version", std::string("empower ") + EW_VERSION);
    ew::cli::register_pretrain(app);
    // Global: applies to every subcommand that runs code in the sandbox (judge, eval, bench).
    // Option callbacks run before any subcommand's, and set_isolation reaches child jobs too.
    app.add_option_function<std::string>(
           "--isolation", [](const std::string& name) { ew::sandbox::set_isolation(ew::sandbox::parse_isolation(name)); },
           "Sandbox isolation for generated code: bubblewrap (default) or unshare (weaker; only when bubblewrap is unavailable)")
        ->check(CLI::IsMember({"bubblewrap", "unshare"}));
    ew::cli::register_score(app);
    ew::cli::register_map(app);
    ew::cli::register_suggest(app);
    ew::cli::register_bench(app);
    ew::cli::register_tokenize(app);
    ew::cli::register_chat_prompt(app);
    ew::cli::register_dataset(app);
    ew::cli::register_train(app);
    ew::cli::register_judge(app);
    ew::cli::register_eval(app);
    ew::cli::register_study(app);
    ew::cli::register_slurm(app);
    ew::cli::register_runs(app);
    ew::cli::register_calibrate_weights(app);
    ew::cli::register_experiment(app);
#ifdef EW_WITH_SERVE
    ew::cli::register_serve(app);
    ew::cli::register_study_serve(app);
#endif
    try {
        app.parse(argc, argv);
    } catch (const CLI::ParseError& e) {
        return app.exit(e);
    } catch (const ew::Error& e) {
        std::cerr << "empower: error: " << e.what() << "\n";
        return 1;
    } catch (const std::exception& e) {
        // libtorch's failures carry a stack trace: the user gets one line, the log the rest.
        std::string command = "empower";
        for (int i = 1; i < argc; ++i) command += std::string(" ") + argv[i];
        std::cerr << "empower: error: " << ew::report_failure(e, command) << "\n";
        return 2;
    }
    return 0;
}

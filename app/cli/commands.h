// Each `empower` subcommand registers itself on the CLI11 app; main() only dispatches and turns
// ew::Error into one clear line on stderr with a non-zero exit code.
#pragma once
#include <CLI/CLI.hpp>

namespace ew::cli {

void register_pretrain(CLI::App& app);
void register_score(CLI::App& app);
void register_serve(CLI::App& app);  // only with EW_WITH_SERVE
void register_study_serve(CLI::App& app);  // only with EW_WITH_SERVE; after register_study
void register_map(CLI::App& app);
void register_suggest(CLI::App& app);
void register_bench(CLI::App& app);
void register_tokenize(CLI::App& app);
void register_chat_prompt(CLI::App& app);
void register_dataset(CLI::App& app);
void register_train(CLI::App& app);
void register_judge(CLI::App& app);
void register_eval(CLI::App& app);
void register_study(CLI::App& app);
void register_slurm(CLI::App& app);
void register_runs(CLI::App& app);
void register_calibrate_weights(CLI::App& app);
void register_experiment(CLI::App& app);

}  // namespace ew::cli

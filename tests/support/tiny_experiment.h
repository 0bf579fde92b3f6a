// A tiny experiment for tests that run the whole pipeline as real child processes: its inputs (a
// tiny base model, a corpus of small programs, one bundled problem) and its spec (SFT-4 and the
// untrained Base-4, a few seconds per stage).
#pragma once
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace ew::testing {

// Writes `folder`/base (a tiny model), `folder`/corpus (tiny_corpus() four times over) and
// `folder`/problems/lava-trap (the bundled problem).
void write_tiny_experiment_inputs(const std::filesystem::path& folder);

// The spec over those inputs (paths relative to `folder`): dataset, fine-tune and evaluation of
// sft-4, evaluation of base-4. `epochs`: more keeps the fine-tune running long enough to be stopped.
nlohmann::json tiny_experiment_spec(const std::string& name, int epochs = 1);

}  // namespace ew::testing

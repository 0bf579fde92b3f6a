// An experiment expanded into stages: dataset → fine-tune → evaluate for every method (and η,
// dataset seed, repeat), plus evaluate-only stages for the untrained arms, one evaluation per
// problem set and simulated human. Each stage is an ordinary run of `empower dataset`, `train` or
// `eval` with its own folder under the experiment's stage root.
//
// Every stage has a key: a SHA-256 over the code version, the stage's own settings, the contents
// of the files it reads (corpus, base model, problem set) and its parents' keys. A stage's folder
// is named by its key, so a stage whose key matches a finished one is that one — reused, not run
// again — and editing one method's η changes the keys of that branch only.
#pragma once
#include "experiment/experiment_spec.h"

#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ew::experiment {

enum class StageKind { Dataset, FineTune, Evaluate };
const char* to_string(StageKind kind);  // "dataset", "train", "eval": the empower subcommand

struct Stage {
    std::string id;                 // readable and unique within the plan: "train/empower-4/seed-0/repeat-1"
    StageKind kind = StageKind::Dataset;
    std::string arm;                // the table row it feeds: "empower-4", "sft-10", "base-10"
    std::string human;              // evaluations: HumanSpec::label(); else empty
    std::string human_population;   // evaluations: HumanSpec::population(), the table row it feeds
    std::string problems;           // evaluations: the problem set's folder name; else empty
    std::vector<std::string> needs; // ids of the stages whose outputs it reads
    std::string key;                // hex SHA-256 (see above)
    std::filesystem::path dir;      // stage_root / "<kind>-<first 16 of key>"
    std::filesystem::path output;   // the dataset JSONL, the fine-tuned model folder, or the episodes JSONL
    std::string config_text;        // run.json / eval.json written into dir (train, eval); empty for datasets
    std::vector<std::string> arguments;  // `empower` arguments that run it (after the binary's name)
};

struct ExperimentPlan {
    std::filesystem::path root;  // the stage root: every stage's folder is below it
    std::vector<Stage> stages;   // parents before children
    const Stage& at(const std::string& id) const;
};

// What the keys read of a file or folder: a SHA-256 of its bytes (folders: of every file's relative
// path and bytes, in order). Replaceable so tests can count what is read.
using Fingerprint = std::function<std::string(const std::filesystem::path&)>;
std::string content_fingerprint(const std::filesystem::path& path);

// Where a spec's stages live unless told otherwise: <spec's folder>/<name>.stages.
std::filesystem::path default_stage_root(const std::filesystem::path& spec_path, const ExperimentSpec& spec);

// `code_version`: what the key must change with besides the inputs (the workbench version).
ExperimentPlan plan_experiment(const ExperimentSpec& spec, const std::filesystem::path& stage_root, const std::string& code_version,
                               const Fingerprint& fingerprint = content_fingerprint);

}  // namespace ew::experiment

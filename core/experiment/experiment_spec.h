// An experiment: the paper's grid as one object (§5.1–5.2, App. B–C). Datasets for several methods
// are built from one corpus with the base model as the likelihood model, one assistant is
// fine-tuned per dataset (and per repeat), and every assistant — plus untrained baselines — is
// evaluated with each simulated human. The spec is a JSON file; unknown fields anywhere are errors
// naming the field, and the fine-tuning and evaluation settings are checked by the same readers
// `empower train` and `empower eval` use. experiment_plan.h expands it into stages.
//
// {
//   "name": "paper-mini",
//   "base_model": "",                       // empty: the bundled model
//   "corpus": "/usr/lib/python3.11",        // folder of .py files or JSONL, as `empower dataset --corpus`
//   "dataset": {"seeds": [0], "max_completion_tokens": 128},
//   "methods": [{"method": "empower", "eta": [4, 8]}, {"method": "sft-10"},
//               {"method": "sft-rand-1-30", "fine_tune": {"learning_rate": 2e-4}}],
//   "fine_tune": {"epochs": 1, "batch_size": 8},   // run.json fields shared by every method
//   "repeats": 1,                                   // assistants per dataset (fine-tuning seeds 0..repeats-1 added)
//   "untrained": ["base", "base-10"],               // policies evaluated on the base model itself
//   "evaluation": {"problems": ["projects"], "humans": [{"human": "replay"}, {"human": "noisy-replay", "seeds": [0, 1, 2]}],
//                  "settings": {"max_tokens": 48}}   // eval.json fields shared by every evaluation
// }
#pragma once
#include <cstdint>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ew::experiment {

struct MethodSpec {
    std::string method;               // "empower", "sft-N", "sft-rand-A-B" (empower::DatasetSpec::parse_method)
    std::vector<double> etas;         // empower: one dataset per η (nats); others: empty
    nlohmann::json fine_tune = nlohmann::json::object();  // run.json fields overriding the shared ones
};

struct HumanSpec {
    std::string human = "replay";     // replay | noisy-replay | llm
    std::filesystem::path human_model;  // llm: an instruct model directory
    std::int64_t seed = -1;             // noisy-replay: ≥ 0 one seeded human of a population (eval.json human_seed)
    std::string label() const;          // "replay", "noisy-replay", "noisy-replay:seed-3", "llm:<model folder>"
    // The table row it feeds: seeded humans of one kind pool into one row ("noisy-replay, seeded").
    std::string population() const;
};

struct ExperimentSpec {
    std::string name;
    std::filesystem::path base_model;   // empty: the bundled model
    std::filesystem::path corpus;
    std::vector<std::uint64_t> dataset_seeds = {0};
    int max_completion_tokens = 128;
    std::vector<MethodSpec> methods;
    nlohmann::json fine_tune = nlohmann::json::object();
    int repeats = 1;
    std::vector<std::string> untrained;  // suggestion policies on the base model: base, base-N, empower
    std::vector<std::filesystem::path> problems;
    std::vector<HumanSpec> humans = {HumanSpec{}};
    nlohmann::json evaluation = nlohmann::json::object();  // eval.json fields shared by every evaluation

    // Relative paths in the file are relative to the file's folder.
    static ExperimentSpec from_json_text(const std::string& text, const std::string& origin,
                                         const std::filesystem::path& relative_to = {});
    static ExperimentSpec load(const std::filesystem::path& path);
    std::string to_json_text() const;
};

}  // namespace ew::experiment

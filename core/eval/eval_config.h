// An evaluation's configuration — the eval.json that `empower eval --config` reads and the
// evaluation panel writes: the assistant (model × policy × η), the simulated human, the problems.
// Unknown fields are rejected (typos).
#pragma once
#include "eval/episode.h"
#include "eval/metrics.h"

#include <cstdint>
#include <filesystem>
#include <string>

namespace ew::eval {

struct EvalConfig {
    std::string run_name = "eval";
    std::filesystem::path problems;          // a problem set folder
    std::filesystem::path assistant_model;   // empty: the bundled model
    std::filesystem::path likelihood_model;  // empty: the assistant scores itself
    std::string policy = "empower";          // empower | empower-auto | base | base-N
    double eta = 8.0;                        // nats
    int max_tokens = 48;
    std::string human = "replay";            // replay | noisy-replay | patient-replay | llm
    std::filesystem::path human_model;       // llm: an instruct model directory (App. D.3 prompts)
    // noisy-replay: -1, the deterministic noisy replay (accepts a suggestion at least half right);
    // a seed ≥ 0, one of a population of varying replay humans (eval/seeded_noisy_human.h).
    std::int64_t human_seed = -1;
    // patient-replay (eval/patient_replay_human.h): impatient | middling | patient. Its seed is
    // human_seed (-1: 0).
    std::string patience;
    // empower-auto: the adaptive η's value of a kept character and cost of a character read
    // (empower/adaptive_eta.h); `eta` is its prior η. One calibrator per run: the run's problems
    // are one user's suggestions in order.
    double auto_alpha = 1.0, auto_beta = 0.25;
    // Chat templates (instruct assistant, LLM human): Qwen3's thinking switch, and the date a
    // template prints — empty: the day the run starts, written into every episode's record.
    bool enable_thinking = false;
    std::string chat_date;
    EpisodeOptions episode;
    DprWeights dpr;
    std::filesystem::path episodes_out;      // JSONL log of every step (empty: none)
    int limit = 0;                           // first N problems (0 = all)
    int threads = 0;
    std::string weights = "auto";            // how every model is held: lm::LoadOptions::weights

    static EvalConfig from_json_text(const std::string& text, const std::string& origin);
    static EvalConfig load(const std::filesystem::path& path);
    std::string to_json_text() const;
};

}  // namespace ew::eval

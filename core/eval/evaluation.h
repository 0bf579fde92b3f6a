// One evaluation run (the `empower eval --config eval.json` job): an assistant (model × policy ×
// η) helps a simulated human solve every problem of a set; each final program is judged in the
// sandbox; episodes are logged step by step and summarised with standard errors.
#pragma once
#include "empower/suggestion_policy.h"
#include "eval/episode.h"
#include "eval/metrics.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace ew::eval {

struct EvalConfig {
    std::string run_name = "eval";
    std::filesystem::path problems;          // a problem set folder
    std::filesystem::path assistant_model;   // empty: the bundled model
    std::filesystem::path likelihood_model;  // empty: the assistant scores itself
    std::string policy = "empower";          // empower | base | base-N
    double eta = 8.0;                        // nats
    int max_tokens = 48;
    std::string human = "replay";            // replay | noisy-replay | llm
    std::filesystem::path human_model;       // llm: an instruct model directory (App. D.3 prompts)
    EpisodeOptions episode;
    DprWeights dpr;
    std::filesystem::path episodes_out;      // JSONL log of every step (empty: none)
    int limit = 0;                           // first N problems (0 = all)
    int threads = 0;

    static EvalConfig from_json_text(const std::string& text, const std::string& origin);
    static EvalConfig load(const std::filesystem::path& path);
    std::string to_json_text() const;
};

struct EvalProgress {
    std::string event;  // "start", "episode", "done", "stopped"
    std::size_t done = 0, total = 0;
    const Episode* episode = nullptr;
    double elapsed_seconds = 0;
};

struct EvalResult {
    std::vector<Episode> episodes;
    Summary summary;
    bool stopped_early = false;
};

EvalResult run_evaluation(const EvalConfig& config, const std::function<void(const EvalProgress&)>& on_progress,
                          const std::atomic<bool>* stop = nullptr);

}  // namespace ew::eval

// One evaluation run (the `empower eval --config eval.json` job): an assistant (model × policy ×
// η) helps a simulated human solve every problem of a set; each final program is judged in the
// sandbox; episodes are logged step by step and summarised with standard errors.
#pragma once
#include "empower/suggestion_policy.h"
#include "eval/episode.h"
#include "eval/eval_config.h"
#include "eval/metrics.h"

#include <atomic>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace ew::eval {

// A model the evaluation loaded, for the run's record.
struct LoadedModel {
    std::string role;     // "assistant", "likelihood", "human"
    std::string path;
    std::string weights;  // LanguageModel::weight_format()
};

struct EvalProgress {
    std::string event;  // "start", "episode", "done", "stopped"
    std::vector<LoadedModel> models;  // on "start"
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

#include "eval/evaluation.h"

#include "eval/episode_log.h"
#include "eval/llm_human.h"

#include "eval/problem_set.h"
#include "lm/model_registry.h"
#include "lm/transformer_language_model.h"
#include "support/error.h"
#include "support/json_config.h"
#include "support/file_io.h"
#include "support/resource_paths.h"

#include <chrono>
#include <nlohmann/json.hpp>

namespace ew::eval {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

std::string EvalConfig::to_json_text() const {
    json j = {{"run_name", run_name}, {"problems", problems.string()}, {"assistant_model", assistant_model.string()},
              {"likelihood_model", likelihood_model.string()}, {"policy", policy}, {"eta", eta}, {"max_tokens", max_tokens},
              {"human", human}, {"human_model", human_model.string()}, {"k_h", episode.human_tokens_per_turn}, {"max_rounds", episode.max_rounds},
              {"gamma", dpr.gamma}, {"alpha", dpr.alpha}, {"beta", dpr.beta}, {"episodes_out", episodes_out.string()},
              {"limit", limit}, {"threads", threads}};
    return j.dump(2) + "\n";
}

EvalConfig EvalConfig::from_json_text(const std::string& text, const std::string& origin) {
    const json j = parse_config_object(text, json::parse(EvalConfig{}.to_json_text()), origin);
    EvalConfig c;
    try {
        c.run_name = j.value("run_name", c.run_name);
        c.problems = j.value("problems", std::string());
        c.assistant_model = j.value("assistant_model", std::string());
        c.likelihood_model = j.value("likelihood_model", std::string());
        c.policy = j.value("policy", c.policy);
        c.eta = j.value("eta", c.eta);
        c.max_tokens = j.value("max_tokens", c.max_tokens);
        c.human = j.value("human", c.human);
        c.human_model = j.value("human_model", std::string());
        c.episode.human_tokens_per_turn = j.value("k_h", c.episode.human_tokens_per_turn);
        c.episode.max_rounds = j.value("max_rounds", c.episode.max_rounds);
        c.dpr.gamma = j.value("gamma", c.dpr.gamma);
        c.dpr.alpha = j.value("alpha", c.dpr.alpha);
        c.dpr.beta = j.value("beta", c.dpr.beta);
        c.episodes_out = j.value("episodes_out", std::string());
        c.limit = j.value("limit", c.limit);
        c.threads = j.value("threads", c.threads);
    } catch (const json::exception& e) {
        throw Error(origin + ": a field has the wrong type (" + e.what() + ")");
    }
    if (c.problems.empty()) throw Error(origin + ": \"problems\" is required");
    if (!empower::SuggestionPolicy::parse(c.policy))
        throw Error(origin + ": policy must be empower, base or base-N (optionally +instruct or +instruct-free)");
    if (c.human != "replay" && c.human != "noisy-replay" && c.human != "llm")
        throw Error(origin + ": human must be replay, noisy-replay or llm");
    if (c.human == "llm" && c.human_model.empty()) throw Error(origin + ": the llm human needs \"human_model\" (an instruct model)");
    if (c.episode.human_tokens_per_turn < 1 || c.episode.max_rounds < 1) throw Error(origin + ": k_h and max_rounds must be >= 1");
    return c;
}

EvalConfig EvalConfig::load(const fs::path& path) { return from_json_text(read_file(path), path.string()); }


EvalResult run_evaluation(const EvalConfig& c, const std::function<void(const EvalProgress&)>& on_progress, const std::atomic<bool>* stop) {
    auto problems = load_problem_set(c.problems);
    if (c.limit > 0 && static_cast<std::size_t>(c.limit) < problems.size()) problems.resize(static_cast<std::size_t>(c.limit));
    lm::LoadOptions load;
    load.threads = c.threads;
    // Through the registry: roles that name the same directory share one copy.
    auto assistant = lm::load_shared_model(c.assistant_model.empty() ? default_model_dir() : c.assistant_model, load);
    std::shared_ptr<lm::TransformerLanguageModel> likelihood;
    if (!c.likelihood_model.empty()) likelihood = lm::load_shared_model(c.likelihood_model, load);
    std::shared_ptr<lm::TransformerLanguageModel> human_model;  // the LLM human's instruct model, loaded once
    if (c.human == "llm") human_model = lm::load_shared_model(c.human_model, load);
    auto policy = *empower::SuggestionPolicy::parse(c.policy);
    policy.eta = c.eta;
    policy.max_tokens = c.max_tokens;

    const auto start = std::chrono::steady_clock::now();
    EvalResult result;
    EvalProgress p;
    p.total = problems.size();
    p.event = "start";
    if (on_progress) on_progress(p);
    std::string log;
    for (const auto& problem : problems) {
        if (stop && stop->load()) {
            result.stopped_early = true;
            break;
        }
        if (problem.reference.empty() && c.human != "llm")
            throw Error("problem " + problem.name + " has no reference solution for the simulated human");
        auto session = assistant->new_session();
        Assistant suggest = [&](const std::string& code) {
            empower::SuggestRequest request{code, policy, 0, likelihood.get()};
            return empower::suggest(*assistant, *session, request).text;
        };
        std::unique_ptr<SimulatedHuman> human;
        std::string starter;  // the replay human writes the reference from the top: start from an empty file
        if (c.human == "llm") {
            human = std::make_unique<LlmHuman>(human_model, problem.statement, problem.starter);
            starter = problem.starter;  // the LLM human is given the starter code, as in App. D.3
        } else if (c.human == "noisy-replay") {
            human = std::make_unique<NoisyReplayHuman>(problem.reference, assistant->tokenizer());
        } else {
            human = std::make_unique<ReplayHuman>(problem.reference, assistant->tokenizer());
        }
        auto episode = run_episode(problem.name, starter, suggest, *human, assistant->tokenizer(), c.episode);
        if (const auto* llm = dynamic_cast<const LlmHuman*>(human.get())) episode.unparsed_decisions = llm->unparsed_decisions();
        episode.passed = judge(episode.final_code, problem.tests, {}, true).passed;
        log += episode_to_json(episode).dump(-1, ' ', false, json::error_handler_t::replace) + "\n";
        result.episodes.push_back(std::move(episode));
        p.event = "episode";
        p.done = result.episodes.size();
        p.episode = &result.episodes.back();
        p.elapsed_seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        if (on_progress) on_progress(p);
    }
    if (!c.episodes_out.empty()) write_file_atomic(c.episodes_out, log);
    result.summary = summarize(result.episodes, c.dpr);
    p.event = result.stopped_early ? "stopped" : "done";
    p.episode = nullptr;
    if (on_progress) on_progress(p);
    return result;
}

}  // namespace ew::eval

#include "eval/evaluation.h"
#include "eval/seeded_noisy_human.h"
#include "eval/patient_replay_human.h"
#include "empower/adaptive_eta.h"

#include "eval/episode_log.h"
#include "eval/llm_human.h"

#include "eval/problem_set.h"
#include "lm/chat_template.h"
#include "lm/model_registry.h"
#include "lm/transformer_language_model.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/json_config.h"
#include "support/json_text.h"
#include "support/resource_paths.h"

#include <chrono>
#include <optional>
#include <ctime>
#include <nlohmann/json.hpp>

namespace ew::eval {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

namespace {
std::string describe_chat(const lm::ChatOptions& chat) {
    return "; date " + chat.date + ", thinking " + (chat.enable_thinking ? "on" : "off");
}
}  // namespace

EvalResult run_evaluation(const EvalConfig& c, const std::function<void(const EvalProgress&)>& on_progress, const std::atomic<bool>* stop) {
    auto problems = load_problem_set(c.problems);
    if (c.limit > 0 && static_cast<std::size_t>(c.limit) < problems.size()) problems.resize(static_cast<std::size_t>(c.limit));
    auto policy = *empower::SuggestionPolicy::parse(c.policy);
    policy.eta = c.eta;
    policy.max_tokens = c.max_tokens;
    // empower-auto: one calibrator for the run (its problems are one user's suggestions in order), from the prior η.
    std::optional<empower::AdaptiveEta> adaptive;
    if (policy.adaptive) {
        empower::AdaptiveEtaOptions options;
        options.prior_eta = empower::to_nats(c.eta, policy.unit);
        options.alpha = c.auto_alpha;
        options.beta = c.auto_beta;
        adaptive.emplace(options);
    }
    lm::LoadOptions load;
    load.threads = c.threads;
    load.weights = c.weights;
    // The memory check sizes the KV cache for one suggestion's pass; the LLM human's prompts have no
    // cap, so its model is checked for the default context.
    lm::LoadOptions suggesting = load;
    suggesting.context_tokens = policy.reach_tokens();
    // Through the registry: roles that name the same directory share one copy.
    const fs::path assistant_dir = c.assistant_model.empty() ? default_model_dir() : c.assistant_model;
    auto assistant = lm::load_shared_model(assistant_dir, suggesting);
    std::shared_ptr<lm::TransformerLanguageModel> likelihood;
    if (!c.likelihood_model.empty()) likelihood = lm::load_shared_model(c.likelihood_model, suggesting);
    std::shared_ptr<lm::TransformerLanguageModel> human_model;  // the LLM human's instruct model, loaded once
    if (c.human == "llm") human_model = lm::load_shared_model(c.human_model, load);
    // One date for the whole run, so every prompt of every episode is the same template output.
    lm::ChatOptions chat{c.enable_thinking, c.chat_date};
    if (chat.date.empty()) {
        const std::time_t now = std::time(nullptr);
        char day[16];
        std::strftime(day, sizeof day, "%Y-%m-%d", std::localtime(&now));
        chat.date = day;
    }

    const auto start = std::chrono::steady_clock::now();
    EvalResult result;
    EvalProgress p;
    p.total = problems.size();
    p.event = "start";
    p.models.push_back({"assistant", assistant_dir.string(), assistant->weights_provenance()});
    if (likelihood) p.models.push_back({"likelihood", c.likelihood_model.string(), likelihood->weights_provenance()});
    if (human_model) p.models.push_back({"human", c.human_model.string(), human_model->weights_provenance()});
    if (on_progress) on_progress(p);
    p.models.clear();
    std::string log;
    for (const auto& problem : problems) {
        if (stop && stop->load()) {
            result.stopped_early = true;
            break;
        }
        if (problem.reference.empty() && c.human != "llm")
            throw Error("problem " + problem.name + " has no reference solution for the simulated human");
        auto session = assistant->new_session();
        empower::SuggestionProfile last;  // the suggestion being decided on, token by token
        Assistant suggest = [&](const std::string& code) {
            if (adaptive) policy.eta = empower::from_nats(adaptive->eta(), policy.unit);
            empower::SuggestRequest request{code, policy, 0, likelihood.get()};
            request.chat = chat;
            auto s = empower::suggest(*assistant, *session, request);
            last = empower::profile_of(s, assistant->tokenizer());
            // Nothing shown: the human judges nothing, but what a larger η would have shown counts
            // (the adaptive η's averages and its floor, empower/adaptive_eta.h).
            if (adaptive && last.shown == 0 && !last.cumulative_nll.empty()) adaptive->observe(last, 0, 0);
            return s.text;
        };
        // empower-auto learns from what the human kept of each suggestion; the η it used is logged per step.
        DecisionObserver observe;
        if (adaptive)
            observe = [&](const std::string& shown, const SimulatedHuman::Decision& d, EpisodeStep& step) {
                step.eta = adaptive->eta();
                const bool kept_prefix = d.action == HumanAction::Accept && shown.starts_with(d.kept);
                adaptive->observe(last, last.shown, kept_prefix ? empower::tokens_within(last, d.kept.size()) : 0);
            };
        std::unique_ptr<SimulatedHuman> human;
        std::string starter;  // the replay human writes the reference from the top: start from an empty file
        if (c.human == "llm") {
            LlmHumanOptions human_options;
            human_options.chat = chat;
            human = std::make_unique<LlmHuman>(human_model, problem.statement, problem.starter, human_options);
            starter = problem.starter;  // the LLM human is given the starter code, as in App. D.3
        } else if (c.human == "patient-replay") {
            human = std::make_unique<PatientReplayHuman>(problem.reference, assistant->tokenizer(), static_cast<std::uint64_t>(std::max<std::int64_t>(0, c.human_seed)),
                                                         problem.name, *Patience::named(c.patience), [&] { return last; });
        } else if (c.human == "noisy-replay" && c.human_seed >= 0) {
            human = std::make_unique<SeededNoisyReplayHuman>(problem.reference, assistant->tokenizer(),
                                                             static_cast<std::uint64_t>(c.human_seed), problem.name);
        } else if (c.human == "noisy-replay") {
            human = std::make_unique<NoisyReplayHuman>(problem.reference, assistant->tokenizer());
        } else {
            human = std::make_unique<ReplayHuman>(problem.reference, assistant->tokenizer());
        }
        auto episode = run_episode(problem.name, starter, suggest, *human, assistant->tokenizer(), c.episode, observe);
        if (const auto* llm = dynamic_cast<const LlmHuman*>(human.get())) {
            episode.unparsed_decisions = llm->unparsed_decisions();
            episode.human_prompt = llm->prompt_engine() + describe_chat(chat);
        }
        if (policy.instruct)
            episode.assistant_prompt = lm::chat_prompt_engine(assistant->chat_template(), lm::detect_chat_format(assistant->tokenizer())) + describe_chat(chat);
        episode.passed = judge(episode.final_code, problem.tests, {}, true).passed;
        log += json_text(episode_to_json(episode)) + "\n";
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

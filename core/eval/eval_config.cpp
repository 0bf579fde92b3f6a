#include "eval/eval_config.h"

#include "empower/suggestion_policy.h"
#include "eval/patient_replay_human.h"
#include "lm/load_options.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/json_config.h"
#include "support/json_field.h"

#include <nlohmann/json.hpp>

namespace ew::eval {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

std::string EvalConfig::to_json_text() const {
    json j = {{"run_name", run_name}, {"problems", problems.string()}, {"assistant_model", assistant_model.string()},
              {"likelihood_model", likelihood_model.string()}, {"policy", policy}, {"eta", eta}, {"max_tokens", max_tokens},
              {"human", human}, {"human_model", human_model.string()}, {"human_seed", human_seed},
              {"enable_thinking", enable_thinking}, {"chat_date", chat_date}, {"k_h", episode.human_tokens_per_turn}, {"max_rounds", episode.max_rounds},
              {"gamma", dpr.gamma}, {"alpha", dpr.alpha}, {"beta", dpr.beta}, {"episodes_out", episodes_out.string()},
              {"limit", limit}, {"threads", threads}, {"weights", weights}};
    // Written only where they apply: an older config's text (and an experiment stage's key) stays the same.
    if (human == "patient-replay") j["patience"] = patience;
    if (auto p = empower::SuggestionPolicy::parse(policy); p && p->adaptive) {
        j["auto_alpha"] = auto_alpha;
        j["auto_beta"] = auto_beta;
    }
    return j.dump(2) + "\n";
}

EvalConfig EvalConfig::from_json_text(const std::string& text, const std::string& origin) {
    // Every field may appear, the optional ones included.
    EvalConfig every;
    every.human = "patient-replay";
    every.policy = "empower-auto";
    const json j = parse_config_object(text, json::parse(every.to_json_text()), origin);
    EvalConfig c;
    try {
        c.run_name = json_field(j, "run_name", c.run_name, origin);
        c.problems = json_field(j, "problems", std::string(), origin);
        c.assistant_model = json_field(j, "assistant_model", std::string(), origin);
        c.likelihood_model = json_field(j, "likelihood_model", std::string(), origin);
        c.policy = json_field(j, "policy", c.policy, origin);
        c.eta = json_field(j, "eta", c.eta, origin);
        c.max_tokens = json_field(j, "max_tokens", c.max_tokens, origin);
        c.human = json_field(j, "human", c.human, origin);
        c.human_model = json_field(j, "human_model", std::string(), origin);
        c.human_seed = json_field(j, "human_seed", c.human_seed, origin);
        c.patience = json_field(j, "patience", c.patience, origin);
        c.auto_alpha = json_field(j, "auto_alpha", c.auto_alpha, origin);
        c.auto_beta = json_field(j, "auto_beta", c.auto_beta, origin);
        c.enable_thinking = json_field(j, "enable_thinking", c.enable_thinking, origin);
        c.chat_date = json_field(j, "chat_date", c.chat_date, origin);
        c.episode.human_tokens_per_turn = json_field(j, "k_h", c.episode.human_tokens_per_turn, origin);
        c.episode.max_rounds = json_field(j, "max_rounds", c.episode.max_rounds, origin);
        c.dpr.gamma = json_field(j, "gamma", c.dpr.gamma, origin);
        c.dpr.alpha = json_field(j, "alpha", c.dpr.alpha, origin);
        c.dpr.beta = json_field(j, "beta", c.dpr.beta, origin);
        c.episodes_out = json_field(j, "episodes_out", std::string(), origin);
        c.limit = json_field(j, "limit", c.limit, origin);
        c.threads = json_field(j, "threads", c.threads, origin);
        c.weights = json_field(j, "weights", c.weights, origin);
    } catch (const json::exception& e) {
        throw Error(origin + ": a field has the wrong type (" + e.what() + ")");
    }
    if (c.problems.empty()) throw Error(origin + ": \"problems\" is required");
    try {
        lm::validate_weights_option(c.weights);
    } catch (const Error& e) {
        throw Error(origin + ": " + e.what());
    }
    if (!empower::SuggestionPolicy::parse(c.policy))
        throw Error(origin + ": policy must be empower, empower-auto, base or base-N (optionally +instruct or +instruct-free)");
    if (c.human != "replay" && c.human != "noisy-replay" && c.human != "patient-replay" && c.human != "llm")
        throw Error(origin + ": human must be replay, noisy-replay, patient-replay or llm");
    if (c.human_seed < -1) throw Error(origin + ": human_seed must be -1 (none) or a seed >= 0");
    if (c.human_seed >= 0 && c.human != "noisy-replay" && c.human != "patient-replay")
        throw Error(origin + ": human_seed applies to the noisy-replay and patient-replay humans only");
    if (c.human == "patient-replay" && !Patience::named(c.patience))
        throw Error(origin + ": the patient-replay human needs \"patience\": impatient, middling or patient");
    if (c.human != "patient-replay" && !c.patience.empty()) throw Error(origin + ": patience applies to the patient-replay human only");
    if (!(c.auto_alpha > 0) || !(c.auto_beta >= 0)) throw Error(origin + ": auto_alpha must be > 0 and auto_beta >= 0");
    if (c.human == "llm" && c.human_model.empty()) throw Error(origin + ": the llm human needs \"human_model\" (an instruct model)");
    if (c.episode.human_tokens_per_turn < 1 || c.episode.max_rounds < 1) throw Error(origin + ": k_h and max_rounds must be >= 1");
    return c;
}

EvalConfig EvalConfig::load(const fs::path& path) { return from_json_text(read_file(path), path.string()); }

}  // namespace ew::eval

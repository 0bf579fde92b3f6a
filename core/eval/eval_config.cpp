#include "eval/eval_config.h"

#include "empower/suggestion_policy.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/json_config.h"

#include <nlohmann/json.hpp>

namespace ew::eval {

namespace fs = std::filesystem;
using json = nlohmann::ordered_json;

std::string EvalConfig::to_json_text() const {
    json j = {{"run_name", run_name}, {"problems", problems.string()}, {"assistant_model", assistant_model.string()},
              {"likelihood_model", likelihood_model.string()}, {"policy", policy}, {"eta", eta}, {"max_tokens", max_tokens},
              {"human", human}, {"human_model", human_model.string()},
              {"enable_thinking", enable_thinking}, {"chat_date", chat_date}, {"k_h", episode.human_tokens_per_turn}, {"max_rounds", episode.max_rounds},
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
        c.enable_thinking = j.value("enable_thinking", c.enable_thinking);
        c.chat_date = j.value("chat_date", c.chat_date);
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

}  // namespace ew::eval

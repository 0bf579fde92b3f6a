#include "eval/episode_log.h"

#include "support/error.h"
#include "support/json_integer.h"
#include "support/jsonl_reader.h"

#include <limits>

namespace ew::eval {

HumanAction parse_human_action(const std::string& name) {
    if (name == "accept") return HumanAction::Accept;
    if (name == "reject") return HumanAction::Reject;
    if (name == "finish") return HumanAction::Finish;
    throw Error("unknown human action \"" + name + "\" (accept | reject | finish)");
}

nlohmann::json episode_to_json(const Episode& e) {
    auto steps = nlohmann::json::array();
    for (const auto& s : e.steps) {
        nlohmann::json step = {{"round", s.round}, {"suggestion", s.suggestion}, {"action", to_string(s.action)}, {"kept", s.kept},
                               {"deleted_chars", s.deleted_chars}, {"written", s.written}, {"tokens_read", s.tokens_read},
                               {"tokens_written", s.tokens_written}};
        if (s.eta >= 0) step["eta"] = s.eta;  // empower-auto's η trajectory
        steps.push_back(std::move(step));
    }
    return {{"problem", e.problem}, {"starter", e.starter}, {"passed", e.passed}, {"suggestions_shown", e.suggestions_shown},
            {"accepted", e.accepted}, {"tokens_read", e.tokens_read}, {"tokens_written", e.tokens_written},
            {"deleted_chars", e.deleted_chars}, {"unparsed_decisions", e.unparsed_decisions}, {"final_code", e.final_code},
            {"steps", steps}, {"assistant_prompt", e.assistant_prompt}, {"human_prompt", e.human_prompt}};
}

std::vector<Episode> read_episode_log(const std::filesystem::path& path) {
    std::vector<Episode> episodes;
    for_each_jsonl_line(path, [&](const nlohmann::json& j, int line) {
        const std::string where = path.string() + ": line " + std::to_string(line);
        // Counts are integers in 0..INT_MAX; get<int>() would truncate 2.5 and overflow on 1e30.
        auto count = [&](const nlohmann::json& object, const char* key) {
            return static_cast<int>(json_integer_in_range(object.at(key), 0, std::numeric_limits<int>::max(),
                                                          std::string("\"") + key + "\""));
        };
        try {
            Episode e;
            e.problem = j.at("problem").get<std::string>();
            e.starter = j.value("starter", std::string());
            e.passed = j.at("passed").get<bool>();
            e.suggestions_shown = count(j, "suggestions_shown");
            e.accepted = count(j, "accepted");
            e.tokens_read = count(j, "tokens_read");
            e.tokens_written = count(j, "tokens_written");
            e.deleted_chars = count(j, "deleted_chars");
            e.final_code = j.at("final_code").get<std::string>();
            e.unparsed_decisions = j.contains("unparsed_decisions") ? count(j, "unparsed_decisions") : 0;
            e.assistant_prompt = j.value("assistant_prompt", std::string());
            e.human_prompt = j.value("human_prompt", std::string());
            for (const auto& s : j.at("steps")) {
                EpisodeStep step;
                step.round = count(s, "round");
                step.suggestion = s.at("suggestion").get<std::string>();
                step.action = parse_human_action(s.at("action").get<std::string>());
                step.kept = s.at("kept").get<std::string>();
                step.deleted_chars = count(s, "deleted_chars");
                step.written = s.at("written").get<std::string>();
                step.tokens_read = count(s, "tokens_read");
                step.tokens_written = count(s, "tokens_written");
                if (s.contains("eta")) {
                    step.eta = s.at("eta").get<double>();
                    if (!(step.eta >= 0)) throw Error("\"eta\" must be a number >= 0");
                }
                e.suggested_chars += step.suggestion.size();
                e.steps.push_back(std::move(step));
            }
            episodes.push_back(std::move(e));
        } catch (const nlohmann::json::exception& ex) {
            throw Error(where + ": not an episode (" + ex.what() + ")");
        } catch (const Error& ex) {
            throw Error(where + ": " + ex.what());
        }
    });
    return episodes;
}

std::string code_after_step(const Episode& episode, std::size_t index) {
    std::string code = code_before_step(episode, index);
    const auto& s = episode.steps.at(index);
    if (s.action == HumanAction::Accept) code += s.kept;
    return code + s.written;
}

std::string code_before_step(const Episode& episode, std::size_t index) {
    if (index >= episode.steps.size()) throw Error("episode has no step " + std::to_string(index));
    std::string code = episode.starter;
    for (std::size_t i = 0; i < index; ++i) {
        const auto& s = episode.steps[i];
        if (s.action == HumanAction::Accept) code += s.kept;
        code += s.written;
    }
    return code;
}

}  // namespace ew::eval

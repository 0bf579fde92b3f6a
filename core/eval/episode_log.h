// Writing and reading an evaluation's episode log (the JSONL `empower eval` writes, one episode per line) back
// into Episodes, and reconstructing the code the human saw at each step — what the episode
// viewer replays in the editor.
#pragma once
#include "eval/episode.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <vector>

namespace ew::eval {

// One episode as one JSON object (a line of the log), every step included.
nlohmann::json episode_to_json(const Episode& episode);

// Throws ew::Error naming the file and line for malformed lines.
std::vector<Episode> read_episode_log(const std::filesystem::path& path);

// The code when step `index` began (the suggestion was shown after it), and after the step
// (accepted text kept, then the human's own tokens).
std::string code_before_step(const Episode& episode, std::size_t index);
std::string code_after_step(const Episode& episode, std::size_t index);

HumanAction parse_human_action(const std::string& name);  // "accept" | "reject" | "finish"

}  // namespace ew::eval

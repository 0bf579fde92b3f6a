// Problems for evaluation and for the editor: a folder with project.json, a statement, starter
// code, a reference solution and tests/*.in|*.out. A problem set is a folder of such folders.
#pragma once
#include "eval/judge.h"

#include <filesystem>
#include <string>
#include <vector>

namespace ew::eval {

struct Problem {
    std::string name;  // folder name
    std::string title;
    std::string statement;
    std::string starter;
    std::string reference;  // may be empty for problems without one
    std::vector<TestCase> tests;
};

Problem load_problem(const std::filesystem::path& dir);
// Every sub-folder holding a project.json, sorted by name; `dir` itself if it is a problem; or,
// for a .jsonl file, LiveCodeBench-style problems (see load_livecodebench_jsonl).
std::vector<Problem> load_problem_set(const std::filesystem::path& dir);

// LiveCodeBench-style JSONL: one problem per line with "question_title" (or "question_id"),
// "question_content", "starter_code", "public_test_cases" and "private_test_cases" — each a list of
// {"input", "output", "testtype": "stdin"} or a JSON string holding one; optional "reference"
// (a solution, needed by the replay human). Functional (LeetCode-style) tests are skipped.
// A malformed line is an error naming its line number.
std::vector<Problem> load_livecodebench_jsonl(const std::filesystem::path& path);

}  // namespace ew::eval

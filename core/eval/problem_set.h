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
// Every sub-folder holding a project.json, sorted by name; `dir` itself if it is a problem.
std::vector<Problem> load_problem_set(const std::filesystem::path& dir);

}  // namespace ew::eval

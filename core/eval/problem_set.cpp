#include "eval/problem_set.h"

#include "support/error.h"
#include "support/file_io.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace ew::eval {

namespace fs = std::filesystem;

Problem load_problem(const fs::path& dir) {
    nlohmann::json manifest;
    try {
        manifest = nlohmann::json::parse(read_file(dir / "project.json"));
    } catch (const nlohmann::json::exception& e) {
        fail_file(dir / "project.json", std::string("not valid JSON (") + e.what() + ")");
    }
    auto optional_file = [&](const char* key, const char* fallback) -> std::string {
        const auto name = manifest.value(key, std::string(fallback));
        std::error_code ec;
        return fs::exists(dir / name, ec) ? read_file(dir / name) : std::string();
    };
    Problem p;
    p.name = dir.filename().string();
    p.title = manifest.value("title", p.name);
    p.statement = optional_file("statement", "problem.md");
    p.starter = optional_file("starter", "solution.py");
    p.reference = optional_file("reference", "reference.py");
    p.tests = load_test_cases(dir);
    return p;
}

std::vector<Problem> load_problem_set(const fs::path& dir) {
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) fail_file(dir, "problem set folder does not exist");
    if (fs::exists(dir / "project.json")) return {load_problem(dir)};
    std::vector<fs::path> folders;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.is_directory() && fs::exists(e.path() / "project.json")) folders.push_back(e.path());
    std::sort(folders.begin(), folders.end());
    std::vector<Problem> problems;
    for (const auto& f : folders) problems.push_back(load_problem(f));
    if (problems.empty()) fail_file(dir, "no problems (folders with project.json) here");
    return problems;
}

}  // namespace ew::eval

#include "eval/problem_set.h"

#include "support/error.h"
#include "support/file_io.h"
#include "support/jsonl_reader.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ew::eval {

namespace fs = std::filesystem;

namespace {
// A field that is present must be a string: nlohmann's own type error would otherwise escape as an
// unexplained exception (the fuzzer found "output": 7). `fail` reports "<where>"<field>" is not a string".
template <typename Fail>
std::string text_field(const nlohmann::json& object, const char* field, const std::string& fallback, const std::string& where, Fail fail) {
    if (!object.contains(field)) return fallback;
    if (!object[field].is_string()) fail(where + "\"" + field + "\" is not a string");
    return object[field].get<std::string>();
}
}  // namespace

Problem load_problem(const fs::path& dir) {
    nlohmann::json manifest;
    try {
        manifest = nlohmann::json::parse(read_file(dir / "project.json"));
    } catch (const nlohmann::json::exception& e) {
        fail_file(dir / "project.json", std::string("not valid JSON (") + e.what() + ")");
    }
    if (!manifest.is_object()) fail_file(dir / "project.json", "not a JSON object");
    auto text = [&](const char* key, const std::string& fallback) {
        return text_field(manifest, key, fallback, "", [&](const std::string& what) { fail_file(dir / "project.json", what); });
    };
    auto optional_file = [&](const char* key, const char* fallback) -> std::string {
        const auto name = text(key, fallback);
        std::error_code ec;
        return fs::exists(dir / name, ec) ? read_file(dir / name) : std::string();
    };
    Problem p;
    p.name = dir.filename().string();
    p.title = text("title", p.name);
    p.statement = optional_file("statement", "problem.md");
    p.starter = optional_file("starter", "solution.py");
    p.reference = optional_file("reference", "reference.py");
    p.tests = load_test_cases(dir);
    return p;
}

std::vector<Problem> load_livecodebench_jsonl(const fs::path& path) {
    std::vector<Problem> problems;
    for_each_jsonl_line(path, [&](const nlohmann::json& j, int number) {
        auto bad = [&](const std::string& what) { fail_file(path, "line " + std::to_string(number) + ": " + what); };
        if (!j.is_object() || !j.contains("question_content") || !j["question_content"].is_string())
            bad("no string field \"question_content\"");
        auto text = [&](const nlohmann::json& object, const char* field, const std::string& fallback, const std::string& where) {
            return text_field(object, field, fallback, where, bad);
        };
        Problem p;
        p.name = j.contains("question_id") ? (j["question_id"].is_string() ? j["question_id"].get<std::string>() : j["question_id"].dump())
                                           : path.stem().string() + "-" + std::to_string(number);
        p.title = text(j, "question_title", p.name, "");
        p.statement = j["question_content"].get<std::string>();
        p.starter = text(j, "starter_code", "", "");
        p.reference = text(j, "reference", "", "");
        for (const char* key : {"public_test_cases", "private_test_cases"}) {
            if (!j.contains(key)) continue;
            nlohmann::json cases = j[key];
            try {
                if (cases.is_string()) cases = nlohmann::json::parse(cases.get<std::string>());  // LiveCodeBench stores a JSON string
            } catch (const nlohmann::json::exception&) {  // parse_error, or out_of_range (1e99999)
                bad(std::string("\"") + key + "\" is neither a list nor a JSON string of one");
            }
            if (!cases.is_array()) bad(std::string("\"") + key + "\" is not a list");
            for (const auto& c : cases) {
                if (!c.is_object() || !c.contains("input") || !c.contains("output")) bad(std::string("a test in \"") + key + "\" lacks input/output");
                const std::string where = std::string("a test in \"") + key + "\": ";
                if (text(c, "testtype", "stdin", where) != "stdin") continue;
                const auto input = text(c, "input", "", where), output = text(c, "output", "", where);
                p.tests.push_back({std::string(key).substr(0, std::string(key).find('_')) + "-" + std::to_string(p.tests.size() + 1),
                                   input, output});
            }
        }
        if (p.tests.empty()) bad("no stdin/stdout test cases");
        problems.push_back(std::move(p));
    });
    if (problems.empty()) fail_file(path, "no problems");
    return problems;
}

std::vector<Problem> load_problem_set(const fs::path& dir) {
    if (dir.extension() == ".jsonl") return load_livecodebench_jsonl(dir);
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

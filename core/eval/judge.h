// Judges a Python solution against a problem's stdin/stdout test cases, every run through the
// sandbox. Output is compared token by token (whitespace-insensitive), as competitive programming
// judges do.
#pragma once
#include "sandbox/sandbox.h"

#include <filesystem>
#include <string>
#include <vector>

namespace ew::eval {

enum class Verdict { Passed, WrongAnswer, RuntimeError, TimeLimit, MemoryLimit, OutputLimit };
const char* to_string(Verdict verdict);

struct TestCase {
    std::string name;
    std::string input;
    std::string expected_output;
};

struct TestReport {
    std::string name;
    Verdict verdict;
    double wall_ms;
    long max_rss_kb;
    std::string detail;  // stderr tail or the first differing token
};

struct JudgeReport {
    bool passed = false;
    std::vector<TestReport> tests;
    std::string isolation;
};

// tests/<name>.in + tests/<name>.out under a problem folder, sorted by name (numbers numerically).
std::vector<TestCase> load_test_cases(const std::filesystem::path& problem_dir);

bool outputs_match(const std::string& actual, const std::string& expected);

JudgeReport judge(const std::string& solution_source, const std::vector<TestCase>& tests,
                  const sandbox::Limits& limits = {}, bool stop_at_first_failure = false);

}  // namespace ew::eval

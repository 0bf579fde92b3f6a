#include "eval/judge.h"

#include "support/error.h"
#include "support/file_io.h"

#include <algorithm>
#include <sstream>

namespace ew::eval {

namespace fs = std::filesystem;

const char* to_string(Verdict v) {
    switch (v) {
        case Verdict::Passed: return "passed";
        case Verdict::WrongAnswer: return "wrong_answer";
        case Verdict::RuntimeError: return "runtime_error";
        case Verdict::TimeLimit: return "time_limit";
        case Verdict::MemoryLimit: return "memory_limit";
        case Verdict::OutputLimit: return "output_limit";
    }
    return "?";
}

std::vector<TestCase> load_test_cases(const fs::path& problem_dir) {
    const auto dir = problem_dir / "tests";
    std::error_code ec;
    if (!fs::is_directory(dir, ec)) fail_file(dir, "problem has no tests folder");
    std::vector<fs::path> inputs;
    for (const auto& e : fs::directory_iterator(dir, ec))
        if (e.path().extension() == ".in") inputs.push_back(e.path());
    // "2" before "10": numeric names sort as numbers.
    std::sort(inputs.begin(), inputs.end(), [](const fs::path& a, const fs::path& b) {
        const auto sa = a.stem().string(), sb = b.stem().string();
        const bool na = !sa.empty() && std::all_of(sa.begin(), sa.end(), ::isdigit), nb = !sb.empty() && std::all_of(sb.begin(), sb.end(), ::isdigit);
        if (na && nb && sa.size() != sb.size()) return sa.size() < sb.size();
        return sa < sb;
    });
    std::vector<TestCase> tests;
    for (const auto& in : inputs) {
        auto out = in;
        out.replace_extension(".out");
        if (!fs::exists(out)) fail_file(out, "missing expected output for " + in.filename().string());
        tests.push_back({in.stem().string(), read_file(in), read_file(out)});
    }
    if (tests.empty()) fail_file(dir, "no test cases (*.in with *.out)");
    return tests;
}

bool outputs_match(const std::string& actual, const std::string& expected) {
    std::istringstream a(actual), e(expected);
    std::string ta, te;
    while (true) {
        const bool ha = static_cast<bool>(a >> ta), he = static_cast<bool>(e >> te);
        if (!ha || !he) return ha == he;
        if (ta != te) return false;
    }
}

JudgeReport judge(const std::string& source, const std::vector<TestCase>& tests, const sandbox::Limits& limits, bool stop_at_first_failure) {
    JudgeReport report;
    report.passed = true;
    for (const auto& t : tests) {
        auto r = sandbox::run({sandbox::python_interpreter().string(), "-B", "solution.py"}, {{"solution.py", source}}, t.input, limits);
        report.isolation = r.isolation;
        TestReport tr{t.name, Verdict::Passed, r.wall_ms, r.max_rss_kb, {}};
        switch (r.outcome) {
            case sandbox::Outcome::TimeLimit: tr.verdict = Verdict::TimeLimit; break;
            case sandbox::Outcome::MemoryLimit: tr.verdict = Verdict::MemoryLimit; break;
            case sandbox::Outcome::OutputLimit: tr.verdict = Verdict::OutputLimit; break;
            case sandbox::Outcome::Crashed: tr.verdict = Verdict::RuntimeError; break;
            case sandbox::Outcome::Exited:
                tr.verdict = r.exit_code != 0 ? Verdict::RuntimeError
                             : outputs_match(r.stdout_text, t.expected_output) ? Verdict::Passed
                                                                               : Verdict::WrongAnswer;
                break;
        }
        if (tr.verdict != Verdict::Passed) {
            const auto& err = r.stderr_text;
            tr.detail = err.size() > 600 ? err.substr(err.size() - 600) : err;
            if (tr.verdict == Verdict::WrongAnswer) tr.detail = "output differs from the expected output";
        }
        report.passed &= tr.verdict == Verdict::Passed;
        report.tests.push_back(std::move(tr));
        if (!report.passed && stop_at_first_failure) break;
    }
    return report;
}

}  // namespace ew::eval

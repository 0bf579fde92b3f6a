// The bundled problem set: every problem loads, its reference solution passes its own tests in
// the sandbox, and its starter code (incomplete on purpose) does not.
#include "eval/problem_set.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/resource_paths.h"

#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace ew;

class TestProblemSet : public QObject {
    Q_OBJECT
private slots:
    void everyBundledReferencePassesAndEveryStarterFails() {
        const auto problems = eval::load_problem_set(projects_dir());
        QVERIFY2(problems.size() >= 50, "the paper's two problems and at least 48 more");
        for (const auto& p : problems) {
            QVERIFY2(!p.statement.empty() && !p.starter.empty() && !p.reference.empty(), p.name.c_str());
            QVERIFY2(p.tests.size() >= 4, p.name.c_str());
            const auto reference = eval::judge(p.reference, p.tests);
            std::string why;
            for (const auto& t : reference.tests)
                if (t.verdict != eval::Verdict::Passed) why += " test " + t.name + ": " + eval::to_string(t.verdict) + " " + t.detail;
            QVERIFY2(reference.passed, (p.name + ": reference fails:" + why).c_str());
            QVERIFY2(!eval::judge(p.starter, p.tests, {}, true).passed, (p.name + ": starter passes").c_str());
        }
    }

    void loadsLiveCodeBenchJsonl() {
        QTemporaryDir tmp;
        const auto path = std::filesystem::path(tmp.path().toStdString()) / "lcb.jsonl";
        // Public tests as a list, private tests as a JSON string (as LiveCodeBench stores them),
        // one functional test that is skipped.
        nlohmann::json a = {{"question_id", "abc123"}, {"question_title", "Double"}, {"question_content", "Print 2n."},
                            {"starter_code", ""}, {"reference", "print(2 * int(input()))\n"},
                            {"public_test_cases", {{{"input", "2\n"}, {"output", "4\n"}, {"testtype", "stdin"}}}},
                            {"private_test_cases", nlohmann::json::array({{{"input", "5\n"}, {"output", "10\n"}, {"testtype", "stdin"}},
                                                                          {{"input", "f(1)"}, {"output", "2"}, {"testtype", "functional"}}})
                                                       .dump()}};
        write_file_atomic(path, a.dump() + "\n");
        auto problems = eval::load_problem_set(path);
        QCOMPARE(problems.size(), std::size_t(1));
        QCOMPARE(problems[0].name, std::string("abc123"));
        QCOMPARE(problems[0].tests.size(), std::size_t(2));
        QVERIFY(eval::judge(problems[0].reference, problems[0].tests).passed);
        write_file_atomic(path, a.dump() + "\n" + "{\"question_content\": \"x\", \"public_test_cases\": 5}\n");
        try {
            eval::load_problem_set(path);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("line 2"), e.what());
        }
        write_file_atomic(path, "{not json\n");
        QVERIFY_THROWS_EXCEPTION(Error, eval::load_problem_set(path));
    }

    void brokenProblemsAreReported() {
        QTemporaryDir tmp;
        const std::filesystem::path root = tmp.path().toStdString();
        std::filesystem::create_directories(root / "p" / "tests");
        write_file_atomic(root / "p" / "project.json", "{\"title\": ");
        QVERIFY_THROWS_EXCEPTION(Error, eval::load_problem(root / "p"));
        write_file_atomic(root / "p" / "project.json", "{\"title\": 7}");  // a number where text belongs
        try {
            eval::load_problem(root / "p");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("\"title\" is not a string"), e.what());
        }
        // The fuzzer's find: a LiveCodeBench test whose output is a number.
        write_file_atomic(root / "n.jsonl",
                          R"({"question_content": "q", "private_test_cases": [{"input": "2 2\n", "output": 7, "testtype": "stdin"}]})" "\n");
        try {
            eval::load_problem_set(root / "n.jsonl");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("line 1") && QString(e.what()).contains("\"output\" is not a string"), e.what());
        }
        write_file_atomic(root / "p" / "project.json", "{\"title\": \"x\"}");
        write_file_atomic(root / "p" / "tests" / "1.in", "1\n");
        try {
            eval::load_problem(root / "p");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("1.out"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestProblemSet)
#include "test_problem_set.moc"

// Containment of hostile programs by the sandbox, each bounded so that a failure of the sandbox
// cannot take the machine down: an infinite loop, a fork bomb, a 10 GB allocation, a connection
// to a listener this test opens on 127.0.0.1, writing outside the private directory, printing
// 1 GB. Plus the judge's verdicts on the Lava Trap problem.
#include "eval/judge.h"
#include "sandbox/sandbox.h"
#include "support/resource_paths.h"

#include <QTemporaryDir>
#include <fstream>
#include <sys/stat.h>
#include <QtTest>
#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

using namespace ew;
using sandbox::Outcome;

namespace {
sandbox::Result python(const std::string& code, sandbox::Limits limits = {}) {
    return sandbox::run({sandbox::python_interpreter().string(), "-B", "main.py"}, {{"main.py", code}}, "", limits);
}

int processes_of_uid(uid_t uid) {
    int n = 0;
    for (const auto& e : std::filesystem::directory_iterator("/proc")) {
        const auto name = e.path().filename().string();
        if (name.empty() || !std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        struct stat st {};
        if (::stat(e.path().c_str(), &st) == 0 && st.st_uid == uid) ++n;
    }
    return n;
}
}  // namespace

class TestSandbox : public QObject {
    Q_OBJECT
private slots:
    void runsAProgramWithInputAndOutput() {
        auto r = sandbox::run({sandbox::python_interpreter().string(), "-B", "main.py"},
                              {{"main.py", "import sys\nprint(sum(int(x) for x in sys.stdin.read().split()))\n"}}, "1 2 3\n", {});
        QCOMPARE(int(r.outcome), int(Outcome::Exited));
        QCOMPARE(r.exit_code, 0);
        QCOMPARE(r.stdout_text, std::string("6\n"));
        QVERIFY(!r.isolation.empty());
    }

    void exitingWithoutReadingALargeInputIsNotACrashOfOurs() {
        // Found by a problem author: the runner died of SIGPIPE writing input nobody read.
        const std::string input(2 << 20, 'x');
        for (int i = 0; i < 3; ++i) {
            auto r = sandbox::run({sandbox::python_interpreter().string(), "-B", "main.py"}, {{"main.py", "import sys\nsys.exit(1)\n"}},
                                  input, {});
            QCOMPARE(int(r.outcome), int(Outcome::Exited));
            QCOMPARE(r.exit_code, 1);
        }
    }

    void infiniteLoopHitsTheTimeLimit() {
        sandbox::Limits limits;
        limits.wall_seconds = 2.0;
        limits.cpu_seconds = 1.0;
        auto r = python("while True:\n    pass\n", limits);
        QCOMPARE(int(r.outcome), int(Outcome::TimeLimit));
        QVERIFY(r.wall_ms < 4000);
        // Sleeping does not use CPU: the wall clock catches it.
        auto s = python("import time\ntime.sleep(60)\n", limits);
        QCOMPARE(int(s.outcome), int(Outcome::TimeLimit));
        QVERIFY(s.wall_ms < 4000);
    }

    void forkBombIsBounded() {
        sandbox::Limits limits;
        limits.wall_seconds = 3.0;
        limits.max_processes = 16;
        auto r = python("import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n", limits);
        QVERIFY2(r.outcome == Outcome::TimeLimit || r.outcome == Outcome::Crashed, sandbox::to_string(r.outcome));
        QVERIFY(r.wall_ms < 6000);
        if (::getuid() == 0) {
            // Everything it started is gone (it ran as nobody).
            QTRY_COMPARE_WITH_TIMEOUT(processes_of_uid(65534), 0, 5000);
        }
    }

    void hugeAllocationHitsTheMemoryLimit() {
        auto r = python("x = bytearray(10 * 1024 ** 3)\nprint(len(x))\n");
        QCOMPARE(int(r.outcome), int(Outcome::MemoryLimit));
        QVERIFY(r.stdout_text.empty());
    }

    void networkIsUnreachable() {
        // A listener on the host's loopback, opened by this test; the sandboxed program must not reach it.
        int listener = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in addr{};
        addr.sin_family = AF_INET;
        addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        addr.sin_port = 0;
        QVERIFY(::bind(listener, reinterpret_cast<sockaddr*>(&addr), sizeof addr) == 0);
        QVERIFY(::listen(listener, 4) == 0);
        socklen_t len = sizeof addr;
        ::getsockname(listener, reinterpret_cast<sockaddr*>(&addr), &len);
        const int port = ntohs(addr.sin_port);
        auto r = python("import socket\ns = socket.socket()\ns.settimeout(2)\ntry:\n    s.connect(('127.0.0.1', " + std::to_string(port) +
                        "))\n    print('CONNECTED')\nexcept OSError as e:\n    print('BLOCKED', e)\n");
        QVERIFY2(r.stdout_text.find("BLOCKED") != std::string::npos, r.stdout_text.c_str());
        ::fcntl(listener, F_SETFL, O_NONBLOCK);
        QVERIFY(::accept(listener, nullptr, nullptr) < 0);  // nobody knocked
        ::close(listener);
        QVERIFY2(r.isolation.find("network") != std::string::npos, r.isolation.c_str());
    }

    void cannotWriteOutsideItsDirectory() {
        QTemporaryDir outside;
        const auto target = outside.path().toStdString() + "/escaped.txt";
        auto r = python("try:\n    open('" + target + "', 'w').write('x')\n    print('WROTE')\nexcept OSError as e:\n    print('DENIED')\n"
                        "open('inside.txt', 'w').write('fine')\nprint('INSIDE OK')\n");
        QVERIFY2(r.stdout_text.find("DENIED") != std::string::npos, r.stdout_text.c_str());
        QVERIFY(r.stdout_text.find("INSIDE OK") != std::string::npos);
        QVERIFY(!std::filesystem::exists(target));
    }

    void printingAGigabyteHitsTheOutputLimit() {
        sandbox::Limits limits;
        limits.wall_seconds = 10.0;
        auto r = python("import sys\nchunk = 'x' * (1 << 20)\nfor _ in range(1024):\n    sys.stdout.write(chunk)\n", limits);
        QCOMPARE(int(r.outcome), int(Outcome::OutputLimit));
        QVERIFY(r.stdout_text.size() <= limits.output_bytes);
        QVERIFY(r.wall_ms < 10000);
    }

    void judgeVerdictsOnLavaTrap() {
        const auto problem = projects_dir() / "lava-trap";
        const auto tests = eval::load_test_cases(problem);
        QCOMPARE(tests.size(), std::size_t(4));
        const auto reference = eval::judge(read_reference(problem), tests);
        QVERIFY(reference.passed);
        auto wrong = eval::judge("print('2 3 R')\n", tests);
        QVERIFY(!wrong.passed);
        QCOMPARE(int(wrong.tests[1].verdict), int(eval::Verdict::WrongAnswer));
        auto crash = eval::judge("raise SystemExit(3)\n", tests, {}, true);
        QCOMPARE(crash.tests.size(), std::size_t(1));  // stop at first failure
        QCOMPARE(int(crash.tests[0].verdict), int(eval::Verdict::RuntimeError));
        QVERIFY(eval::outputs_match("1  2\n3\n", "1 2 3"));
        QVERIFY(!eval::outputs_match("1 2", "1 2 3"));
    }

private:
    static std::string read_reference(const std::filesystem::path& problem) {
        std::ifstream in(problem / "reference.py");
        return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
    }
};

QTEST_GUILESS_MAIN(TestSandbox)
#include "test_sandbox.moc"

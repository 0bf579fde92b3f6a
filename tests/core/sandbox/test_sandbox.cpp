// Containment of hostile programs by the sandbox, each bounded so that a failure of the sandbox
// cannot take the machine down: an infinite loop, a fork bomb, a 10 GB allocation, a connection
// to a listener this test opens on 127.0.0.1, writing outside the private directory, printing
// 1 GB. Then what a program can see of the workstation, as root (runs as nobody) and as an
// ordinary user (the test creates one): a secret planted in a home folder, /home itself, an
// environment variable, X11 and D-Bus socket paths, the real /tmp — with bubblewrap and with the
// weaker `unshare` isolation. Plus the judge's verdicts on the Lava Trap problem.
#include "eval/judge.h"
#include "sandbox/sandbox.h"
#include "support/file_io.h"
#include "support/resource_paths.h"

#include "support/error.h"

#include <QTemporaryDir>
#include <fstream>
#include <map>
#include <sstream>
#include <sys/stat.h>
#include <QtTest>
#include <arpa/inet.h>
#include <fcntl.h>
#include <grp.h>
#include <netinet/in.h>
#include <pwd.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <sys/wait.h>
#include <unistd.h>

using namespace ew;
using sandbox::Outcome;

namespace {
sandbox::Result python(const std::string& code, sandbox::Limits limits = {}) {
    return sandbox::run({sandbox::python_interpreter().string(), "-B", "main.py"}, {{"main.py", code}}, "", limits);
}

const char* const kTestUser = "ew-sandbox-test";

// What a hostile program tries, one line per attempt: "<name> OPEN|BLOCKED <detail>".
std::string probe_program(const std::string& home, const std::string& dbus_path, const std::string& escape_name) {
    return "import os, socket\n"
           "def attempt(name, f):\n"
           "    try:\n"
           "        print(name, 'OPEN', repr(f())[:100])\n"
           "    except Exception as e:\n"
           "        print(name, 'BLOCKED', type(e).__name__)\n"
           "def unix(path):\n"
           "    s = socket.socket(socket.AF_UNIX)\n"
           "    s.settimeout(1)\n"
           "    s.connect(path)\n"
           "    return 'connected'\n"
           "attempt('home_secret', lambda: open('" + home + "/secret.txt').read())\n"
           "attempt('list_home', lambda: os.listdir('/home'))\n"
           "attempt('list_run', lambda: os.listdir('/run'))\n"
           "attempt('list_var', lambda: os.listdir('/var'))\n"
           "attempt('x11', lambda: unix('/tmp/.X11-unix/X97'))\n"
           "attempt('dbus', lambda: unix('" + dbus_path + "'))\n"
           "attempt('escape', lambda: open('/tmp/" + escape_name + "', 'w').write('x'))\n"
           "print('env_secret', os.environ.get('EW_TEST_SECRET'))\n"
           "print('env_keys', ','.join(sorted(os.environ)))\n"
           "print('etc', ','.join(sorted(os.listdir('/etc'))))\n"
           "print('tmp', ','.join(sorted(os.listdir('/tmp'))))\n";
}

// "name rest-of-line" -> rest-of-line.
std::map<std::string, std::string> probe_lines(const std::string& text) {
    std::map<std::string, std::string> lines;
    std::istringstream in(text);
    for (std::string line; std::getline(in, line);) {
        const auto space = line.find(' ');
        if (space != std::string::npos) lines[line.substr(0, space)] = line.substr(space + 1);
    }
    return lines;
}

// A Unix socket listening at `path` (the directories are created), as an X server or a session bus would.
int listen_unix(const std::string& path) {
    std::filesystem::create_directories(std::filesystem::path(path).parent_path());
    ::unlink(path.c_str());
    int fd = ::socket(AF_UNIX, SOCK_STREAM, 0);
    sockaddr_un addr{};
    addr.sun_family = AF_UNIX;
    std::snprintf(addr.sun_path, sizeof addr.sun_path, "%s", path.c_str());
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::listen(fd, 4) != 0) {
        ::close(fd);
        return -1;
    }
    ::chmod(path.c_str(), 0777);
    return fd;
}

// Runs tests/support/sandbox_run_child as `user` (uid/gid), with `extra_env`; returns its stdout.
// The build tree may sit where that user cannot reach (a CI clone in a 0700 mktemp folder), so the
// child and the sandbox helper are copied into a folder everyone can enter; the child finds the
// helper next to itself.
std::string run_child_as(const passwd& user, const std::string& program, const std::vector<std::string>& extra_env) {
    QTemporaryDir bin;
    ::chmod(bin.path().toLocal8Bit().constData(), 0755);
    const std::string child = bin.path().toStdString() + "/sandbox_run_child";
    const std::string reaper = bin.path().toStdString() + "/empower-sandbox-reaper";
    std::filesystem::copy_file(EW_SANDBOX_RUN_CHILD, child);
    std::filesystem::copy_file(sandbox::reaper_executable(), reaper);
    ::chmod(child.c_str(), 0755);
    ::chmod(reaper.c_str(), 0755);
    int out[2];
    if (::pipe(out) != 0) return {};
    std::vector<std::string> env = {"PATH=/usr/bin:/bin", std::string("HOME=") + user.pw_dir, "OMP_NUM_THREADS=1"};
    env.insert(env.end(), extra_env.begin(), extra_env.end());
    std::vector<char*> envp;
    for (auto& e : env) envp.push_back(e.data());
    envp.push_back(nullptr);
    std::string binary = child;
    std::string program_copy = program;
    char* argv[] = {binary.data(), program_copy.data(), nullptr};
    const uid_t uid = user.pw_uid;
    const gid_t gid = user.pw_gid;
    const pid_t pid = ::fork();
    if (pid == 0) {
        ::dup2(out[1], 1);
        ::close(out[0]);
        ::setgroups(0, nullptr);
        if (::setresgid(gid, gid, gid) != 0 || ::setresuid(uid, uid, uid) != 0) ::_exit(120);
        ::execve(argv[0], argv, envp.data());
        ::_exit(127);
    }
    ::close(out[1]);
    std::string text;
    char buffer[4096];
    for (ssize_t n; (n = ::read(out[0], buffer, sizeof buffer)) > 0;) text.append(buffer, static_cast<std::size_t>(n));
    ::close(out[0]);
    int status = 0;
    ::waitpid(pid, &status, 0);
    if (text.empty()) text = "error the child did not run as " + std::string(user.pw_name) + " (wait status " + std::to_string(status) + ")";
    return text;
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
        // The verdict is the assertion; the bound only catches a run that was never stopped (the
        // headroom is for a loaded 2-core machine: the parent's own safety net is wall + 3 s).
        QVERIFY(r.wall_ms < 12000);
        // Sleeping does not use CPU: the wall clock catches it.
        auto s = python("import time\ntime.sleep(60)\n", limits);
        QCOMPARE(int(s.outcome), int(Outcome::TimeLimit));
        QVERIFY(s.wall_ms < 12000);
    }

    void forkBombIsBounded() {
        sandbox::Limits limits;
        limits.wall_seconds = 3.0;
        limits.max_processes = 16;
        auto r = python("import os\nwhile True:\n    try:\n        os.fork()\n    except OSError:\n        pass\n", limits);
        QVERIFY2(r.outcome == Outcome::TimeLimit || r.outcome == Outcome::Crashed, sandbox::to_string(r.outcome));
        QVERIFY(r.wall_ms < 15000);
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
        QVERIFY(r.wall_ms < 25000);
    }

    void programGetsACleanEnvironment() {
        ::setenv("EW_TEST_SECRET", "hunter2", 1);
        sandbox::Limits limits;
        limits.environment = {{"EW_PROBLEM_SETTING", "42"}};
        auto r = python("import os\nfor k in sorted(os.environ):\n    print(k + '=' + os.environ[k])\n", limits);
        ::unsetenv("EW_TEST_SECRET");
        QCOMPARE(r.stdout_text, std::string("EW_PROBLEM_SETTING=42\nHOME=/tmp\nLANG=C.UTF-8\nLC_ALL=C.UTF-8\nPATH=/usr/bin:/bin\n"
                                            "PWD=/tmp\nPYTHONDONTWRITEBYTECODE=1\nPYTHONHASHSEED=0\n"));
        // Fixed hash seed: the same program prints the same set order on every run.
        const std::string order = "print(list({'alpha', 'beta', 'gamma', 'delta', 'epsilon'}))\n";
        QCOMPARE(python(order).stdout_text, python(order).stdout_text);
    }

    void refusesWithoutBubblewrap() {
        ::setenv("EW_BWRAP", "/nonexistent/bwrap", 1);
        QString message;
        try {
            python("print('ran')\n");
        } catch (const Error& e) {
            message = e.what();
        }
        // The weaker isolation is there when the user chooses it, and says so.
        sandbox::set_isolation(sandbox::Isolation::Unshare);
        auto weaker = python("print('ran')\n");
        sandbox::set_isolation(sandbox::Isolation::Bubblewrap);
        ::unsetenv("EW_BWRAP");
        QVERIFY2(message.contains("bubblewrap") && message.contains("Debian package") && message.contains("--isolation unshare"),
                 qPrintable(message));
        QCOMPARE(weaker.stdout_text, std::string("ran\n"));
        QVERIFY2(weaker.isolation.find("unshare (weaker") == 0, weaker.isolation.c_str());
    }

    void maxRssIsTheProgramsOwnPeak() {
        // Make this process big: a forked launcher would carry these pages into the figure.
        std::vector<char> ballast(400u << 20, 1);
        for (std::size_t i = 0; i < ballast.size(); i += 4096) ballast[i] = char(i);
        auto small = python("pass\n");
        auto big = python("x = bytearray(120 * 1024 * 1024)\nfor i in range(0, len(x), 4096):\n    x[i] = 1\n");
        QVERIFY(ballast[4096] == char(4096));
        QVERIFY2(small.max_rss_kb < 100 * 1024, qPrintable(QString::number(small.max_rss_kb)));
        QVERIFY2(big.max_rss_kb > 120 * 1024, qPrintable(QString::number(big.max_rss_kb)));
    }

    void workstationIsInvisibleToTheProgram_data() {
        QTest::addColumn<QString>("isolation");
        QTest::addColumn<bool>("asOrdinaryUser");
        QTest::newRow("bubblewrap, as root (runs as nobody)") << "bubblewrap" << false;
        QTest::newRow("unshare, as root (runs as nobody)") << "unshare" << false;
        QTest::newRow("bubblewrap, as an ordinary user") << "bubblewrap" << true;
        QTest::newRow("unshare, as an ordinary user") << "unshare" << true;
    }

    void workstationIsInvisibleToTheProgram() {
        QFETCH(QString, isolation);
        QFETCH(bool, asOrdinaryUser);
        if (::getuid() != 0) QSKIP("needs root to create the ordinary test user and plant files in its home");
        if (!::getpwnam(kTestUser) &&
            std::system((std::string("useradd --create-home --shell /usr/sbin/nologin ") + kTestUser + " >/dev/null 2>&1").c_str()) != 0)
            QSKIP("useradd failed: cannot create the ordinary test user");
        const passwd user = *::getpwnam(kTestUser);
        const std::string home = user.pw_dir;
        // A world-readable secret: only its absence, not file permissions, can keep it from the program.
        ::chmod(home.c_str(), 0755);
        const std::string secret_path = home + "/secret.txt";
        { std::ofstream(secret_path) << "PLANTED-SECRET"; }
        ::chmod(secret_path.c_str(), 0644);
        const std::string dbus_path = "/run/user/" + std::to_string(user.pw_uid) + "/bus";
        const int x11 = listen_unix("/tmp/.X11-unix/X97");
        const int dbus = listen_unix(dbus_path);
        QVERIFY(x11 >= 0 && dbus >= 0);
        const std::string escape_name = "ew-escape-" + std::to_string(::getpid()) + "-" + QTest::currentDataTag();
        QTemporaryDir scratch;
        ::chmod(scratch.path().toLocal8Bit().constData(), 0755);
        const std::string program_path = scratch.path().toStdString() + "/probe.py";
        { std::ofstream(program_path) << probe_program(home, dbus_path, escape_name); }
        ::chmod(program_path.c_str(), 0644);

        std::string output;
        if (asOrdinaryUser) {
            output = run_child_as(user, program_path, {"EW_TEST_SECRET=hunter2", "EW_SANDBOX_ISOLATION=" + isolation.toStdString()});
        } else {
            ::setenv("EW_TEST_SECRET", "hunter2", 1);
            sandbox::set_isolation(sandbox::parse_isolation(isolation.toStdString()));
            try {
                auto r = sandbox::run({sandbox::python_interpreter().string(), "-B", "main.py"}, {{"main.py", read_file(program_path)}}, "", {});
                output = "isolation " + r.isolation + "\ncomplete " + (r.isolation_complete ? "1" : "0") + "\nstdout\n" + r.stdout_text;
            } catch (const std::exception& e) {
                output = std::string("error ") + e.what();
            }
            sandbox::set_isolation(sandbox::Isolation::Bubblewrap);
            ::unsetenv("EW_TEST_SECRET");
        }
        ::close(x11);
        ::close(dbus);
        const bool escaped = std::filesystem::exists("/tmp/" + escape_name);
        std::filesystem::remove("/tmp/" + escape_name);
        if (output.rfind("error ", 0) == 0 && output.find("could not start") != std::string::npos)
            QSKIP(qPrintable("bubblewrap cannot create namespaces for this user on this machine: " + QString::fromStdString(output)));
        QVERIFY2(output.find("complete 1") != std::string::npos, output.c_str());
        const auto lines = probe_lines(output.substr(output.find("stdout\n") + 7));
        auto blocked = [&](const char* name) {
            const auto it = lines.find(name);
            return it != lines.end() && it->second.rfind("BLOCKED", 0) == 0;
        };
        auto empty_or_absent = [&](const char* name) {
            const auto it = lines.find(name);
            return it != lines.end() && (it->second.rfind("BLOCKED", 0) == 0 || it->second == "OPEN []");
        };
        QVERIFY2(blocked("home_secret"), output.c_str());
        QVERIFY2(empty_or_absent("list_home"), output.c_str());
        QVERIFY2(empty_or_absent("list_run"), output.c_str());
        QVERIFY2(empty_or_absent("list_var"), output.c_str());
        QVERIFY2(blocked("x11"), output.c_str());
        QVERIFY2(blocked("dbus"), output.c_str());
        QCOMPARE(QString::fromStdString(lines.at("env_secret")), QString("None"));
        QCOMPARE(QString::fromStdString(lines.at("env_keys")),
                 QString("HOME,LANG,LC_ALL,PATH,PWD,PYTHONDONTWRITEBYTECODE,PYTHONHASHSEED"));
        QVERIFY2(lines.at("escape").rfind("OPEN", 0) == 0, output.c_str());  // into its private /tmp ...
        QVERIFY(!escaped);                                                    // ... never the real one
        const std::string listing = escape_name < "main.py" ? escape_name + ",main.py" : "main.py," + escape_name;  // sorted
        QCOMPARE(QString::fromStdString(lines.at("tmp")), QString::fromStdString(listing));
        if (isolation == "bubblewrap") {
            QCOMPARE(QString::fromStdString(lines.at("home_secret")), QString("BLOCKED FileNotFoundError"));
            QCOMPARE(QString::fromStdString(lines.at("list_home")), QString("BLOCKED FileNotFoundError"));
            QCOMPARE(QString::fromStdString(lines.at("etc")), QString("group,ld.so.cache,localtime,passwd"));
        }
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

// The local job lifecycle against real processes: a detached start with its output in the run
// folder, Stop reaching exactly the recorded process, and no signal or "vanished" verdict when the
// record names another process (a recycled PID: faked through the recorded start time, since the
// kernel cannot be made to reuse a number), another host or an earlier boot.
#include "jobs/local_jobs.h"
#include "store/workspace.h"
#include "support/error.h"

#include <QTemporaryDir>
#include <QtTest>
#include <chrono>
#include <csignal>
#include <filesystem>
#include <fstream>
#include <sys/wait.h>
#include <thread>
#include <unistd.h>

using namespace ew;
namespace fs = std::filesystem;

namespace {
bool alive(std::int64_t pid) { return jobs::identity_of(pid).has_value(); }

bool wait_until_gone(std::int64_t pid, int ms = 5000) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(ms);
    while (std::chrono::steady_clock::now() < deadline) {
        if (!alive(pid)) return true;
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return false;
}

std::string slurp(const fs::path& p) {
    std::ifstream in(p);
    return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}
}  // namespace

class TestLocalJobs : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path dir() const { return tmp_.path().toStdString(); }

    // A running local run whose process is `sleep 60`, recorded with `identity` (or the real one).
    std::pair<std::int64_t, jobs::ProcessIdentity> sleeping_run(store::Workspace& ws, const std::string& name) {
        const auto identity = jobs::start_detached({"/bin/sleep", "60"}, dir(), dir() / (name + ".out"), dir() / (name + ".err"));
        const auto id = ws.create_run(name, "train", "{}", "", "local");
        ws.set_run_status(id, "running");
        jobs::record_process(ws, id, identity);
        return {id, identity};
    }

private slots:
    void identityOfThisProcess() {
        const auto self = jobs::this_process();
        QCOMPARE(self.pid, std::int64_t(::getpid()));
        QVERIFY(self.start_ticks > 0);
        QVERIFY(!self.boot_id.empty());
        QCOMPARE(int(jobs::state_of(self)), int(jobs::ProcessState::Running));
        QVERIFY(!jobs::identity_of(0));
        QVERIFY(!jobs::identity_of(999999999));
    }

    void detachedStartAppendsOutputToTheRunFolder() {
        { std::ofstream(dir() / "out.txt") << "earlier\n"; }
        const auto identity =
            jobs::start_detached({"/bin/sh", "-c", "pwd; echo to-stderr >&2"}, dir(), dir() / "out.txt", dir() / "err.txt");
        QVERIFY(identity.pid > 0);
        QVERIFY(wait_until_gone(identity.pid));
        QTRY_COMPARE(QString::fromStdString(slurp(dir() / "out.txt")), QString::fromStdString("earlier\n" + dir().string() + "\n"));
        QCOMPARE(QString::fromStdString(slurp(dir() / "err.txt")), QString("to-stderr\n"));
        QVERIFY_THROWS_EXCEPTION(Error, jobs::start_detached({"/nonexistent/empower"}, dir(), dir() / "o", dir() / "e"));
    }

    void stopSignalsTheRecordedProcess() {
        store::Workspace ws(dir() / "ws.sqlite");
        const auto [id, identity] = sleeping_run(ws, "ours");
        QVERIFY(jobs::local_run_alive(*ws.run(id)));
        jobs::stop_local_run(ws, id);
        QCOMPARE(ws.run(id)->status, std::string("stopping"));
        QVERIFY(wait_until_gone(identity.pid));
        // Now gone: a second stop signals nothing and says so; the poll marks it failed.
        QVERIFY_THROWS_EXCEPTION(Error, jobs::stop_local_run(ws, id));
        QCOMPARE(jobs::mark_vanished_local_runs(ws), 1);
        QCOMPARE(ws.run(id)->status, std::string("failed"));
    }

    // A process reaped while its /proc/PID/stat is being read makes read(2) fail with ESRCH; that
    // is "gone", never an exception (std::ifstream threw one from inside its buffer, which
    // aborted this test in CI when a killed job was reaped mid-read).
    void identityOfAProcessBeingReapedIsAnAnswer() {
        for (int i = 0; i < 200; ++i) {
            const pid_t child = ::fork();
            if (child == 0) {
                ::usleep(static_cast<useconds_t>(i % 7) * 50);
                ::_exit(0);
            }
            QVERIFY(child > 0);
            std::thread reaper([child] { ::waitpid(child, nullptr, 0); });
            try {
                for (int k = 0; k < 200 && jobs::identity_of(child); ++k) {}
            } catch (const std::exception& e) {
                reaper.join();
                QFAIL(e.what());
            }
            reaper.join();
            QVERIFY(!jobs::identity_of(child));
        }
    }

    void recycledPidIsNeitherSignalledNorTrusted() {
        store::Workspace ws(dir() / "ws2.sqlite");
        auto [id, identity] = sleeping_run(ws, "recycled");
        // The recorded process started at another moment: the PID's number now names someone else.
        auto recorded = identity;
        recorded.start_ticks += 12345;
        jobs::record_process(ws, id, recorded);
        QCOMPARE(int(jobs::state_of(recorded)), int(jobs::ProcessState::Gone));
        QVERIFY(!jobs::local_run_alive(*ws.run(id)));
        try {
            jobs::stop_local_run(ws, id);
            QFAIL("stop signalled a process that is not the run's");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("nothing was signalled") != std::string::npos, e.what());
        }
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        QVERIFY(alive(identity.pid));  // the unrelated process lives on
        QCOMPARE(ws.run(id)->status, std::string("running"));
        QCOMPARE(jobs::mark_vanished_local_runs(ws), 1);  // the run's own process is gone
        QCOMPARE(ws.run(id)->status, std::string("failed"));
        ::kill(static_cast<pid_t>(identity.pid), SIGKILL);
        QVERIFY(wait_until_gone(identity.pid));
    }

    void runsOfAnotherMachineAreLeftAlone() {
        store::Workspace ws(dir() / "ws3.sqlite");
        auto [id, identity] = sleeping_run(ws, "elsewhere");
        for (const auto& [host, boot] : {std::pair<std::string, std::string>{"another-host", identity.boot_id},
                                         std::pair<std::string, std::string>{identity.hostname, "an-earlier-boot"}}) {
            auto recorded = identity;
            recorded.hostname = host;
            recorded.boot_id = boot;
            jobs::record_process(ws, id, recorded);
            QCOMPARE(int(jobs::state_of(recorded)), int(jobs::ProcessState::OtherMachine));
            try {
                jobs::stop_local_run(ws, id);
                QFAIL("stop signalled a process recorded on another machine");
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).find(host) != std::string::npos, e.what());
            }
            QCOMPARE(jobs::mark_vanished_local_runs(ws), 0);
            QCOMPARE(ws.run(id)->status, std::string("running"));
            QVERIFY_THROWS_EXCEPTION(Error, jobs::resume_local_run(ws, dir() / "ws3.sqlite", id, "/bin/true"));
            QVERIFY(alive(identity.pid));
        }
        ::kill(static_cast<pid_t>(identity.pid), SIGKILL);
        QVERIFY(wait_until_gone(identity.pid));
    }
};

QTEST_GUILESS_MAIN(TestLocalJobs)
#include "test_local_jobs.moc"

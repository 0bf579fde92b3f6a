// empower-sandbox-reaper: owns one sandboxed program's process tree (see reaper_protocol.h).
// It is single-threaded, so it may fork and prepare the child freely. It is a child subreaper:
// everything the program (or bubblewrap) orphans is reparented here and reaped — where PID 1 does
// not reap (containers, CI) zombies would otherwise pile up against nobody's process limit. It
// enforces the wall clock, applies the rlimits, drops root to nobody, and in "unshare" mode sets up
// the weaker isolation itself, reporting exactly which parts of it held.
#include "sandbox/reaper_protocol.h"

#include <cerrno>
#include <cmath>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fcntl.h>
#include <grp.h>
#include <sched.h>
#include <string>
#include <sys/mount.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>
#include <vector>

using namespace ew::sandbox;

namespace {

constexpr uid_t kNobody = 65534;

void set_limit(int resource, rlim_t value) {
    struct rlimit rl {value, value};
    ::setrlimit(resource, &rl);
}

bool write_text(const char* path, const std::string& text) {
    const int fd = ::open(path, O_WRONLY | O_CLOEXEC);
    if (fd < 0) return false;
    const bool ok = ::write(fd, text.data(), text.size()) == static_cast<ssize_t>(text.size());
    ::close(fd);
    return ok;
}

// The weaker isolation, tried piece by piece in the program's process before exec. Returns the
// IsolationHeld flags that really took effect.
unsigned isolate_without_bubblewrap(bool root, const char* workdir) {
    unsigned held = 0;
    const uid_t uid = ::getuid();
    const gid_t gid = ::getgid();
    bool namespaces = ::unshare(CLONE_NEWNET | CLONE_NEWNS | (root ? 0 : CLONE_NEWUSER)) == 0;
    if (namespaces && !root) {
        // An unprivileged user namespace: map our own ids so files keep their owners.
        write_text("/proc/self/setgroups", "deny");
        namespaces = write_text("/proc/self/uid_map", std::to_string(uid) + " " + std::to_string(uid) + " 1") &&
                     write_text("/proc/self/gid_map", std::to_string(gid) + " " + std::to_string(gid) + " 1");
    }
    if (!namespaces) {
        // At least the network, if the kernel allows that alone.
        if (::unshare(CLONE_NEWNET) == 0 || (!root && ::unshare(CLONE_NEWUSER | CLONE_NEWNET) == 0)) held |= kHeldNetwork;
        return held;
    }
    held |= kHeldNetwork;
    // A private mount namespace: hide the user's files under empty tmpfs mounts and make the
    // private directory the only /tmp.
    bool hidden = ::mount(nullptr, "/", nullptr, MS_REC | MS_PRIVATE, nullptr) == 0;
    hidden = hidden && ::mount(workdir, "/tmp", nullptr, MS_BIND | MS_REC, nullptr) == 0;
    for (const char* dir : {"/home", "/root", "/run", "/var", "/srv", "/mnt", "/media", "/opt", "/boot", "/work"}) {
        struct stat st {};
        if (::lstat(dir, &st) != 0 || !S_ISDIR(st.st_mode)) continue;
        hidden = hidden && ::mount("tmpfs", dir, "tmpfs", MS_NOSUID | MS_NODEV | MS_NOEXEC, "size=64k,mode=755") == 0;
    }
    if (hidden) held |= kHeldHiddenFiles;
    return held;
}

}  // namespace

int main(int argc, char** argv) {
    int separator = 1;
    while (separator < argc && std::strcmp(argv[separator], "--") != 0) ++separator;
    if (separator != 9 || separator + 1 >= argc) {
        std::fprintf(stderr, "empower-sandbox-reaper: started with the wrong arguments (it is run by the workbench's sandbox)\n");
        return 2;
    }
    const double wall_seconds = std::strtod(argv[1], nullptr) / 1000.0;
    const auto cpu = static_cast<rlim_t>(std::strtoull(argv[2], nullptr, 10));
    const auto address_space = static_cast<rlim_t>(std::strtoull(argv[3], nullptr, 10));
    const auto file_size = static_cast<rlim_t>(std::strtoull(argv[4], nullptr, 10));
    const auto nproc = static_cast<rlim_t>(std::strtoull(argv[5], nullptr, 10));
    const bool drop_to_nobody = std::strcmp(argv[6], "1") == 0;
    const bool bubblewrap = std::strcmp(argv[7], "bubblewrap") == 0;
    const char* workdir = argv[8];
    char** program_argv = argv + separator + 1;

    // Descriptors the workbench leaked without O_CLOEXEC must not reach the program.
    ::close_range(kBubblewrapInfoFd, ~0u, 0);
    ::prctl(PR_SET_CHILD_SUBREAPER, 1);
    sigset_t wake;
    sigemptyset(&wake);
    sigaddset(&wake, SIGCHLD);
    sigaddset(&wake, SIGUSR1);
    ::sigprocmask(SIG_BLOCK, &wake, nullptr);

    ReaperReport report;
    int exec_pipe[2], info_pipe[2] = {-1, -1};
    if (::pipe2(exec_pipe, O_CLOEXEC) != 0 || (bubblewrap && ::pipe2(info_pipe, O_CLOEXEC) != 0)) {
        report.exec_errno = errno;
        ::write(kReportFd, &report, sizeof report);
        return 0;
    }
    const bool root = ::getuid() == 0;
    int held_pipe[2];
    if (::pipe2(held_pipe, O_CLOEXEC) != 0) return 3;

    const pid_t program = ::fork();
    if (program == 0) {
        ::sigprocmask(SIG_UNBLOCK, &wake, nullptr);
        ::setpgid(0, 0);  // one group to kill, whatever it forks (unless it starts a session)
        ::close(kReportFd);
        unsigned held = 0;
        if (bubblewrap) {
            // bubblewrap writes {"child-pid": N} here once its namespaces are set up.
            if (info_pipe[1] == kBubblewrapInfoFd) ::fcntl(kBubblewrapInfoFd, F_SETFD, 0);
            else ::dup2(info_pipe[1], kBubblewrapInfoFd);
        } else {
            held = isolate_without_bubblewrap(root, workdir);
        }
        const char* cwd = (bubblewrap || (held & kHeldHiddenFiles)) ? "/tmp" : workdir;
        if (::chdir(bubblewrap ? workdir : cwd) != 0) ::_exit(126);
        ::setenv("PWD", cwd, 1);  // where the program finds itself (bubblewrap sets the same)
        struct rlimit cpu_limit {cpu, cpu + 1};  // soft: SIGXCPU; hard: SIGKILL a second later
        ::setrlimit(RLIMIT_CPU, &cpu_limit);
        set_limit(RLIMIT_AS, address_space);
        set_limit(RLIMIT_FSIZE, file_size);
        set_limit(RLIMIT_NPROC, nproc);
        set_limit(RLIMIT_NOFILE, 64);
        set_limit(RLIMIT_CORE, 0);
        if (drop_to_nobody) {
            ::setgroups(0, nullptr);
            if (::setresgid(kNobody, kNobody, kNobody) != 0 || ::setresuid(kNobody, kNobody, kNobody) != 0) ::_exit(125);
            held |= kHeldRunsAsNobody;
        }
        ::write(held_pipe[1], &held, sizeof held);
        ::execv(program_argv[0], program_argv);  // with `environ`: the sandbox's clean environment + PWD
        const int e = errno;
        ::write(exec_pipe[1], &e, sizeof e);
        ::_exit(127);
    }
    for (int fd : {0, 1, 2, exec_pipe[1], held_pipe[1], info_pipe[1]})
        if (fd >= 0) ::close(fd);
    if (program < 0) {
        report.exec_errno = EAGAIN;
        ::write(kReportFd, &report, sizeof report);
        return 0;
    }

    const timespec started = [] { timespec t{}; ::clock_gettime(CLOCK_MONOTONIC, &t); return t; }();
    auto elapsed = [&] {
        timespec now{};
        ::clock_gettime(CLOCK_MONOTONIC, &now);
        return double(now.tv_sec - started.tv_sec) + double(now.tv_nsec - started.tv_nsec) * 1e-9;
    };
    struct rusage usage {};
    for (;;) {
        int status = 0;
        if (::wait4(program, &status, WNOHANG, &usage) == program) {
            report.wait_status = status;
            break;
        }
        const double left = wall_seconds - elapsed();
        bool stop = left <= 0;
        if (!stop) {
            const double whole = std::floor(left);
            timespec timeout{static_cast<time_t>(whole), static_cast<long>((left - whole) * 1e9)};
            siginfo_t info;
            stop = ::sigtimedwait(&wake, &info, &timeout) == SIGUSR1;
        }
        if (stop) {
            report.timed_out = left <= 0 ? 1 : 0;
            ::kill(-program, SIGKILL);
            ::kill(program, SIGKILL);  // bubblewrap, and through --die-with-parent its namespace
            ::wait4(program, &status, 0, &usage);
            report.wait_status = status;
            break;
        }
    }
    report.max_rss_kb = usage.ru_maxrss;
    ::kill(-program, SIGKILL);  // whatever it left running in its group
    int e = 0;
    if (::read(exec_pipe[0], &e, sizeof e) == static_cast<ssize_t>(sizeof e)) report.exec_errno = e;
    unsigned held = 0;
    if (::read(held_pipe[0], &held, sizeof held) == static_cast<ssize_t>(sizeof held)) report.held = held;
    if (bubblewrap) {
        // Nothing written: bubblewrap failed before its namespaces existed, so nothing ran inside.
        ::fcntl(info_pipe[0], F_SETFL, O_NONBLOCK);
        char info[256];
        if (::read(info_pipe[0], info, sizeof info) > 0) report.held |= kHeldBubblewrap | kHeldNetwork | kHeldHiddenFiles;
    }
    // Reap whatever is left (orphans reparented to us), then go. bubblewrap's PID-namespace init
    // is one of them: the program is its child, so its peak memory arrives with it, not with
    // bubblewrap's own exit.
    for (int round = 0; round < 200; ++round) {
        struct rusage orphan {};
        const pid_t reaped = ::wait4(-1, nullptr, WNOHANG, &orphan);
        if (reaped < 0 && errno == ECHILD) break;
        if (reaped > 0 && orphan.ru_maxrss > report.max_rss_kb) report.max_rss_kb = orphan.ru_maxrss;
        if (reaped == 0) ::usleep(5000);
    }
    ::write(kReportFd, &report, sizeof report);
    return 0;
}

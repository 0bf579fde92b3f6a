#include "sandbox/sandbox.h"

#include "support/error.h"
#include "support/file_io.h"

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cmath>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <grp.h>
#include <poll.h>
#include <sched.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ew::sandbox {

namespace fs = std::filesystem;

const char* to_string(Outcome o) {
    switch (o) {
        case Outcome::Exited: return "exited";
        case Outcome::TimeLimit: return "time_limit";
        case Outcome::MemoryLimit: return "memory_limit";
        case Outcome::OutputLimit: return "output_limit";
        case Outcome::Crashed: return "crashed";
    }
    return "?";
}

fs::path python_interpreter() { return "/usr/bin/python3"; }

namespace {

constexpr uid_t kNobody = 65534;
const char* const kBubblewrap = "/usr/bin/bwrap";

bool bubblewrap_usable() {
    static const bool usable = [] {
        if (::access(kBubblewrap, X_OK) != 0) return false;
        // bwrap needs user namespaces (unprivileged, or as root); probe once.
        pid_t pid = ::fork();
        if (pid == 0) {
            int null = ::open("/dev/null", O_RDWR);
            ::dup2(null, 1);
            ::dup2(null, 2);
            if (::getuid() == 0) {
                ::setgroups(0, nullptr);
                if (::setresgid(kNobody, kNobody, kNobody) != 0 || ::setresuid(kNobody, kNobody, kNobody) != 0) ::_exit(3);
            }
            ::execl(kBubblewrap, "bwrap", "--ro-bind", "/", "/", "--unshare-all", "--die-with-parent", "/bin/true", nullptr);
            ::_exit(127);
        }
        int status = 0;
        ::waitpid(pid, &status, 0);
        return WIFEXITED(status) && WEXITSTATUS(status) == 0;
    }();
    return usable;
}

// Processes this uid already runs: RLIMIT_NPROC counts them too.
int processes_of_current_user() {
    int count = 0;
    const auto uid = ::getuid();
    std::error_code ec;
    for (const auto& entry : fs::directory_iterator("/proc", ec)) {
        struct stat st {};
        const auto name = entry.path().filename().string();
        if (!std::all_of(name.begin(), name.end(), ::isdigit)) continue;
        if (::stat(entry.path().c_str(), &st) == 0 && st.st_uid == uid) ++count;
    }
    return count;
}

// What the reaper tells the parent once the program is gone.
struct ReaperReport {
    int exec_errno = 0;  // non-zero: the program could not be started
    int timed_out = 0;   // the wall clock ran out
    int wait_status = 0; // waitpid status of the program (bubblewrap when used)
};

void set_limit(int resource, rlim_t value) {
    struct rlimit rl {value, value};
    ::setrlimit(resource, &rl);
}

}  // namespace

Result run(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& files,
           const std::string& stdin_text, const Limits& limits) {
    if (argv.empty()) throw Error("sandbox: nothing to run");
    char dir_template[] = "/tmp/ew-sandbox-XXXXXX";
    if (!::mkdtemp(dir_template)) throw Error(std::string("sandbox: cannot create a private directory: ") + std::strerror(errno));
    const fs::path dir = dir_template;
    const bool root = ::getuid() == 0;
    for (const auto& [name, content] : files) write_file_atomic(dir / name, content);
    if (root) {  // the program runs as nobody and must be able to use its own directory
        ::chown(dir.c_str(), kNobody, kNobody);
        for (const auto& [name, content] : files) ::chown((dir / name).c_str(), kNobody, kNobody);
    }
    const bool use_bwrap = bubblewrap_usable();
    const int nproc_limit = (root ? 0 : processes_of_current_user()) + limits.max_processes + (use_bwrap ? 4 : 0);

    std::vector<std::string> args;
    if (use_bwrap) {
        args = {kBubblewrap, "--ro-bind", "/", "/", "--dev", "/dev", "--proc", "/proc", "--bind", dir.string(), "/tmp",
                "--chdir", "/tmp", "--unshare-all", "--die-with-parent", "--new-session", "--"};
    }
    args.insert(args.end(), argv.begin(), argv.end());

    int in_pipe[2], out_pipe[2], err_pipe[2], error_pipe[2];
    if (::pipe2(in_pipe, O_CLOEXEC) || ::pipe2(out_pipe, O_CLOEXEC) || ::pipe2(err_pipe, O_CLOEXEC) || ::pipe2(error_pipe, O_CLOEXEC))
        throw Error("sandbox: cannot create pipes");
    // A program that exits without reading all its input closes the pipe under our writes: that
    // must be an EPIPE for us, not a SIGPIPE that kills the workbench.
    static const bool sigpipe_ignored = [] { return std::signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
    (void)sigpipe_ignored;
    const auto start = std::chrono::steady_clock::now();
    const pid_t pid = ::fork();
    if (pid < 0) throw Error("sandbox: fork failed");
    if (pid == 0) {
        // The "reaper": a small intermediate process that owns the program's process tree. It is a
        // child subreaper, so everything the program (or bubblewrap) orphans is reparented to it
        // and reaped here — where PID 1 does not reap (containers, CI), zombies would otherwise pile
        // up against nobody's process limit. It also enforces the wall clock.
        ::setpgid(0, 0);
        ::prctl(PR_SET_CHILD_SUBREAPER, 1);
        std::signal(SIGPIPE, SIG_DFL);
        sigset_t wake;
        sigemptyset(&wake);
        sigaddset(&wake, SIGCHLD);
        sigaddset(&wake, SIGUSR1);  // the parent's "output limit reached, stop it"
        ::sigprocmask(SIG_BLOCK, &wake, nullptr);
        int exec_pipe[2];
        if (::pipe2(exec_pipe, O_CLOEXEC) != 0) ::_exit(120);
        const pid_t program = ::fork();
        if (program == 0) {
            ::sigprocmask(SIG_UNBLOCK, &wake, nullptr);
            ::dup2(in_pipe[0], 0);
            ::dup2(out_pipe[1], 1);
            ::dup2(err_pipe[1], 2);
            if (!use_bwrap) {
                // No bubblewrap: at least a private network namespace when the kernel allows it.
                if (::unshare(CLONE_NEWNET) != 0 && !root) ::unshare(CLONE_NEWUSER | CLONE_NEWNET);
            }
            if (::chdir(dir.c_str()) != 0) ::_exit(126);
            const auto cpu = static_cast<rlim_t>(std::ceil(limits.cpu_seconds));
            struct rlimit cpu_limit {cpu, cpu + 1};  // soft: SIGXCPU; hard: SIGKILL a second later
            ::setrlimit(RLIMIT_CPU, &cpu_limit);
            set_limit(RLIMIT_AS, limits.memory_bytes);
            set_limit(RLIMIT_FSIZE, limits.file_size_bytes);
            set_limit(RLIMIT_NPROC, static_cast<rlim_t>(nproc_limit));
            set_limit(RLIMIT_NOFILE, 64);
            set_limit(RLIMIT_CORE, 0);
            if (root) {
                ::setgroups(0, nullptr);
                if (::setresgid(kNobody, kNobody, kNobody) != 0 || ::setresuid(kNobody, kNobody, kNobody) != 0) ::_exit(125);
            }
            std::vector<char*> cargs;
            for (auto& a : args) cargs.push_back(a.data());
            cargs.push_back(nullptr);
            ::execv(cargs[0], cargs.data());
            const int e = errno;
            ::write(exec_pipe[1], &e, sizeof e);
            ::_exit(127);
        }
        // Only the program may hold the pipes' ends: the parent waits for EOF on them.
        for (int fd : {in_pipe[0], in_pipe[1], out_pipe[0], out_pipe[1], err_pipe[0], err_pipe[1], exec_pipe[1]}) ::close(fd);
        ReaperReport report;
        if (program < 0) {
            report.exec_errno = EAGAIN;
        } else {
            const auto deadline = std::chrono::steady_clock::now() +
                                  std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(limits.wall_seconds));
            for (;;) {
                int status = 0;
                if (::waitpid(program, &status, WNOHANG) == program) {
                    report.wait_status = status;
                    break;
                }
                const auto left = deadline - std::chrono::steady_clock::now();
                const bool expired = left <= std::chrono::steady_clock::duration::zero();
                siginfo_t info;
                bool stop = expired;
                if (!expired) {
                    const auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(left).count();
                    timespec timeout{static_cast<time_t>(ns / 1000000000), static_cast<long>(ns % 1000000000)};
                    stop = ::sigtimedwait(&wake, &info, &timeout) == SIGUSR1;
                }
                if (stop) {
                    report.timed_out = expired ? 1 : 0;
                    ::kill(-program, SIGKILL);  // bubblewrap and, through --die-with-parent, its namespace
                    ::kill(program, SIGKILL);
                    ::waitpid(program, &status, 0);
                    report.wait_status = status;
                    break;
                }
            }
            int e = 0;
            if (::read(exec_pipe[0], &e, sizeof e) == static_cast<ssize_t>(sizeof e)) report.exec_errno = e;
            // Reap whatever is left (orphans reparented to us), then go.
            for (int round = 0; round < 200; ++round) {
                const pid_t reaped = ::waitpid(-1, nullptr, WNOHANG);
                if (reaped < 0 && errno == ECHILD) break;
                if (reaped == 0) ::usleep(5000);
            }
        }
        ::write(error_pipe[1], &report, sizeof report);
        ::_exit(0);
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    ::close(error_pipe[1]);

    Result result;
    result.isolation = use_bwrap ? "bubblewrap: user/network/PID/mount namespaces, read-only root, private /tmp"
                                 : "no bubblewrap: private network namespace if the kernel allowed it, rlimits";
    if (root) result.isolation += ", runs as nobody";
    bool output_exceeded = false, timed_out = false;
    std::size_t written = 0;
    ::fcntl(in_pipe[1], F_SETFL, O_NONBLOCK);
    int stdin_fd = in_pipe[1];
    if (stdin_text.empty()) {
        ::close(stdin_fd);
        stdin_fd = -1;
    }
    // The reaper enforces the wall clock; this later deadline is only the parent's safety net.
    const auto deadline = start + std::chrono::duration_cast<std::chrono::steady_clock::duration>(std::chrono::duration<double>(limits.wall_seconds + 3.0));
    int open_outputs = 2;
    char buffer[65536];
    while (open_outputs > 0) {
        const auto now = std::chrono::steady_clock::now();
        if (now >= deadline) {
            timed_out = true;
            break;
        }
        pollfd fds[3] = {{out_pipe[0], POLLIN, 0}, {err_pipe[0], POLLIN, 0}, {stdin_fd, POLLOUT, 0}};
        const int timeout_ms = static_cast<int>(std::chrono::duration_cast<std::chrono::milliseconds>(deadline - now).count()) + 1;
        if (::poll(fds, stdin_fd >= 0 ? 3 : 2, timeout_ms) < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i].fd < 0 || !(fds[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            const ssize_t n = ::read(fds[i].fd, buffer, sizeof buffer);
            if (n <= 0) {
                ::close(fds[i].fd);
                (i == 0 ? out_pipe[0] : err_pipe[0]) = -1;
                --open_outputs;
                continue;
            }
            auto& sink = i == 0 ? result.stdout_text : result.stderr_text;
            sink.append(buffer, static_cast<std::size_t>(n));
            if (result.stdout_text.size() + result.stderr_text.size() > limits.output_bytes) output_exceeded = true;
        }
        if (output_exceeded) break;
        if (stdin_fd >= 0 && (fds[2].revents & (POLLOUT | POLLERR | POLLHUP))) {
            const ssize_t n = ::write(stdin_fd, stdin_text.data() + written, stdin_text.size() - written);
            if (n > 0) written += static_cast<std::size_t>(n);
            if (n < 0 && errno != EAGAIN) written = stdin_text.size();  // reader gone
            if (written >= stdin_text.size()) {
                ::close(stdin_fd);
                stdin_fd = -1;
            }
        }
    }
    if (output_exceeded) ::kill(pid, SIGUSR1);  // the reaper stops the program and reaps it
    if (timed_out) ::kill(-pid, SIGKILL);       // the reaper itself is stuck: last resort
    for (int fd : {out_pipe[0], err_pipe[0], stdin_fd})
        if (fd >= 0) ::close(fd);
    int reaper_status = 0;
    struct rusage usage {};
    ::wait4(pid, &reaper_status, 0, &usage);
    result.wall_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
    result.max_rss_kb = usage.ru_maxrss;
    ReaperReport report;
    const bool reported = ::read(error_pipe[0], &report, sizeof report) == static_cast<ssize_t>(sizeof report);
    ::close(error_pipe[0]);
    if (reported) timed_out = timed_out || report.timed_out;
    const int status = reported ? report.wait_status : reaper_status;
    const int exec_errno = reported ? report.exec_errno : 0;
    const bool exec_failed = exec_errno != 0;
    std::error_code ec;
    fs::remove_all(dir, ec);
    if (exec_failed) throw Error("sandbox: cannot run " + argv[0] + ": " + std::strerror(exec_errno));
    if (result.stdout_text.size() + result.stderr_text.size() > limits.output_bytes) {
        output_exceeded = true;
        result.stdout_text.resize(std::min(result.stdout_text.size(), limits.output_bytes));
    }

    if (WIFEXITED(status)) result.exit_code = WEXITSTATUS(status);
    if (WIFSIGNALED(status)) result.signal = WTERMSIG(status);
    const bool memory_error = result.stderr_text.find("MemoryError") != std::string::npos ||
                              result.stderr_text.find("std::bad_alloc") != std::string::npos ||
                              result.stderr_text.find("Cannot allocate memory") != std::string::npos;
    if (output_exceeded) result.outcome = Outcome::OutputLimit;
    else if (timed_out || result.signal == SIGXCPU || (result.signal == SIGKILL && usage.ru_utime.tv_sec + 1 >= limits.cpu_seconds))
        result.outcome = Outcome::TimeLimit;
    else if (result.signal == SIGXFSZ) result.outcome = Outcome::OutputLimit;
    else if (memory_error) result.outcome = Outcome::MemoryLimit;
    else if (result.signal != 0) result.outcome = Outcome::Crashed;
    else result.outcome = Outcome::Exited;
    // bubblewrap reports the program's own death by signal as exit code 128 + signal.
    if (use_bwrap && result.outcome == Outcome::Exited && result.exit_code > 128) {
        const int sig = result.exit_code - 128;
        if (sig == SIGXCPU || sig == SIGKILL) result.outcome = Outcome::TimeLimit;
        else if (sig == SIGXFSZ) result.outcome = Outcome::OutputLimit;
    }
    return result;
}

}  // namespace ew::sandbox

#include "sandbox/sandbox.h"

#include "sandbox/reaper_protocol.h"

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
#include <spawn.h>
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

const char* to_string(Isolation isolation) { return isolation == Isolation::Bubblewrap ? "bubblewrap" : "unshare"; }

Isolation parse_isolation(const std::string& name) {
    if (name == "bubblewrap") return Isolation::Bubblewrap;
    if (name == "unshare") return Isolation::Unshare;
    throw Error("unknown sandbox isolation '" + name + "' (expected bubblewrap or unshare)");
}

Isolation configured_isolation() {
    const char* v = std::getenv("EW_SANDBOX_ISOLATION");
    return v && std::string(v) == "unshare" ? Isolation::Unshare : Isolation::Bubblewrap;
}

void set_isolation(Isolation isolation) { ::setenv("EW_SANDBOX_ISOLATION", to_string(isolation), 1); }

fs::path reaper_executable() {
    if (const char* v = std::getenv("EW_SANDBOX_REAPER"); v && *v) return v;
    std::error_code ec;
    const auto exe_dir = fs::read_symlink("/proc/self/exe", ec).parent_path();
    for (const auto& candidate : {exe_dir / "empower-sandbox-reaper", exe_dir / ".." / "libexec" / "empower-workbench" / "empower-sandbox-reaper"})
        if (::access(candidate.c_str(), X_OK) == 0) return candidate;
    return EW_SANDBOX_REAPER_BUILD_PATH;
}

namespace {

constexpr uid_t kNobody = 65534;

// $EW_BWRAP lets tests (and unusual installs) point elsewhere; Debian installs /usr/bin/bwrap.
std::string bubblewrap_path() {
    const char* v = std::getenv("EW_BWRAP");
    return v && *v ? v : "/usr/bin/bwrap";
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

// A private directory for one run: work/ (the program's /tmp) and the synthetic passwd/group
// files naming only the ids in use. Removed by the destructor.
struct RunDirectory {
    fs::path root, work;
    explicit RunDirectory(bool chown_to_nobody) {
        char dir_template[] = "/tmp/ew-sandbox-XXXXXX";
        if (!::mkdtemp(dir_template)) throw Error(std::string("sandbox: cannot create a private directory: ") + std::strerror(errno));
        root = dir_template;
        work = root / "work";
        fs::create_directory(work);
        ::chmod(root.c_str(), 0711);  // nobody must reach work/ and read passwd/group, not list them
        const uid_t uid = chown_to_nobody ? kNobody : ::getuid();
        const gid_t gid = chown_to_nobody ? kNobody : ::getgid();
        std::string passwd = "nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin\n";
        std::string group = "nogroup:x:65534:\n";
        if (uid != kNobody) passwd += "sandbox:x:" + std::to_string(uid) + ":" + std::to_string(gid) + ":sandbox:/tmp:/usr/sbin/nologin\n";
        if (gid != kNobody) group += "sandbox:x:" + std::to_string(gid) + ":\n";
        write_file_atomic(root / "passwd", passwd);
        write_file_atomic(root / "group", group);
        ::chmod((root / "passwd").c_str(), 0644);
        ::chmod((root / "group").c_str(), 0644);
        if (chown_to_nobody) ::chown(work.c_str(), kNobody, kNobody);
    }
    ~RunDirectory() {
        remove_tree(root, std::nothrow);
    }
};

// bubblewrap's command line: only what an interpreter needs, read-only, and the private /tmp.
std::vector<std::string> bubblewrap_arguments(const RunDirectory& dir) {
    std::vector<std::string> args = {bubblewrap_path(), "--unshare-all", "--die-with-parent", "--new-session",
                                     "--info-fd", std::to_string(kBubblewrapInfoFd), "--ro-bind", "/usr", "/usr"};
    // Merged-/usr systems have /bin, /lib, ... as links into /usr; others have real directories.
    for (const char* top : {"/bin", "/sbin", "/lib", "/lib32", "/lib64", "/libx32"}) {
        std::error_code ec;
        const auto status = fs::symlink_status(top, ec);
        if (ec || !fs::exists(status)) continue;
        if (fs::is_symlink(status)) args.insert(args.end(), {"--symlink", fs::read_symlink(top, ec).string(), top});
        else if (fs::is_directory(status)) args.insert(args.end(), {"--ro-bind", top, top});
    }
    for (const char* file : {"/etc/ld.so.cache", "/etc/localtime"}) args.insert(args.end(), {"--ro-bind-try", file, file});
    args.insert(args.end(), {"--ro-bind", (dir.root / "passwd").string(), "/etc/passwd", "--ro-bind", (dir.root / "group").string(),
                             "/etc/group", "--dev", "/dev", "--proc", "/proc", "--bind", dir.work.string(), "/tmp", "--chdir", "/tmp", "--"});
    return args;
}

std::vector<std::string> clean_environment(const Limits& limits) {
    std::vector<std::string> env = {"PATH=/usr/bin:/bin", "LANG=C.UTF-8", "LC_ALL=C.UTF-8", "HOME=/tmp",
                                    "PYTHONDONTWRITEBYTECODE=1", "PYTHONHASHSEED=0"};
    for (const auto& [name, value] : limits.environment) {
        if (name.empty() || name.find('=') != std::string::npos) throw Error("sandbox: invalid environment variable name '" + name + "'");
        env.push_back(name + "=" + value);
    }
    return env;
}

std::string describe(Isolation chosen, unsigned held, bool& complete) {
    auto yes = [&](unsigned flag) { return (held & flag) ? "yes" : "NO"; };
    std::string text;
    if (chosen == Isolation::Bubblewrap) {
        complete = (held & kHeldBubblewrap) != 0;
        text = "bubblewrap: user, network, PID, IPC and mount namespaces; only /usr and a minimal /etc visible, read-only; "
               "private /tmp; clean environment";
    } else {
        complete = (held & kHeldNetwork) && (held & kHeldHiddenFiles);
        text = std::string("unshare (weaker than bubblewrap): private network: ") + yes(kHeldNetwork) +
               "; /home, /root, /run, /var, /srv, /mnt, /media and the real /tmp hidden: " + yes(kHeldHiddenFiles) +
               "; clean environment";
    }
    if (held & kHeldRunsAsNobody) text += "; runs as nobody";
    return text;
}

// A pipe whose ends are above the descriptors posix_spawn maps onto 0-3, so no dup2 is a no-op
// that would leave O_CLOEXEC set.
void high_pipe(int fds[2]) {
    int raw[2];
    if (::pipe2(raw, O_CLOEXEC) != 0) throw Error(std::string("sandbox: cannot create pipes: ") + std::strerror(errno));
    for (int i = 0; i < 2; ++i) {
        fds[i] = ::fcntl(raw[i], F_DUPFD_CLOEXEC, 10);
        ::close(raw[i]);
        if (fds[i] < 0) throw Error(std::string("sandbox: cannot create pipes: ") + std::strerror(errno));
    }
}

}  // namespace

Result run(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& files,
           const std::string& stdin_text, const Limits& limits) {
    if (argv.empty()) throw Error("sandbox: nothing to run");
    const Isolation isolation = configured_isolation();
    const bool use_bwrap = isolation == Isolation::Bubblewrap;
    if (use_bwrap && ::access(bubblewrap_path().c_str(), X_OK) != 0)
        throw Error("sandbox: bubblewrap (" + bubblewrap_path() +
                    ") is not installed: install the Debian package 'bubblewrap', or choose the weaker isolation "
                    "(Preferences > Sandbox, or --isolation unshare)");
    const fs::path reaper = reaper_executable();
    if (::access(reaper.c_str(), X_OK) != 0) throw Error("sandbox: helper " + reaper.string() + " is missing or not executable");
    const bool root = ::getuid() == 0;
    const RunDirectory dir(root);
    for (const auto& [name, content] : files) {
        write_file_atomic(dir.work / name, content);
        if (root) ::chown((dir.work / name).c_str(), kNobody, kNobody);  // the program runs as nobody
    }
    const int nproc_limit = (root ? 0 : processes_of_current_user()) + limits.max_processes + (use_bwrap ? 4 : 0);

    std::vector<std::string> args = {reaper.string(),
                                     std::to_string(static_cast<long long>(std::llround(limits.wall_seconds * 1000))),
                                     std::to_string(static_cast<long long>(std::ceil(limits.cpu_seconds))),
                                     std::to_string(limits.memory_bytes),
                                     std::to_string(limits.file_size_bytes),
                                     std::to_string(nproc_limit),
                                     root ? "1" : "0",
                                     to_string(isolation),
                                     dir.work.string(),
                                     "--"};
    if (use_bwrap) {
        const auto bwrap = bubblewrap_arguments(dir);
        args.insert(args.end(), bwrap.begin(), bwrap.end());
    }
    args.insert(args.end(), argv.begin(), argv.end());
    auto environment = clean_environment(limits);

    int in_pipe[2], out_pipe[2], err_pipe[2], report_pipe[2];
    high_pipe(in_pipe);
    high_pipe(out_pipe);
    high_pipe(err_pipe);
    high_pipe(report_pipe);
    // A program that exits without reading all its input closes the pipe under our writes: that
    // must be an EPIPE for us, not a SIGPIPE that kills the workbench.
    static const bool sigpipe_ignored = [] { return std::signal(SIGPIPE, SIG_IGN) != SIG_ERR; }();
    (void)sigpipe_ignored;

    posix_spawn_file_actions_t actions;
    posix_spawn_file_actions_init(&actions);
    posix_spawn_file_actions_adddup2(&actions, in_pipe[0], 0);
    posix_spawn_file_actions_adddup2(&actions, out_pipe[1], 1);
    posix_spawn_file_actions_adddup2(&actions, err_pipe[1], 2);
    posix_spawn_file_actions_adddup2(&actions, report_pipe[1], kReportFd);
    posix_spawnattr_t attributes;
    posix_spawnattr_init(&attributes);
    sigset_t none, defaults;
    sigemptyset(&none);
    sigemptyset(&defaults);
    for (int sig : {SIGPIPE, SIGUSR1, SIGCHLD, SIGTERM, SIGINT}) sigaddset(&defaults, sig);
    posix_spawnattr_setsigmask(&attributes, &none);
    posix_spawnattr_setsigdefault(&attributes, &defaults);
    posix_spawnattr_setpgroup(&attributes, 0);  // its own group: a last-resort kill reaches the whole tree
    posix_spawnattr_setflags(&attributes, POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETPGROUP);
    std::vector<char*> cargs, cenv;
    for (auto& a : args) cargs.push_back(a.data());
    cargs.push_back(nullptr);
    for (auto& e : environment) cenv.push_back(e.data());
    cenv.push_back(nullptr);
    const auto start = std::chrono::steady_clock::now();
    pid_t pid = -1;
    const int spawn_error = ::posix_spawn(&pid, cargs[0], &actions, &attributes, cargs.data(), cenv.data());
    posix_spawn_file_actions_destroy(&actions);
    posix_spawnattr_destroy(&attributes);
    if (spawn_error != 0) {
        for (int* p : {in_pipe, out_pipe, err_pipe, report_pipe}) ::close(p[0]), ::close(p[1]);
        throw Error("sandbox: cannot start " + reaper.string() + ": " + std::strerror(spawn_error));
    }
    ::close(in_pipe[0]);
    ::close(out_pipe[1]);
    ::close(err_pipe[1]);
    ::close(report_pipe[1]);

    Result result;
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
    ReaperReport report;
    const bool reported = ::read(report_pipe[0], &report, sizeof report) == static_cast<ssize_t>(sizeof report);
    ::close(report_pipe[0]);
    if (reported) timed_out = timed_out || report.timed_out;
    // The program's own peak (the reaper waited for it), not the reaper's image.
    result.max_rss_kb = reported ? report.max_rss_kb : usage.ru_maxrss;
    const int status = reported ? report.wait_status : reaper_status;
    const int exec_errno = reported ? report.exec_errno : 0;
    if (exec_errno != 0) throw Error("sandbox: cannot run " + argv[0] + ": " + std::strerror(exec_errno));
    if (!reported) throw Error("sandbox: the helper " + reaper.string() + " ended without a report (status " + std::to_string(reaper_status) + ")");
    result.isolation = describe(isolation, report.held, result.isolation_complete);
    if (use_bwrap && !result.isolation_complete && !timed_out && !output_exceeded) {
        // bubblewrap never set up its namespaces, so nothing ran: say why in its own words.
        std::string why = result.stderr_text.substr(0, result.stderr_text.find('\n'));
        throw Error("sandbox: bubblewrap could not start the sandbox" + (why.empty() ? std::string() : ": " + why));
    }
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

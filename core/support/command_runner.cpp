#include "support/command_runner.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ew {

namespace {

void close_quietly(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

}  // namespace

CommandResult run_command(const std::vector<std::string>& argv, double timeout_seconds) {
    CommandResult result;
    if (argv.empty()) {
        result.error = "no command";
        return result;
    }
    int out[2], err[2], exec_status[2];
    if (::pipe2(out, O_CLOEXEC) != 0 || ::pipe2(err, O_CLOEXEC) != 0 || ::pipe2(exec_status, O_CLOEXEC) != 0) {
        result.error = std::string("pipe: ") + std::strerror(errno);
        return result;
    }
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);

    const pid_t pid = ::fork();
    if (pid < 0) {
        result.error = std::string("fork: ") + std::strerror(errno);
        return result;
    }
    if (pid == 0) {
        ::dup2(out[1], STDOUT_FILENO);
        ::dup2(err[1], STDERR_FILENO);
        const int devnull = ::open("/dev/null", O_RDONLY);
        if (devnull >= 0) ::dup2(devnull, STDIN_FILENO);
        ::setpgid(0, 0);  // its own group, so a timeout kills whatever it started too
        ::execvp(args[0], args.data());
        const int e = errno;  // tell the parent why exec failed (the status pipe closes on success)
        (void)!::write(exec_status[1], &e, sizeof e);
        ::_exit(127);
    }
    ::close(out[1]);
    ::close(err[1]);
    ::close(exec_status[1]);
    int exec_errno = 0;
    const bool exec_failed = ::read(exec_status[0], &exec_errno, sizeof exec_errno) == sizeof exec_errno;
    ::close(exec_status[0]);

    const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
    bool timed_out = false;
    int fds[2] = {out[0], err[0]};
    while (fds[0] >= 0 || fds[1] >= 0) {
        const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
        if (left <= 0) {
            timed_out = true;
            ::kill(-pid, SIGKILL);
            break;
        }
        pollfd p[2] = {{fds[0], POLLIN, 0}, {fds[1], POLLIN, 0}};
        if (::poll(p, 2, static_cast<int>(left)) < 0 && errno != EINTR) break;
        for (int i = 0; i < 2; ++i) {
            if (fds[i] < 0 || !(p[i].revents & (POLLIN | POLLHUP | POLLERR))) continue;
            char buffer[4096];
            const ssize_t n = ::read(fds[i], buffer, sizeof buffer);
            if (n > 0) (i == 0 ? result.stdout_text : result.stderr_text).append(buffer, static_cast<std::size_t>(n));
            else if (n == 0 || errno != EINTR) close_quietly(fds[i]);
        }
    }
    close_quietly(fds[0]);
    close_quietly(fds[1]);
    int status = 0;
    while (::waitpid(pid, &status, 0) < 0 && errno == EINTR) {
    }
    if (exec_failed) result.error = "cannot run " + argv[0] + ": " + std::strerror(exec_errno);
    else if (timed_out) result.error = argv[0] + " did not answer within " + std::to_string(static_cast<int>(timeout_seconds)) + " s";
    else if (WIFSIGNALED(status)) result.error = argv[0] + " was killed by signal " + std::to_string(WTERMSIG(status));
    else result.exit_code = WEXITSTATUS(status);
    return result;
}

std::string shell_quote(const std::string& word) {
    if (!word.empty() && word.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-+=./:,@%") == std::string::npos)
        return word;
    std::string quoted = "'";
    for (char c : word) quoted += c == '\'' ? std::string("'\\''") : std::string(1, c);
    return quoted + "'";
}

std::string shell_command_line(const std::vector<std::string>& argv) {
    std::string line;
    for (const auto& a : argv) line += (line.empty() ? "" : " ") + shell_quote(a);
    return line;
}

}  // namespace ew

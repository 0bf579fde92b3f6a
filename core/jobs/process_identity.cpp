#include "jobs/process_identity.h"

#include <cerrno>
#include <fcntl.h>
#include <fstream>
#include <optional>
#include <sstream>
#include <unistd.h>

namespace ew::jobs {

namespace {

std::string first_line(const char* path) {
    std::ifstream in(path);
    std::string line;
    std::getline(in, line);
    return line;
}

// A /proc file read with read(2): when the process exits between open and read, the read fails
// with ESRCH, which std::ifstream turns into an exception from inside its buffer (whatever its
// exception mask) — a vanished process is an answer here, not an error.
std::optional<std::string> read_proc_file(const std::string& path) {
    const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) return std::nullopt;
    std::string out;
    char buf[4096];
    for (;;) {
        const ssize_t n = ::read(fd, buf, sizeof buf);
        if (n > 0) {
            out.append(buf, static_cast<std::size_t>(n));
            continue;
        }
        if (n < 0 && errno == EINTR) continue;
        ::close(fd);
        if (n < 0) return std::nullopt;
        return out;
    }
}

}  // namespace

std::string current_hostname() {
    char name[256] = {};
    if (::gethostname(name, sizeof name - 1) != 0) return {};
    return name;
}

std::string current_boot_id() { return first_line("/proc/sys/kernel/random/boot_id"); }

std::optional<ProcessIdentity> identity_of(std::int64_t pid) {
    if (pid <= 0) return std::nullopt;
    const auto read = read_proc_file("/proc/" + std::to_string(pid) + "/stat");
    if (!read) return std::nullopt;  // no such process (any more)
    const std::string& stat = *read;
    // The command name (field 2) may hold spaces and parentheses: fields restart after the last ')'.
    const auto close = stat.rfind(')');
    if (close == std::string::npos) return std::nullopt;
    std::istringstream fields(stat.substr(close + 1));
    std::string state;
    fields >> state;  // field 3
    if (state == "Z" || state == "X") return std::nullopt;
    std::string skip;
    for (int field = 4; field < 22; ++field) fields >> skip;
    std::uint64_t start_ticks = 0;
    if (!(fields >> start_ticks)) return std::nullopt;
    return ProcessIdentity{pid, current_hostname(), current_boot_id(), start_ticks};
}

ProcessIdentity this_process() {
    auto self = identity_of(::getpid());
    return self ? *self : ProcessIdentity{::getpid(), current_hostname(), current_boot_id(), 0};
}

const char* to_string(ProcessState state) {
    switch (state) {
        case ProcessState::Running: return "running";
        case ProcessState::Gone: return "gone";
        case ProcessState::OtherMachine: return "other machine";
        case ProcessState::Unknown: return "unknown";
    }
    return "?";
}

ProcessState state_of(const ProcessIdentity& recorded) {
    if (recorded.pid <= 0) return ProcessState::Unknown;
    // A record without a machine comes from an older workspace: treat it as this machine's, as
    // before, but the start time still has to match when it is known.
    if (!recorded.hostname.empty() && (recorded.hostname != current_hostname() || recorded.boot_id != current_boot_id()))
        return ProcessState::OtherMachine;
    const auto now = identity_of(recorded.pid);
    if (!now) return ProcessState::Gone;
    if (recorded.start_ticks != 0 && now->start_ticks != recorded.start_ticks) return ProcessState::Gone;
    return ProcessState::Running;
}

}  // namespace ew::jobs

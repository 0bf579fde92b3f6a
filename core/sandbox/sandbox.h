// Runs an untrusted program (a generated or user-written solution) with limits: wall and CPU
// time, address space, process count, file size, captured output (capped), a private temporary
// working directory, no network, and nothing of the workstation visible.
//
// Isolation (chosen by the user, never silently weakened):
//   - bubblewrap (default; Debian `bubblewrap`): new user, network, PID, IPC, UTS and mount
//     namespaces. Only /usr, the /bin, /sbin and /lib* links, and a minimal /etc (ld.so cache,
//     localtime, passwd/group entries for the ids in use) are visible, read-only; the private
//     directory is /tmp. /home, /root, /run, /var, /srv, /mnt, /media, the real /tmp and every
//     X11/Wayland/D-Bus socket are absent. Without bubblewrap the sandbox refuses to run.
//   - unshare (weaker, only when chosen: Preferences or `--isolation unshare`): network and mount
//     namespaces set up by hand; /home, /root, /run, /var, ... hidden under empty tmpfs mounts.
//     Each part is checked, and Result::isolation says which held.
// Either way the program gets a clean environment (PATH, LANG/LC_ALL=C.UTF-8, HOME=/tmp,
// PYTHONDONTWRITEBYTECODE=1, PYTHONHASHSEED=0, plus Limits::environment), and as root it runs
// as `nobody` (uid 65534), so RLIMIT_NPROC really bounds a fork bomb (root ignores it).
// The program is started through `empower-sandbox-reaper` (posix_spawn; see reaper_protocol.h).
#pragma once
#include <cstddef>
#include <filesystem>
#include <string>
#include <vector>

namespace ew::sandbox {

struct Limits {
    double wall_seconds = 5.0;
    double cpu_seconds = 4.0;
    std::size_t memory_bytes = 512ull << 20;  // address space
    int max_processes = 32;                   // beyond those the user already runs
    std::size_t file_size_bytes = 16ull << 20;
    std::size_t output_bytes = 4ull << 20;    // stdout + stderr kept; more is an output-limit verdict
    // Variables the program gets beyond the clean set (a problem's explicit configuration only).
    std::vector<std::pair<std::string, std::string>> environment;
};

enum class Isolation { Bubblewrap, Unshare };
const char* to_string(Isolation isolation);
// Parses "bubblewrap" / "unshare"; throws ew::Error otherwise.
Isolation parse_isolation(const std::string& name);
// The process's choice: $EW_SANDBOX_ISOLATION (default bubblewrap). set_isolation() writes that
// variable, so jobs the workbench starts (empower eval) inherit the user's choice.
Isolation configured_isolation();
void set_isolation(Isolation isolation);

enum class Outcome { Exited, TimeLimit, MemoryLimit, OutputLimit, Crashed };
const char* to_string(Outcome outcome);

struct Result {
    Outcome outcome = Outcome::Exited;
    int exit_code = 0;       // when Exited
    int signal = 0;          // when killed by a signal
    std::string stdout_text;
    std::string stderr_text;
    double wall_ms = 0;
    long max_rss_kb = 0;
    std::string isolation;   // what protected this run, in words (checked, not assumed)
    bool isolation_complete = false;  // every part of the chosen isolation held
};

// Runs argv (argv[0] an absolute path) in a fresh private directory that holds `files`
// (name -> content), feeding `stdin_text`. The directory is removed afterwards. Throws ew::Error
// when the chosen isolation is unavailable (bubblewrap missing or unable to start).
Result run(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& files,
           const std::string& stdin_text, const Limits& limits);

// The Python interpreter solutions run with.
std::filesystem::path python_interpreter();

// The helper executable: $EW_SANDBOX_REAPER, next to the running binary, the install layout
// (../libexec/empower-workbench/), then the build tree.
std::filesystem::path reaper_executable();

}  // namespace ew::sandbox

// Runs an untrusted program (a generated or user-written solution) with limits: wall and CPU
// time, address space, process count, file size, captured output (capped), a private temporary
// working directory, and no network.
//
// Isolation, strongest available first:
//   1. bubblewrap (Debian `bubblewrap`): new user, network, PID, IPC and mount namespaces; the root
//      filesystem read-only, only the private directory writable; killing it kills every process
//      the program started. Used when /usr/bin/bwrap exists and user namespaces are allowed.
//   2. Without bubblewrap: a new network namespace via unshare(2) (root, or unprivileged user
//      namespaces); the filesystem is then only protected by the private working directory and,
//      as root, by dropping to user `nobody`.
//   3. Neither: the program runs with rlimits only and Result::isolation says the network is NOT
//      isolated. Nothing fails silently.
// As root the program always runs as `nobody` (uid 65534), so RLIMIT_NPROC really bounds a fork
// bomb (root ignores it).
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
};

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
    std::string isolation;   // what protected this run, in words
};

// Runs argv (argv[0] an absolute path) in a fresh private directory that holds `files`
// (name -> content), feeding `stdin_text`. The directory is removed afterwards.
Result run(const std::vector<std::string>& argv, const std::vector<std::pair<std::string, std::string>>& files,
           const std::string& stdin_text, const Limits& limits);

// The Python interpreter solutions run with.
std::filesystem::path python_interpreter();

}  // namespace ew::sandbox

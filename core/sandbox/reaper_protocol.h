// What passes between the sandbox (in the workbench, possibly a multi-threaded GUI) and
// `empower-sandbox-reaper`, the small single-threaded helper it starts with posix_spawn.
//
// Why a separate executable: between fork() and exec() a multi-threaded process may only call
// async-signal-safe functions (another thread may hold the allocator's lock), and forking a
// multi-gigabyte GUI image costs ~140 ms per run. posix_spawn of a tiny helper does neither; the
// helper forks the program freely, and its rusage is the program's, not the workbench's image.
//
// Command line (all values decimal, written by the sandbox, never by a user):
//   empower-sandbox-reaper WALL_MS CPU_SECONDS ADDRESS_SPACE_BYTES FILE_SIZE_BYTES NPROC
//                          DROP_TO_NOBODY(0|1) MODE(bubblewrap|unshare) WORKDIR -- PROGRAM ARGS...
// File descriptors: 0/1/2 the program's stdin/stdout/stderr, 3 the report pipe (one ReaperReport).
// Environment: exactly the program's (the sandbox builds a clean one).
// Signals: SIGUSR1 asks the reaper to kill the program now (the parent's output limit).
#pragma once

namespace ew::sandbox {

// Isolation that was checked to hold for a run (bit flags).
enum IsolationHeld : unsigned {
    kHeldBubblewrap = 1u << 0,      // bubblewrap reported its namespaces set up (--info-fd)
    kHeldNetwork = 1u << 1,         // a private network namespace
    kHeldHiddenFiles = 1u << 2,     // /home, /root, /run, /var, ... and the real /tmp not visible
    kHeldRunsAsNobody = 1u << 3,    // root dropped to uid/gid 65534
};

struct ReaperReport {
    int exec_errno = 0;       // non-zero: the program could not be started
    int timed_out = 0;        // the wall clock ran out
    int wait_status = 0;      // waitpid status of the program (of bubblewrap when used)
    long max_rss_kb = 0;      // the program's own peak resident set (with its waited-for children)
    unsigned held = 0;        // IsolationHeld flags
};

// The descriptor bubblewrap writes its "namespaces are ready" JSON to, inside the reaper's child.
constexpr int kBubblewrapInfoFd = 4;
constexpr int kReportFd = 3;

}  // namespace ew::sandbox

// Who a recorded process is: PID plus the machine it runs on (hostname + the kernel's boot id) and
// its start time (/proc/PID/stat field 22, clock ticks after boot). A PID alone is not an identity:
// after the job ends the kernel hands its number to an unrelated process, and a workspace on a
// shared disk may be opened on another host. Signals and "it vanished" decisions are made only
// when all four match.
#pragma once
#include <cstdint>
#include <optional>
#include <string>

namespace ew::jobs {

struct ProcessIdentity {
    std::int64_t pid = 0;
    std::string hostname;
    std::string boot_id;
    std::uint64_t start_ticks = 0;
};

// This machine, as recorded in identities.
std::string current_hostname();
std::string current_boot_id();  // /proc/sys/kernel/random/boot_id; changes at every boot

// The identity of a live process on this machine; nullopt when there is no such process (or it is
// a zombie: exited, not yet reaped).
std::optional<ProcessIdentity> identity_of(std::int64_t pid);
ProcessIdentity this_process();

enum class ProcessState {
    Running,        // same host, same boot, same PID and start time: it is our process
    Gone,           // same host and boot, but the PID is free or belongs to another process now
    OtherMachine,   // recorded on another host or before a reboot of this one: cannot tell from here
    Unknown,        // nothing recorded (no PID)
};
const char* to_string(ProcessState state);

ProcessState state_of(const ProcessIdentity& recorded);

}  // namespace ew::jobs

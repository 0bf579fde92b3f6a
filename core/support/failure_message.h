// What a user reads when something fails deep in a computation. libtorch's c10::Error carries a
// C++ stack trace of dozens of frames in what(), and an allocation failure reads "[enforce fail at
// alloc_cpu.cpp:…] DefaultCPUAllocator: can't allocate memory: you tried to allocate 21474836480
// bytes. Error code 12 …". Users get one line; the full text goes to a log file they can send.
#pragma once
#include <exception>
#include <filesystem>
#include <string>

namespace ew {

// One line for the user: the message without libtorch's backtrace, and for an allocation failure
// (host or GPU) "out of memory: an allocation of 20.0 GiB failed; …" with what to change.
std::string failure_message(const std::exception& e);

// Where full failure texts are appended: $XDG_STATE_HOME/empower-workbench/errors.log, else
// ~/.local/state/empower-workbench/errors.log.
std::filesystem::path failure_log_path();

// failure_message(e), after appending e's full text (with any backtrace) to failure_log_path()
// under a timestamp and `context`; says where the details are when they were longer than the line.
std::string report_failure(const std::exception& e, const std::string& context);

}  // namespace ew

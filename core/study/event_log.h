// The durable event log of one study session.
//
// append() never blocks on the disk: it stamps the event and queues it; a writer thread commits
// whatever is queued as one transaction on its own SQLite connection with journal_mode=WAL and
// synchronous=FULL, i.e. the WAL is fsynced at every commit. Loss window: an event is durable —
// it survives kill -9 and power loss — once the commit that carries it returns, normally within
// one fsync (a few milliseconds) of append(); only events appended inside that window can be lost.
// If a commit fails (disk full, I/O error), the events stay queued and the writer retries; the
// error is reported through last_error() and nothing is dropped.
#pragma once
#include "study/study_event.h"

#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <mutex>
#include <string>
#include <thread>

namespace ew::study {

class EventLog {
public:
    // Opens the workspace database at `path` for session `session_id` (which must exist) and
    // continues its sequence numbers after the last stored event.
    EventLog(const std::filesystem::path& path, std::int64_t session_id);
    ~EventLog();  // commits everything queued before returning
    EventLog(const EventLog&) = delete;
    EventLog& operator=(const EventLog&) = delete;

    std::int64_t append(StudyEvent event);  // returns the event's seq
    // Blocks until every event appended so far is durable; false when `timeout` passed first
    // (the disk is refusing writes: see last_error()).
    bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    std::int64_t durable_seq() const;       // highest seq known to be committed
    std::string last_error() const;         // empty while writes succeed

private:
    void run_writer();
    std::filesystem::path path_;
    std::int64_t session_id_;
    mutable std::mutex mutex_;
    std::condition_variable wake_writer_, wake_flush_;
    std::deque<StudyEvent> queue_;
    std::int64_t next_seq_ = 1;
    std::int64_t durable_seq_ = 0;
    std::string last_error_;
    bool stopping_ = false;
    std::thread writer_;
};

}  // namespace ew::study

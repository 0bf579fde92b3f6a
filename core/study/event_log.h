// The durable event log of one study session.
//
// append() never blocks on the disk: it stamps the event and queues it; a writer thread commits
// whatever is queued as one transaction on its own SQLite connection with journal_mode=WAL and
// synchronous=FULL, i.e. the WAL is fsynced at every commit. Loss window: an event is durable —
// it survives kill -9 and power loss — once the commit that carries it returns, normally within
// one fsync (a few milliseconds) of append(); only events appended inside that window can be lost.
// If a commit fails (disk full, I/O error), the events stay queued and the writer retries; the
// error is reported through last_error() and nothing is dropped. At close, events the workspace
// still refuses go to the unsaved-events file (unsaved_events_file.h); durable_seq() only ever
// counts events that were committed or written and fsynced there, and whatever neither took is
// named in last_error(). The writer thread never lets an exception out (that would terminate).
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
    ~EventLog();  // close(), then says on stderr if events were lost (nobody can ask any more)
    EventLog(const EventLog&) = delete;
    EventLog& operator=(const EventLog&) = delete;

    std::int64_t append(StudyEvent event);  // returns the event's seq
    // Blocks until every event appended so far is durable; false when `timeout` passed first
    // (the disk is refusing writes: see last_error()).
    bool flush(std::chrono::milliseconds timeout = std::chrono::seconds(10));
    std::int64_t durable_seq() const;       // highest seq known to be on disk (every seq before it is too)
    std::string last_error() const;         // empty while writes succeed
    // Commits what is queued — or, if the workspace keeps refusing, saves it to the unsaved-events
    // file — and stops the writer. Afterwards durable_seq() and last_error() say what reached the
    // disk; events appended after close() are never written.
    void close();

private:
    void run_writer() noexcept;
    void write_until_stopped();
    void save_queue_to_fallback(const std::string& workspace_error);
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

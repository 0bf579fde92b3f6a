#include "study/event_log.h"

#include "store/sqlite_database.h"
#include "store/workspace.h"
#include "study/study_store.h"
#include "study/unsaved_events_file.h"
#include "support/error.h"

#include <chrono>
#include <cstdio>
#include <memory>
#include <vector>

namespace ew::study {

// The connection lives only inside the writer thread's function; the constructor opens one
// briefly to validate the session and find the next sequence number, so errors reach the caller.
EventLog::EventLog(const std::filesystem::path& path, std::int64_t session_id) : path_(path), session_id_(session_id) {
    {
        store::Workspace workspace(path, false);  // migrates an older workspace, refuses a damaged one
        bool exists = false;
        workspace.database().query("SELECT COALESCE(MAX(e.seq), 0), COUNT(s.id) FROM sessions s LEFT JOIN study_events e "
                                   "ON e.session_id = s.id WHERE s.id = ?",
                                   {session_id}, [&](sqlite3_stmt* s) {
                                       next_seq_ = store::SqliteDatabase::column_int(s, 0) + 1;
                                       exists = store::SqliteDatabase::column_int(s, 1) > 0;
                                   });
        if (!exists) fail_file(path, "study session " + std::to_string(session_id) + " does not exist");
        durable_seq_ = next_seq_ - 1;
    }
    writer_ = std::thread([this] { run_writer(); });
}

EventLog::~EventLog() {
    close();
    std::lock_guard lock(mutex_);
    if (durable_seq_ < next_seq_ - 1)
        std::fprintf(stderr, "empower: error: study session %lld: events %lld to %lld were not saved: %s\n",
                     static_cast<long long>(session_id_), static_cast<long long>(durable_seq_ + 1),
                     static_cast<long long>(next_seq_ - 1), last_error_.c_str());
}

void EventLog::close() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_writer_.notify_all();
    if (writer_.joinable()) writer_.join();
}

std::int64_t EventLog::append(StudyEvent event) {
    std::int64_t seq;
    {
        std::lock_guard lock(mutex_);
        event.session_id = session_id_;
        event.seq = seq = next_seq_++;
        if (event.wall_time == 0) event.wall_time = store::unix_now();
        queue_.push_back(std::move(event));
    }
    wake_writer_.notify_one();
    return seq;
}

bool EventLog::flush(std::chrono::milliseconds timeout) {
    std::unique_lock lock(mutex_);
    const std::int64_t target = next_seq_ - 1;
    return wake_flush_.wait_for(lock, timeout, [&] { return durable_seq_ >= target; });
}

std::int64_t EventLog::durable_seq() const {
    std::lock_guard lock(mutex_);
    return durable_seq_;
}

std::string EventLog::last_error() const {
    std::lock_guard lock(mutex_);
    return last_error_;
}

void EventLog::run_writer() noexcept {
    // An exception leaving a thread's function calls std::terminate — the participant's whole
    // session would die with it. Anything unexpected (bad_alloc) stops the writer, reported.
    try {
        write_until_stopped();
    } catch (const std::exception& e) {
        std::lock_guard lock(mutex_);
        last_error_ = std::string("the event log writer stopped: ") + e.what();
    } catch (...) {
        std::lock_guard lock(mutex_);
        last_error_ = "the event log writer stopped";
    }
    wake_flush_.notify_all();
}

void EventLog::write_until_stopped() {
    std::unique_ptr<store::SqliteDatabase> db;
    int failures_while_stopping = 0;
    for (;;) {
        std::vector<StudyEvent> batch;
        {
            std::unique_lock lock(mutex_);
            wake_writer_.wait(lock, [&] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping with nothing left
            batch.assign(queue_.begin(), queue_.end());
        }
        std::string error;
        try {
            if (!db) {
                db = std::make_unique<store::SqliteDatabase>(path_, false);
                db->exec("PRAGMA synchronous=FULL");  // fsync the WAL at every commit: durable on power loss
            }
            insert_study_events(*db, batch);
        } catch (const std::exception& e) {
            error = e.what();
        }
        if (error.empty()) {
            std::lock_guard lock(mutex_);
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(batch.size()));
            durable_seq_ = batch.back().seq;
            last_error_.clear();
        } else {
            db.reset();  // reopen on the next try: the file may have been replaced or the disk freed
            std::unique_lock lock(mutex_);
            last_error_ = error;
            if (stopping_ && ++failures_while_stopping >= 10) {
                lock.unlock();
                save_queue_to_fallback(error);
                return;
            }
            wake_writer_.wait_for(lock, std::chrono::milliseconds(200), [&] { return stopping_; });
        }
        wake_flush_.notify_all();
    }
}

// Called on the writer thread at close when the workspace keeps refusing. The disk write happens
// without the lock, so append() on the UI thread never waits for it.
void EventLog::save_queue_to_fallback(const std::string& workspace_error) {
    std::vector<StudyEvent> events;
    {
        std::lock_guard lock(mutex_);
        events.assign(queue_.begin(), queue_.end());
    }
    const auto file = unsaved_events_path(path_, session_id_);
    const auto result = save_unsaved_events(file, events);
    std::lock_guard lock(mutex_);
    if (result.saved > 0) {
        queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(result.saved));
        durable_seq_ = events[result.saved - 1].seq;  // only what is complete and fsynced in the file
    }
    if (result.saved == events.size())
        last_error_ = workspace_error + "; " + std::to_string(events.size()) + " events saved to " + file.string();
    else
        last_error_ = workspace_error + "; " + std::to_string(events.size() - result.saved) + " events not saved: " + result.error;
}

}  // namespace ew::study

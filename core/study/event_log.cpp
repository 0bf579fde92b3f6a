#include "study/event_log.h"

#include "store/sqlite_database.h"
#include "store/workspace.h"
#include "study/study_store.h"
#include "support/error.h"

#include <chrono>
#include <fstream>
#include <memory>
#include <nlohmann/json.hpp>
#include <vector>

namespace ew::study {

namespace {

// Last resort when the database refuses writes at shutdown: the events go to a JSON-lines file
// beside it, so they can be recovered by hand instead of vanishing.
void write_fallback(const std::filesystem::path& db_path, std::int64_t session_id, const std::deque<StudyEvent>& events) {
    std::ofstream out(db_path.string() + ".session-" + std::to_string(session_id) + ".unsaved.jsonl", std::ios::app);
    for (const auto& e : events)
        out << nlohmann::json{{"session_id", e.session_id}, {"seq", e.seq}, {"wall_time", e.wall_time},
                              {"phase", e.phase}, {"slot", e.slot}, {"type", e.type}, {"pos", e.pos},
                              {"text", e.text}, {"suggestion_id", e.suggestion_id}, {"payload", e.payload}}
                   .dump()
            << "\n";
    out.flush();
}

}  // namespace

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
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
    }
    wake_writer_.notify_all();
    writer_.join();
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

void EventLog::run_writer() {
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
        try {
            if (!db) {
                db = std::make_unique<store::SqliteDatabase>(path_, false);
                db->exec("PRAGMA synchronous=FULL");  // fsync the WAL at every commit: durable on power loss
            }
            insert_study_events(*db, batch);
            std::lock_guard lock(mutex_);
            queue_.erase(queue_.begin(), queue_.begin() + static_cast<std::ptrdiff_t>(batch.size()));
            durable_seq_ = batch.back().seq;
            last_error_.clear();
        } catch (const std::exception& e) {
            db.reset();  // reopen on the next try: the file may have been replaced or the disk freed
            std::unique_lock lock(mutex_);
            last_error_ = e.what();
            if (stopping_ && ++failures_while_stopping >= 10) {
                write_fallback(path_, session_id_, queue_);
                queue_.clear();
                durable_seq_ = next_seq_ - 1;
                wake_flush_.notify_all();
                return;
            }
            wake_writer_.wait_for(lock, std::chrono::milliseconds(200), [&] { return stopping_; });
        }
        wake_flush_.notify_all();
    }
}

}  // namespace ew::study

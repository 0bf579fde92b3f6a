// The conductor's running view, kept incrementally: one SessionReplay per session that has
// applied every stored event up to its last seq, so a refresh reads and applies only the rows
// after it instead of replaying every session's whole log again. The report it gives is the one
// compute_study_report's full replay gives (tests/core/study/test_session_replay_cache).
// Event logs are append-only (EventLog continues after the last stored seq; imports create new
// sessions), which is what makes "after the last seq seen" complete.
// Not synchronised: one refresh at a time (the study panel runs it on a worker thread, with its
// own connection to the workspace).
#pragma once
#include "study/session_replay.h"
#include "study/study_report.h"
#include "study/study_store.h"

#include <cstdint>
#include <map>

namespace ew::study {

class SessionReplayCache {
public:
    // The study's report from the cached replays, each first brought up to date with the events
    // stored since the last call. Replays of sessions the report did not visit are dropped.
    StudyReport report(StudyStore& store, const StudyRecord& study);
    // One session's replay, brought up to date.
    const SessionReplay& replay(StudyStore& store, std::int64_t session_id);

    std::size_t sessions_cached() const { return replays_.size(); }
    std::int64_t events_read_last() const { return events_read_last_; }  // rows the last report() read

private:
    std::map<std::int64_t, SessionReplay> replays_;
    std::int64_t events_read_last_ = 0;
};

}  // namespace ew::study

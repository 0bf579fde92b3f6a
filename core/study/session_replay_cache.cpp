#include "study/session_replay_cache.h"

#include <set>

namespace ew::study {

const SessionReplay& SessionReplayCache::replay(StudyStore& store, std::int64_t session_id) {
    SessionReplay& r = replays_[session_id];
    // Until a replay has seen an event it reads from the start: its last_seq() of 0 says nothing.
    const auto events = r.events_applied() == 0 ? store.events(session_id) : store.events_after(session_id, r.last_seq());
    events_read_last_ += static_cast<std::int64_t>(events.size());
    try {
        r.apply_all(events);
    } catch (...) {
        // A row the replay cannot take (a damaged payload) leaves it half-applied: forget it, so
        // the next refresh fails on the same row again, as a full replay would.
        replays_.erase(session_id);
        throw;
    }
    return r;
}

StudyReport SessionReplayCache::report(StudyStore& store, const StudyRecord& study) {
    events_read_last_ = 0;
    std::set<std::int64_t> visited;
    auto report = compute_study_report(store, study, [&](const SessionRecord& session) -> const SessionReplay& {
        visited.insert(session.id);
        return replay(store, session.id);
    });
    std::erase_if(replays_, [&](const auto& entry) { return !visited.count(entry.first); });
    return report;
}

}  // namespace ew::study

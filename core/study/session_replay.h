// Replays a session's event log: the document text and the provenance of every character, the
// phase and its elapsed active time (pauses excluded), and every suggestion's fate. The report
// uses it to compute results; the participant window uses it to resume after a crash.
#pragma once
#include "study/character_provenance.h"
#include "study/eta_trajectory.h"
#include "study/study_event.h"

#include <map>
#include <set>
#include <string>
#include <vector>

namespace ew::study {

struct SuggestionRecord {
    std::int64_t id = 0;
    int phase = -1, slot = 0;
    bool shown = false;
    std::int64_t shown_chars = 0;
    double latency_ms = 0;
    bool accepted = false, accepted_full = false;
    int accept_events = 0;              // a word-by-word accept logs several
    std::int64_t accepted_chars = 0;
    bool rejected = false, dismissed = false;
};

struct TestRunRecord {
    int phase = -1, slot = 0;
    bool passed = false;
};

class SessionReplay {
public:
    void apply(const StudyEvent& e);
    void apply_all(const std::vector<StudyEvent>& events) {
        for (const auto& e : events) apply(e);
    }

    const std::u32string& text() const { return text_; }
    std::string text_utf8() const;
    const CharacterProvenance& provenance() const { return provenance_; }
    const std::map<std::int64_t, SuggestionRecord>& suggestions() const { return suggestions_; }
    const std::vector<TestRunRecord>& test_runs() const { return test_runs_; }
    // An empower-auto arm's η after each judged suggestion, in log order (damaged payloads skipped).
    const std::vector<EtaPoint>& eta_points() const { return eta_points_; }
    const std::map<int, std::string>& notes() const { return notes_; }            // slot -> latest note
    const std::map<std::string, std::string>& answers() const { return answers_; }  // item -> latest payload JSON
    const std::vector<std::string>& warnings() const { return warnings_; }
    std::set<int> slots_seen() const;

    int phase() const { return phase_; }                  // last phase started (-1: none)
    bool phase_running() const { return phase_running_; }  // started, not ended
    bool paused() const { return paused_; }
    bool finished() const { return finished_; }
    std::set<int> ended_phases() const { return ended_phases_; }
    // Active seconds of the current phase up to the last event (pauses excluded). After a crash
    // this is the time to credit: at most one tick interval is lost.
    double phase_active_seconds() const;
    std::int64_t max_suggestion_id() const { return max_suggestion_id_; }
    std::int64_t last_seq() const { return last_seq_; }
    std::int64_t events_applied() const { return events_applied_; }

private:
    void insert(const StudyEvent& e, CharacterProvenance::Origin origin);
    std::u32string text_;
    CharacterProvenance provenance_;
    std::map<std::int64_t, SuggestionRecord> suggestions_;
    std::vector<TestRunRecord> test_runs_;
    std::vector<EtaPoint> eta_points_;
    std::map<int, std::string> notes_;
    std::map<std::string, std::string> answers_;
    std::vector<std::string> warnings_;
    std::set<int> ended_phases_, slots_seen_;
    int phase_ = -1;
    bool phase_running_ = false, paused_ = false, finished_ = false;
    double active_before_ = 0, running_since_ = 0, last_time_ = 0;
    std::int64_t max_suggestion_id_ = 0, last_seq_ = 0, events_applied_ = 0;
};

}  // namespace ew::study

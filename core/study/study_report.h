// The results of a study (paper Sec. 5.3, Fig. 3), computed from the event logs: per arm —
// accept ratio over suggestions actually shown, suggestions per participant, characters per
// suggestion, characters of accepted suggestions later deleted (exact, by character provenance) —
// preference counts per ranking item with exact binomial tests and Clopper–Pearson intervals,
// and pairwise tests: two-proportion z for acceptance, Welch's t for deletions.
// While the study is blinded, results are grouped by slot ("Assistant 1", ...), never by arm.
#pragma once
#include "study/study_statistics.h"
#include "study/study_store.h"

#include <nlohmann/json.hpp>
#include <functional>
#include <string>
#include <vector>

namespace ew::study {

struct GroupResult {
    std::string label;                  // the arm's name, or "Assistant <slot>" while blinded
    int participants = 0;               // participants with at least one event in this group's phase
    long shown = 0, accepted = 0, accepted_full = 0, accepted_partial = 0, rejected = 0, dismissed = 0;
    long shown_chars = 0, accepted_chars = 0, deleted_chars = 0;
    double accept_ratio = 0;            // accepted / shown
    double suggestions_per_participant = 0;
    double chars_per_suggestion = 0;    // mean length of shown suggestions
    double deleted_chars_per_accepted = 0;
    std::vector<double> deleted_per_accepted_suggestion;  // one value per accepted suggestion (Welch input)
    long test_runs = 0, passing_test_runs = 0;
};

struct Comparison {
    std::string a, b;
    ZTest acceptance;
    WelchTest deletions;
};

struct PreferenceShare {
    std::string label;
    int ranked_first = 0;
    double proportion = 0;
    Interval ci95;
    BinomialTest test;                  // against chance, p0 = 1 / number of groups
};

struct PreferenceResult {
    std::string item, prompt, best_label;
    int answered = 0;
    std::vector<PreferenceShare> shares;
};

// Where a participant's latest session stands (the conductor's running view): phase and slot only.
struct SessionProgress {
    int sessions = 0;
    long events = 0;            // over all sessions
    bool finished = false;
    int phase = -1;             // -1: no phase started yet
    bool phase_running = false, paused = false;
    double phase_active_seconds = 0;
};

struct ParticipantSummary {
    std::string code, problem;
    std::vector<std::string> group_labels;  // per slot, in slot order
    std::vector<GroupResult> per_slot;      // this participant's numbers, slot order
    SessionProgress progress;
};

struct StudyReport {
    std::string study;
    bool blinded = true;
    int participants = 0, sessions = 0, finished_sessions = 0;
    long events = 0;
    std::vector<GroupResult> groups;
    std::vector<Comparison> comparisons;
    std::vector<PreferenceResult> preferences;
    std::vector<ParticipantSummary> per_participant;
    std::vector<std::string> warnings;      // e.g. an edit that did not fit the document
    nlohmann::json to_json() const;
};

class SessionReplay;

// The replay of one session's whole stored log, however it was obtained.
using SessionReplaySource = std::function<const SessionReplay&(const SessionRecord&)>;

// Replays every session's log from the start (the CLI, exports, and the reference for the cache).
StudyReport compute_study_report(StudyStore& store, const StudyRecord& study);
// The same report from replays the caller keeps (session_replay_cache.h: only new events are applied).
StudyReport compute_study_report(StudyStore& store, const StudyRecord& study, const SessionReplaySource& replay_of);

}  // namespace ew::study

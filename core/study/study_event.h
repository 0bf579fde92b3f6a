// One logged study event. The log is the single source of truth of a session: the document, the
// timers, the notes and the answers are all reconstructed from it (after a crash too).
#pragma once
#include <cstdint>
#include <string>

namespace ew::study {

// Event types. Positions and lengths are in Unicode code points of the document.
namespace event {
inline constexpr const char* kSessionStarted = "session_started";
inline constexpr const char* kSessionFinished = "session_finished";
inline constexpr const char* kPhaseStarted = "phase_started";
inline constexpr const char* kPhasePaused = "phase_paused";    // by the conductor
inline constexpr const char* kPhaseResumed = "phase_resumed";
inline constexpr const char* kPhaseEnded = "phase_ended";      // payload {"reason": "time" | "participant" | "conductor"}
inline constexpr const char* kTick = "tick";                   // timer heartbeat: bounds the time a crash can lose
inline constexpr const char* kTyped = "typed";                 // pos, text: characters typed
inline constexpr const char* kPasted = "pasted";               // pos, text
inline constexpr const char* kInserted = "inserted";           // pos, text: other insertions (undo, redo, auto-indent)
inline constexpr const char* kDeleted = "deleted";             // pos, text: the characters removed
inline constexpr const char* kCaret = "caret";                 // pos
inline constexpr const char* kSuggestionRequested = "suggestion_requested";  // suggestion_id
inline constexpr const char* kSuggestionShown = "suggestion_shown";  // suggestion_id, pos, text; payload {latency_ms, eta, arm}
inline constexpr const char* kSuggestionAccepted = "suggestion_accepted";  // suggestion_id, pos, text inserted; payload {"full": bool}
inline constexpr const char* kSuggestionRejected = "suggestion_rejected";  // suggestion_id (Esc)
inline constexpr const char* kSuggestionDismissed = "suggestion_dismissed";  // suggestion_id (typed past / caret moved)
inline constexpr const char* kTestRun = "test_run";            // payload: the judge's JSON result
inline constexpr const char* kNote = "note";                   // slot, text
inline constexpr const char* kAnswer = "answer";               // payload {"item": id, "ranks": {"1": r, ...}} or {"item", "text"}
// An empower-auto arm learned from a judged suggestion: payload {eta_before, eta (nats), shown, kept,
// cumulative_nll, chars} (study/eta_trajectory.h).
inline constexpr const char* kEtaAdapted = "eta_adapted";
inline constexpr const char* kCodeSnapshot = "code_snapshot";  // text: the whole document (imports; phase ends)
}  // namespace event

struct StudyEvent {
    std::int64_t session_id = 0;
    std::int64_t seq = 0;           // 1-based within the session, assigned by the log
    double wall_time = 0;           // unix seconds; assigned by the log when 0
    int phase = -1;                 // index into the design's phases; -1 outside a phase
    int slot = 0;                   // assistant slot of the phase (0: none)
    std::string type;
    std::int64_t pos = -1;
    std::string text;
    std::int64_t suggestion_id = 0;
    std::string payload;            // JSON object text, may be empty
};

// Number of Unicode code points in UTF-8 `s` (continuation bytes are not counted).
inline std::int64_t code_points(const std::string& s) {
    std::int64_t n = 0;
    for (unsigned char c : s) n += (c & 0xC0) != 0x80;
    return n;
}

}  // namespace ew::study

// Studies in the workspace: designs, pseudonymous participants with their counterbalanced
// assignment, sessions, and reading their event logs back. Writing events goes through EventLog.
// Blinding: participant rows hold the arm order, but nothing here formats it for display; the
// GUI shows only "Assistant <slot>" until unblind() has been called for the study.
#pragma once
#include "store/workspace.h"
#include "study/counterbalancing.h"
#include "study/study_design.h"
#include "study/study_event.h"

#include <functional>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ew::study {

struct StudyRecord {
    std::int64_t id = 0;
    StudyDesign design;
    double created_at = 0;
    double unblinded_at = 0;  // 0: still blinded
    bool blinded() const { return unblinded_at == 0; }
};

struct ParticipantRecord {
    std::int64_t id = 0;
    std::int64_t study_id = 0;
    int index = 0;
    std::string code;
    std::string problem;
    std::vector<int> arm_order;  // arm_order[slot - 1] = arm index
};

// Where an imported participant's data came from (tab_frontend imports).
struct ParticipantImport {
    std::int64_t participant_id = 0;
    std::string code;            // the participant's pseudonymous code
    std::string source_name;     // the folder's name as imported
    std::string content_sha256;  // of the files read (study/tab_frontend_import.cpp says which)
    double imported_at = 0;
};

struct SessionRecord {
    std::int64_t id = 0;
    std::int64_t participant_id = 0;
    double started_at = 0;
    double finished_at = 0;  // 0: not finished (a crashed session is resumed)
};

// The one INSERT of study events, shared by the event log's writer thread (on its own connection)
// and the store.
void insert_study_events(store::SqliteDatabase& db, std::span<const StudyEvent> events);

class StudyStore {
public:
    explicit StudyStore(store::Workspace& workspace) : ws_(workspace) {}

    std::int64_t create_study(const StudyDesign& design);  // refuses a duplicate name
    std::optional<StudyRecord> study(const std::string& name);
    std::optional<StudyRecord> study(std::int64_t id);
    std::optional<ParticipantRecord> participant(std::int64_t id);
    std::vector<StudyRecord> studies();
    void unblind(std::int64_t study_id);

    // Enrols the next participant with the next counterbalanced assignment, or — for imports —
    // with an explicit problem and arm order.
    ParticipantRecord add_participant(const StudyRecord& study);
    // (An empty `code` takes the next pseudonymous code.)
    ParticipantRecord add_participant(const StudyRecord& study, const std::string& code, const std::string& problem,
                                      const std::vector<int>& arm_order);
    std::vector<ParticipantRecord> participants(std::int64_t study_id);

    // Imports: where each imported participant came from (one row per participant, replaced on re-import).
    void record_import(std::int64_t participant_id, const std::string& source_name, const std::string& content_sha256);
    std::vector<ParticipantImport> imports(std::int64_t study_id);
    // Readies an imported participant for its data to be imported again: the new problem and arm
    // order, and its sessions deleted — all but those holding only questionnaire answers when
    // `keep_answers` (an import without a rankings file must not lose the earlier rankings).
    // Returns how many sessions were deleted.
    int reset_participant(std::int64_t participant_id, const std::string& problem, const std::vector<int>& arm_order, bool keep_answers);

    // The participant's unfinished session if there is one (resume), else a new one.
    SessionRecord open_session(std::int64_t participant_id);
    // A new session started at `started_at` (imports replay sessions that happened elsewhere).
    SessionRecord create_session(std::int64_t participant_id, double started_at);
    void finish_session(std::int64_t session_id, double finished_at = 0);  // 0: now
    std::vector<SessionRecord> sessions(std::int64_t participant_id);
    std::vector<StudyEvent> events(std::int64_t session_id);
    // Only the events after `after_seq`, in seq order: a reader that has replayed up to there
    // reads just what is new (the log is append-only; the primary key makes this a range scan).
    std::vector<StudyEvent> events_after(std::int64_t session_id, std::int64_t after_seq);

    // Appends events as they are (seq and times already set), in the caller's transaction if any.
    void insert_events(std::span<const StudyEvent> events) { insert_study_events(ws_.database(), events); }

private:
    ParticipantRecord enrol(const StudyRecord& study, const std::function<Assignment(int index)>& assign);
    store::Workspace& ws_;
};

}  // namespace ew::study

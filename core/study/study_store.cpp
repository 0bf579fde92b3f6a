#include "study/study_store.h"

#include "study/counterbalancing.h"
#include "support/error.h"
#include "support/json_text.h"

#include <nlohmann/json.hpp>

#include <limits>

namespace ew::study {

using store::SqliteDatabase;

namespace {

StudyRecord read_study(sqlite3_stmt* s, const std::filesystem::path& db_path) {
    StudyRecord r;
    r.id = SqliteDatabase::column_int(s, 0);
    const std::string name = SqliteDatabase::column_text(s, 1);
    try {
        r.design = StudyDesign::from_json(nlohmann::json::parse(SqliteDatabase::column_text(s, 2)),
                                          db_path.string() + ": study \"" + name + "\"");
    } catch (const nlohmann::json::exception& e) {
        fail_file(db_path, "study \"" + name + "\" has an unreadable design (" + e.what() + ")");
    }
    r.created_at = SqliteDatabase::column_double(s, 3);
    r.unblinded_at = SqliteDatabase::column_is_null(s, 4) ? 0 : SqliteDatabase::column_double(s, 4);
    return r;
}

ParticipantRecord read_participant(sqlite3_stmt* s) {
    ParticipantRecord p;
    p.id = SqliteDatabase::column_int(s, 0);
    p.study_id = SqliteDatabase::column_int(s, 1);
    p.index = static_cast<int>(SqliteDatabase::column_int(s, 2));
    p.code = SqliteDatabase::column_text(s, 3);
    p.problem = SqliteDatabase::column_text(s, 4);
    p.arm_order = nlohmann::json::parse(SqliteDatabase::column_text(s, 5)).get<std::vector<int>>();
    return p;
}

constexpr const char* kStudyColumns = "id, name, design_json, created_at, unblinded_at";
constexpr const char* kParticipantColumns = "id, study_id, idx, code, problem, arm_order_json";

}  // namespace

std::int64_t StudyStore::create_study(const StudyDesign& design) {
    design.validate("study design");
    if (study(design.name)) throw Error("a study named \"" + design.name + "\" already exists in " + ws_.database().path().string());
    ws_.database().query("INSERT INTO studies(name, design_json, created_at) VALUES(?, ?, ?)",
                         {design.name, json_text(design.to_json()), store::unix_now()});
    return ws_.database().last_insert_id();
}

std::optional<StudyRecord> StudyStore::study(const std::string& name) {
    std::optional<StudyRecord> r;
    ws_.database().query(std::string("SELECT ") + kStudyColumns + " FROM studies WHERE name = ?", {name},
                         [&](sqlite3_stmt* s) { r = read_study(s, ws_.database().path()); });
    return r;
}

std::optional<StudyRecord> StudyStore::study(std::int64_t id) {
    std::optional<StudyRecord> r;
    ws_.database().query(std::string("SELECT ") + kStudyColumns + " FROM studies WHERE id = ?", {id},
                         [&](sqlite3_stmt* s) { r = read_study(s, ws_.database().path()); });
    return r;
}

std::optional<ParticipantRecord> StudyStore::participant(std::int64_t id) {
    std::optional<ParticipantRecord> r;
    ws_.database().query(std::string("SELECT ") + kParticipantColumns + " FROM participants WHERE id = ?", {id},
                         [&](sqlite3_stmt* s) { r = read_participant(s); });
    return r;
}

std::vector<StudyRecord> StudyStore::studies() {
    std::vector<StudyRecord> out;
    ws_.database().query(std::string("SELECT ") + kStudyColumns + " FROM studies ORDER BY id", {},
                         [&](sqlite3_stmt* s) { out.push_back(read_study(s, ws_.database().path())); });
    return out;
}

void StudyStore::unblind(std::int64_t study_id) {
    ws_.database().query("UPDATE studies SET unblinded_at = COALESCE(unblinded_at, ?) WHERE id = ?", {store::unix_now(), study_id});
}

ParticipantRecord StudyStore::add_participant(const StudyRecord& study) {
    return enrol(study, [&](int index) {
        return assign_participant(index, study.design.assistant_slots(), study.design.problems, study.design.seed);
    });
}

ParticipantRecord StudyStore::add_participant(const StudyRecord& study, const std::string& code, const std::string& problem,
                                              const std::vector<int>& arm_order) {
    return enrol(study, [&](int index) { return Assignment{index, code.empty() ? participant_code(index) : code, problem, arm_order}; });
}

ParticipantRecord StudyStore::enrol(const StudyRecord& study, const std::function<Assignment(int index)>& assign) {
    ParticipantRecord p;
    // The count and the insert share one write transaction, so two conductors' windows can never
    // hand out the same assignment.
    ws_.database().transaction([&] {
        std::int64_t count = 0;
        ws_.database().query("SELECT COUNT(*) FROM participants WHERE study_id = ?", {study.id},
                             [&](sqlite3_stmt* s) { count = SqliteDatabase::column_int(s, 0); });
        const Assignment a = assign(static_cast<int>(count));
        ws_.database().query("INSERT INTO participants(study_id, idx, code, problem, arm_order_json, created_at) "
                             "VALUES(?, ?, ?, ?, ?, ?)",
                             {study.id, std::int64_t{a.index}, a.code, a.problem, nlohmann::json(a.arm_order).dump(),
                              store::unix_now()});
        p = {ws_.database().last_insert_id(), study.id, a.index, a.code, a.problem, a.arm_order};
    });
    return p;
}

std::vector<ParticipantRecord> StudyStore::participants(std::int64_t study_id) {
    std::vector<ParticipantRecord> out;
    ws_.database().query(std::string("SELECT ") + kParticipantColumns + " FROM participants WHERE study_id = ? ORDER BY idx",
                         {study_id}, [&](sqlite3_stmt* s) { out.push_back(read_participant(s)); });
    return out;
}

void StudyStore::record_import(std::int64_t participant_id, const std::string& source_name, const std::string& content_sha256) {
    ws_.database().query("INSERT OR REPLACE INTO participant_imports(participant_id, source_name, content_sha256, imported_at) VALUES(?, ?, ?, ?)",
                         {participant_id, source_name, content_sha256, store::unix_now()});
}

std::vector<ParticipantImport> StudyStore::imports(std::int64_t study_id) {
    std::vector<ParticipantImport> out;
    ws_.database().query("SELECT i.participant_id, p.code, i.source_name, i.content_sha256, i.imported_at FROM participant_imports i "
                         "JOIN participants p ON p.id = i.participant_id WHERE p.study_id = ? ORDER BY p.idx",
                         {study_id}, [&](sqlite3_stmt* s) {
                             out.push_back({SqliteDatabase::column_int(s, 0), SqliteDatabase::column_text(s, 1),
                                            SqliteDatabase::column_text(s, 2), SqliteDatabase::column_text(s, 3),
                                            SqliteDatabase::column_double(s, 4)});
                         });
    return out;
}

int StudyStore::reset_participant(std::int64_t participant_id, const std::string& problem, const std::vector<int>& arm_order,
                                  bool keep_answers) {
    int deleted = 0;
    ws_.database().transaction([&] {
        ws_.database().query("UPDATE participants SET problem = ?, arm_order_json = ? WHERE id = ?",
                             {problem, nlohmann::json(arm_order).dump(), participant_id});
        // A questionnaire session: answers (and its end marker), nothing else.
        const std::string answers_only = std::string("NOT EXISTS (SELECT 1 FROM study_events e WHERE e.session_id = sessions.id AND e.type NOT IN ('") +
                                         event::kAnswer + "', '" + event::kSessionFinished +
                                         "')) AND EXISTS (SELECT 1 FROM study_events e WHERE e.session_id = sessions.id AND e.type = '" +
                                         event::kAnswer + "')";
        const std::string which = keep_answers ? " AND NOT (" + answers_only + ")" : "";
        ws_.database().query("SELECT COUNT(*) FROM sessions WHERE participant_id = ?" + which, {participant_id},
                             [&](sqlite3_stmt* s) { deleted = static_cast<int>(SqliteDatabase::column_int(s, 0)); });
        ws_.database().query("DELETE FROM sessions WHERE participant_id = ?" + which, {participant_id});
    });
    return deleted;
}

SessionRecord StudyStore::open_session(std::int64_t participant_id) {
    for (const auto& s : sessions(participant_id))
        if (s.finished_at == 0) return s;
    return create_session(participant_id, store::unix_now());
}

SessionRecord StudyStore::create_session(std::int64_t participant_id, double started_at) {
    ws_.database().query("INSERT INTO sessions(participant_id, started_at) VALUES(?, ?)", {participant_id, started_at});
    return {ws_.database().last_insert_id(), participant_id, started_at, 0};
}

void StudyStore::finish_session(std::int64_t session_id, double finished_at) {
    ws_.database().query("UPDATE sessions SET finished_at = COALESCE(finished_at, ?) WHERE id = ?",
                         {finished_at > 0 ? finished_at : store::unix_now(), session_id});
}

void insert_study_events(store::SqliteDatabase& db, std::span<const StudyEvent> events) {
    db.transaction([&] {
        for (const auto& e : events)
            db.query("INSERT INTO study_events (session_id, seq, wall_time, phase, slot, type, pos, text, suggestion_id, payload) "
                     "VALUES (?,?,?,?,?,?,?,?,?,?)",
                     {e.session_id, e.seq, e.wall_time, std::int64_t{e.phase}, std::int64_t{e.slot}, e.type, e.pos, e.text,
                      e.suggestion_id, e.payload});
    });
}

std::vector<SessionRecord> StudyStore::sessions(std::int64_t participant_id) {
    std::vector<SessionRecord> out;
    ws_.database().query("SELECT id, participant_id, started_at, finished_at FROM sessions WHERE participant_id = ? ORDER BY id",
                         {participant_id}, [&](sqlite3_stmt* s) {
                             out.push_back({SqliteDatabase::column_int(s, 0), SqliteDatabase::column_int(s, 1),
                                            SqliteDatabase::column_double(s, 2),
                                            SqliteDatabase::column_is_null(s, 3) ? 0 : SqliteDatabase::column_double(s, 3)});
                         });
    return out;
}

std::vector<StudyEvent> StudyStore::events(std::int64_t session_id) {
    return events_after(session_id, std::numeric_limits<std::int64_t>::min());
}

std::vector<StudyEvent> StudyStore::events_after(std::int64_t session_id, std::int64_t after_seq) {
    std::vector<StudyEvent> out;
    ws_.database().query("SELECT session_id, seq, wall_time, phase, slot, type, pos, text, suggestion_id, payload "
                         "FROM study_events WHERE session_id = ? AND seq > ? ORDER BY seq",
                         {session_id, after_seq}, [&](sqlite3_stmt* s) {
                             StudyEvent e;
                             e.session_id = SqliteDatabase::column_int(s, 0);
                             e.seq = SqliteDatabase::column_int(s, 1);
                             e.wall_time = SqliteDatabase::column_double(s, 2);
                             e.phase = static_cast<int>(SqliteDatabase::column_int(s, 3));
                             e.slot = static_cast<int>(SqliteDatabase::column_int(s, 4));
                             e.type = SqliteDatabase::column_text(s, 5);
                             e.pos = SqliteDatabase::column_int(s, 6);
                             e.text = SqliteDatabase::column_text(s, 7);
                             e.suggestion_id = SqliteDatabase::column_int(s, 8);
                             e.payload = SqliteDatabase::column_text(s, 9);
                             out.push_back(std::move(e));
                         });
    return out;
}

}  // namespace ew::study

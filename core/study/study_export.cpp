#include "study/study_export.h"

#include "support/csv_cell.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/json_text.h"

#include <cstdio>
#include <sstream>

namespace ew::study {

namespace {

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.6f", v);
    return buf;
}

// A participant's own figure for one slot, or an empty cell where it is undefined (no suggestion
// shown, no accept) — not a 0 that would pull a spreadsheet's mean down.
std::string defined(const Figure& f) { return f.participants > 0 ? number(f.pooled) : std::string(); }

std::string arm_label(const StudyRecord& study, const ParticipantRecord& p, int slot) {
    if (slot <= 0) return "";
    if (study.blinded()) return "Assistant " + std::to_string(slot);
    return study.design.arms.at(static_cast<std::size_t>(p.arm_order.at(static_cast<std::size_t>(slot - 1)))).name;
}

// While blinded, payload fields that name or characterise the arm stay out of exports.
std::string exported_payload(const StudyRecord& study, const std::string& payload) {
    if (!study.blinded() || payload.empty()) return payload;
    auto j = nlohmann::json::parse(payload, nullptr, false);
    if (j.is_discarded() || !j.is_object()) return payload;
    j.erase("arm");
    j.erase("eta");
    j.erase("policy");
    return j.dump();
}

}  // namespace

ExportedFiles export_study(StudyStore& store, const StudyRecord& study, const std::filesystem::path& directory) {
    std::error_code ec;
    std::filesystem::create_directories(directory, ec);
    if (ec) fail_file(directory, "cannot create the export folder (" + ec.message() + ")");
    const StudyReport report = compute_study_report(store, study);
    const std::string stem = study.design.name;
    ExportedFiles files{directory / (stem + "-events.csv"), directory / (stem + "-participants.csv"),
                        directory / (stem + "-bundle.json")};

    std::ostringstream events;
    events << "participant,problem,session,seq,wall_time,phase,slot,assistant,type,pos,suggestion_id,text,payload\n";
    nlohmann::json bundle_participants = nlohmann::json::array();
    for (const auto& p : store.participants(study.id)) {
        nlohmann::json jp{{"code", p.code}, {"problem", p.problem}};
        if (!study.blinded()) {
            nlohmann::json order = nlohmann::json::array();
            for (int arm : p.arm_order) order.push_back(study.design.arms.at(static_cast<std::size_t>(arm)).name);
            jp["assistant_order"] = order;  // order[slot - 1]
        }
        nlohmann::json jsessions = nlohmann::json::array();
        for (const auto& s : store.sessions(p.id)) {
            nlohmann::json jevents = nlohmann::json::array();
            for (auto e : store.events(s.id)) {
                e.payload = exported_payload(study, e.payload);
                events << csv_text_cell(p.code) << ',' << csv_text_cell(p.problem) << ',' << s.id << ',' << e.seq << ','
                       << number(e.wall_time) << ',' << e.phase << ',' << e.slot << ',' << csv_text_cell(arm_label(study, p, e.slot))
                       << ',' << csv_text_cell(e.type) << ',' << e.pos << ',' << e.suggestion_id << ',' << csv_text_cell(e.text) << ','
                       << csv_text_cell(e.payload) << '\n';
                nlohmann::json je{{"seq", e.seq}, {"wall_time", e.wall_time}, {"phase", e.phase}, {"slot", e.slot},
                                  {"type", e.type}, {"pos", e.pos}, {"suggestion_id", e.suggestion_id}, {"text", e.text}};
                auto payload = nlohmann::json::parse(e.payload.empty() ? "{}" : e.payload, nullptr, false);
                je["payload"] = payload.is_discarded() ? nlohmann::json(e.payload) : payload;
                jevents.push_back(std::move(je));
            }
            jsessions.push_back({{"id", s.id}, {"started_at", s.started_at},
                                 {"finished_at", s.finished_at > 0 ? nlohmann::json(s.finished_at) : nlohmann::json(nullptr)},
                                 {"events", jevents}});
        }
        jp["sessions"] = jsessions;
        bundle_participants.push_back(std::move(jp));
    }

    std::ostringstream summary;
    summary << "participant,problem,slot,assistant,shown,accepted,accepted_full,accepted_partial,rejected,dismissed,"
               "shown_chars,accepted_chars,deleted_chars,accept_ratio,shown_chars_per_suggestion,accepted_chars_per_accept,"
               "deleted_chars_per_accept,test_runs,passing_test_runs\n";
    for (const auto& p : report.per_participant)
        for (std::size_t i = 0; i < p.per_slot.size(); ++i) {
            const auto& g = p.per_slot[i];
            summary << csv_text_cell(p.code) << ',' << csv_text_cell(p.problem) << ',' << i + 1 << ',' << csv_text_cell(g.label) << ','
                    << g.shown << ',' << g.accepted << ',' << g.accepted_full << ',' << g.accepted_partial << ','
                    << g.rejected << ',' << g.dismissed << ',' << g.shown_chars << ',' << g.accepted_chars << ','
                    << g.deleted_chars << ',' << defined(g.accept_ratio) << ',' << defined(g.shown_chars_per_suggestion) << ','
                    << defined(g.accepted_chars_per_accept) << ',' << defined(g.deleted_chars_per_accept) << ',' << g.test_runs << ','
                    << g.passing_test_runs << '\n';
        }

    nlohmann::json design = study.design.to_json();
    if (study.blinded()) {
        design.erase("arms");    // the arm list plus the seed would let one recompute the mapping
        design.erase("expect");  // names arms too
    }
    nlohmann::json bundle{{"format", "empower-workbench-study-bundle/1"},
                          {"study", study.design.name},
                          {"blinded", study.blinded()},
                          {"design", design},
                          {"participants", bundle_participants},
                          {"report", report.to_json()}};
    // Every text is made before any file is written, so a failure leaves no half export; bytes in
    // a log that are not UTF-8 read as U+FFFD instead of making dump() throw.
    const std::string bundle_text = json_text(bundle, 2) + "\n";
    write_file_atomic(files.events_csv, events.str());
    write_file_atomic(files.participants_csv, summary.str());
    write_file_atomic(files.bundle_json, bundle_text);
    return files;
}

}  // namespace ew::study

// Exports of a study for analysis elsewhere: every event as CSV, one summary row per participant
// and slot as CSV, and a JSON bundle (design, participants, events, report). Participants appear
// only by pseudonymous code — the workbench never asks for or stores names. Arm names appear only
// once the study is unblinded; before that the columns say "Assistant <slot>".
// CSV text cells go through csv_text_cell (support/csv_cell.h): one that begins with = + - @ TAB
// CR or ' carries one extra leading ' (no formula runs when a spreadsheet opens the export); the
// bundle JSON keeps every text exactly.
#pragma once
#include "study/study_report.h"
#include "study/study_store.h"

#include <filesystem>

namespace ew::study {

struct ExportedFiles {
    std::filesystem::path events_csv, participants_csv, bundle_json;
};

// Writes "<name>-events.csv", "<name>-participants.csv", "<name>-bundle.json" into `directory`
// (created if needed), each atomically.
ExportedFiles export_study(StudyStore& store, const StudyRecord& study, const std::filesystem::path& directory);

}  // namespace ew::study

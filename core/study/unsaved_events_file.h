// The event log's last resort: when the workspace refuses writes at shutdown, queued events go
// to a JSON-lines file beside it (`<workspace>.session-N.unsaved.jsonl`) so they can be
// recovered by hand. "Saved" means written in full and fsynced — the same promise a commit makes.
#pragma once
#include "study/study_event.h"

#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

namespace ew::study {

std::filesystem::path unsaved_events_path(const std::filesystem::path& workspace, std::int64_t session_id);

struct UnsavedEventsResult {
    std::size_t saved = 0;  // a prefix of the events given: each line complete and fsynced
    std::string error;      // empty when every event was saved; else "PATH: problem"
};

// Appends one JSON line per event and fsyncs the file (and its directory, which may have just
// gained it). Never throws: a write that stops part-way keeps only the complete lines, cut back
// so no torn line is left, and counts only those — and only if the fsync succeeded.
UnsavedEventsResult save_unsaved_events(const std::filesystem::path& file, std::span<const StudyEvent> events) noexcept;

}  // namespace ew::study

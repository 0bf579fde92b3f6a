// Imports studies run with the paper's own study editor (festusev/tab_frontend) so they can be
// analysed here. One folder per participant, holding (directly or under problems/):
//   mapping_do_not_read.json        {"Assistant 1": {"actualName": "eta4", "obfuscatedDirName": "assistant_1"}, ...}
//   no_assistant/<problem>_log.csv  <obfuscatedDirName>/<problem>_log.csv
// "Assistant N" is the slot the participant saw; its logs are in the folder its obfuscatedDirName
// names, as the editor writes them and the paper's analysis reads them. (Older mappings give only
// the name, {"Assistant 1": "eta4"}: their folder is assistant_<N>.)
// Log lines: "timestamp<TAB>action_type<TAB>action_info<TAB>caret_index" with an ISO-8601 UTC
// timestamp, a header line, and TAB/LF/CR in action_info written as \t \n \r.
// Rankings CSV (optional, this workbench's format): header "participant,item,Assistant 1,
// Assistant 2[,...]", one row per participant folder name and ranking item, cells the ranks.
//
// What that format cannot support exactly (also in the README):
// - it logs proposals, not what was shown: every proposed_suggestion counts as shown, so the
//   accept ratio's denominator can be too large (repeats, proposals superseded before display);
// - it has no explicit rejections (Esc is not logged): rejected = proposed and never accepted;
// - Enter, Tab-as-indent, paste, undo and selection deletions are not logged, and deletions carry
//   no text: the document is reconstructed from caret positions and resynchronised at each
//   current_code snapshot (every 100 actions), where provenance restarts — deleted suggestion
//   characters between a divergence and the next snapshot can be missed;
// - backslashes are not escaped, so "\n" typed literally in code reads back as a newline;
// - caret indices and deletion counts are UTF-16 units: converted to code points against the
//   rebuilt document (exact while the document is in step with the log).
#pragma once
#include "study/study_store.h"
#include "support/error.h"

#include <filesystem>
#include <map>
#include <string>
#include <vector>

namespace ew::study {

struct TabFrontendImport {
    std::string study;                               // created if missing
    std::vector<std::filesystem::path> participant_folders;
    std::filesystem::path rankings_csv;              // optional
    // A folder no mapping entry names, or an entry whose folder is missing, is an error naming both;
    // lenient: a warning (counted), and the folder or entry is left out.
    bool lenient = false;
    // A ranking row that gives two assistants the same rank is an error naming its line; with
    // ties_abstain, a counted warning and no answer from that participant for that item.
    bool ties_abstain = false;
    // A participant folder imported into the study before (the same content, or the same folder
    // name) is an error; with replace, its earlier data is deleted and it is imported again under
    // the same pseudonymous code (its ranking answers are kept unless rankings_csv is given).
    bool replace = false;
    // scratchpad_log.csv (the editor's free-typing pad, no problem's code): off, listed as not
    // imported with a counted warning; on, imported as sessions of the assistant whose folder holds
    // them, marked {"log":"scratchpad"} in their phase_started event — so the arm's figures include
    // them, as the paper's analysis script counts every *.csv in an assistant's folder.
    bool count_scratchpads = false;
};

struct TabFrontendImportResult {
    std::int64_t study_id = 0;
    std::vector<std::pair<std::string, std::string>> participants;  // (folder name, pseudonymous code)
    long events = 0, log_lines = 0, skipped_lines = 0;
    std::vector<std::string> warnings;                   // "FILE:LINE: what happened", in order
    std::map<std::string, long> warning_counts;          // kind ("caret out of range", ...) -> lines
    std::vector<std::string> not_imported;               // "PATH: why, and what was done"
    std::vector<std::string> scratchpads_counted;        // "PATH: whose session it became" (count_scratchpads)
    std::vector<std::string> replaced;                   // "PATH: what it replaced" (with replace)
};

// Thrown, naming the folder and the earlier import, when a folder was imported before and
// replace is off: the caller can ask whether to import it again in its place.
class AlreadyImported : public Error {
public:
    using Error::Error;
};

TabFrontendImportResult import_tab_frontend(store::Workspace& workspace, const TabFrontendImport& request);

}  // namespace ew::study

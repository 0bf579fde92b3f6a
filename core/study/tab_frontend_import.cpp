#include "study/tab_frontend_import.h"

#include "support/error.h"
#include "support/file_io.h"
#include "support/files_digest.h"
#include "support/json_text.h"
#include "support/utf8.h"

#include <algorithm>
#include <charconv>
#include <ctime>
#include <map>
#include <nlohmann/json.hpp>
#include <optional>
#include <set>
#include <sstream>
#include <string_view>
#include <utility>

namespace ew::study {

namespace {

namespace fs = std::filesystem;

struct LogLine {
    double time = 0;
    std::string type, info;
    std::int64_t caret = 0;
    long number = 0;  // line in its file, for warnings
};

// One warning of kind `kind` (counted in the summary) about `where` ("FILE" or "FILE:LINE").
void warn(TabFrontendImportResult& result, const std::string& kind, const std::string& where, const std::string& what) {
    ++result.warning_counts[kind];
    result.warnings.push_back(where + ": " + what);
}

// The whole of `s` as a decimal integer in [lo, hi]. std::from_chars, not atoll / stoll /
// sscanf("%d"): those overflow with undefined or wrapped results, skip leading blanks and accept
// trailing junk ("12abc" read as 12).
std::optional<std::int64_t> parse_integer(std::string_view s, std::int64_t lo, std::int64_t hi) {
    std::int64_t v = 0;
    const auto [end, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
    if (s.empty() || ec != std::errc() || end != s.data() + s.size() || v < lo || v > hi) return std::nullopt;
    return v;
}

// "<prefix><N>" with N a slot number 1..999 ("Assistant 2", "assistant_2").
std::optional<int> parse_slot(std::string_view s, std::string_view prefix) {
    if (!s.starts_with(prefix)) return std::nullopt;
    const auto n = parse_integer(s.substr(prefix.size()), 1, 999);
    return n ? std::optional<int>(static_cast<int>(*n)) : std::nullopt;
}

// Caret indices and deletion counts: anything beyond int32 is corrupt, and bounding them keeps
// caret ± length arithmetic far from int64 overflow.
constexpr std::int64_t kMaxLogNumber = 2147483647;

bool leap_year(std::int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

// An ISO 8601 date-time as the editor writes it — JavaScript's toISOString(),
// "YYYY-MM-DDTHH:MM:SS[.fff]Z" — or with a UTC offset ("+02:00", "-0530") instead of Z, as seconds
// since the epoch. Impossible dates (2025-02-30, hour 24, minute 61) are refused, not normalised.
std::optional<double> parse_iso_time(std::string_view s) {
    if (s.size() < 20 || s[4] != '-' || s[7] != '-' || s[10] != 'T' || s[13] != ':' || s[16] != ':') return std::nullopt;
    const auto y = parse_integer(s.substr(0, 4), 1970, 9999), mo = parse_integer(s.substr(5, 2), 1, 12),
               d = parse_integer(s.substr(8, 2), 1, 31), h = parse_integer(s.substr(11, 2), 0, 23),
               mi = parse_integer(s.substr(14, 2), 0, 59);
    if (!y || !mo || !d || !h || !mi) return std::nullopt;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    if (*d > kDays[*mo - 1] + (*mo == 2 && leap_year(*y) ? 1 : 0)) return std::nullopt;
    // The zone: Z, or ±HH:MM / ±HHMM, after the seconds.
    std::int64_t offset_seconds = 0;
    std::string_view rest = s.substr(17);
    if (rest.ends_with('Z')) {
        rest.remove_suffix(1);
    } else {
        const auto sign = rest.find_first_of("+-");
        if (sign == std::string_view::npos) return std::nullopt;
        std::string_view zone = rest.substr(sign + 1);
        std::optional<std::int64_t> oh, om;
        if (zone.size() == 5 && zone[2] == ':') oh = parse_integer(zone.substr(0, 2), 0, 23), om = parse_integer(zone.substr(3, 2), 0, 59);
        else if (zone.size() == 4) oh = parse_integer(zone.substr(0, 2), 0, 23), om = parse_integer(zone.substr(2, 2), 0, 59);
        if (!oh || !om) return std::nullopt;
        offset_seconds = (rest[sign] == '-' ? -1 : 1) * (*oh * 3600 + *om * 60);
        rest = rest.substr(0, sign);
    }
    double sec = -1;
    const auto [end, ec] = std::from_chars(rest.data(), rest.data() + rest.size(), sec);
    if (rest.size() < 2 || ec != std::errc() || end != rest.data() + rest.size() || !(sec >= 0 && sec < 60)) return std::nullopt;
    std::tm tm{};
    tm.tm_year = static_cast<int>(*y) - 1900;
    tm.tm_mon = static_cast<int>(*mo) - 1;
    tm.tm_mday = static_cast<int>(*d);
    tm.tm_hour = static_cast<int>(*h);
    tm.tm_min = static_cast<int>(*mi);
    return static_cast<double>(timegm(&tm) - offset_seconds) + sec;
}

// The editor's escaping: TAB, LF, CR became \t \n \r; backslashes were not escaped (ambiguous).
std::string unescape(const std::string& s) {
    std::string out;
    for (std::size_t i = 0; i < s.size(); ++i) {
        if (s[i] == '\\' && i + 1 < s.size() && (s[i + 1] == 't' || s[i + 1] == 'n' || s[i + 1] == 'r')) {
            out += s[i + 1] == 't' ? '\t' : s[i + 1] == 'n' ? '\n' : '\r';
            ++i;
        } else {
            out += s[i];
        }
    }
    return out;
}

std::vector<LogLine> read_log(const fs::path& path, TabFrontendImportResult& result) {
    std::vector<LogLine> lines;
    std::istringstream in(read_file(path));
    std::string line;
    long number = 0;
    while (std::getline(in, line)) {
        ++number;
        if (!line.empty() && line.back() == '\r') line.pop_back();
        if (line.empty() || (number == 1 && line.rfind("timestamp\t", 0) == 0)) continue;
        ++result.log_lines;
        // A log is bytes: invalid UTF-8 is decoded with replacement here, once, and said — stored
        // raw it made a later export fail halfway.
        if (std::string decoded = u32_to_utf8(utf8_to_u32(line)); decoded != line) {
            warn(result, "invalid UTF-8", path.string() + ":" + std::to_string(number), "bytes that are not UTF-8 read as U+FFFD");
            line = std::move(decoded);
        }
        const auto first = line.find('\t');
        const auto second = first == std::string::npos ? first : line.find('\t', first + 1);
        const auto last = line.rfind('\t');
        std::optional<double> time;
        std::optional<std::int64_t> caret;
        if (second != std::string::npos && last > second) {
            time = parse_iso_time(std::string_view(line).substr(0, first));
            caret = parse_integer(std::string_view(line).substr(last + 1), -kMaxLogNumber - 1, kMaxLogNumber);
        }
        if (!time || !caret) {
            ++result.skipped_lines;
            warn(result, "malformed line", path.string() + ":" + std::to_string(number),
                 std::string("not a tab_frontend log line") +
                     (time && !caret   ? " (the caret index is not an integer in int32 range)"
                      : !time && caret ? " (the timestamp \"" + line.substr(0, first) + "\" is not an ISO 8601 date-time that exists)"
                                       : "") +
                     "; skipped");
            continue;
        }
        if (!lines.empty() && *time < lines.back().time)
            warn(result, "time runs backwards", path.string() + ":" + std::to_string(number),
                 "timestamp " + line.substr(0, first) + " is earlier than the line before; kept in log order");
        LogLine l;
        l.time = *time;
        l.type = line.substr(first + 1, second - first - 1);
        l.info = line.substr(second + 1, last - second - 1);
        l.caret = *caret;
        l.number = number;
        lines.push_back(std::move(l));
    }
    return lines;
}

struct MappedAssistant {
    std::string name;    // actualName: the arm
    std::string folder;  // obfuscatedDirName: where its logs are
};

// Slot N ("Assistant N") -> the assistant and its folder, from mapping_do_not_read.json.
std::map<int, MappedAssistant> read_mapping(const fs::path& path) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(read_file(path));
    } catch (const nlohmann::json::exception& e) {
        fail_file(path, std::string("not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object()) fail_file(path, "expected an object mapping \"Assistant N\" to the assistant");
    std::map<int, MappedAssistant> mapping;
    std::set<std::string> folders;
    for (auto it = j.begin(); it != j.end(); ++it) {
        if (!it.key().starts_with("Assistant ")) continue;
        const auto parsed = parse_slot(it.key(), "Assistant ");
        if (!parsed) fail_file(path, "\"" + it.key() + "\" is not \"Assistant <N>\" with N in 1..999");
        const int slot = *parsed;
        const auto& v = it.value();
        MappedAssistant a;
        if (v.is_string()) {
            a = {v.get<std::string>(), "assistant_" + std::to_string(slot)};
        } else if (v.is_object() && v.contains("actualName") && v["actualName"].is_string()) {
            a.name = v["actualName"].get<std::string>();
            if (!v.contains("obfuscatedDirName")) a.folder = "assistant_" + std::to_string(slot);
            else if (v["obfuscatedDirName"].is_string()) a.folder = v["obfuscatedDirName"].get<std::string>();
            else fail_file(path, "\"" + it.key() + "\": obfuscatedDirName is not a string");
            if (a.folder.empty() || a.folder == "." || a.folder == ".." || a.folder.find('/') != std::string::npos || a.folder == "no_assistant")
                fail_file(path, "\"" + it.key() + "\": obfuscatedDirName \"" + a.folder + "\" is not a folder name");
        } else {
            fail_file(path, "\"" + it.key() + "\" has no actualName");
        }
        if (!folders.insert(a.folder).second) fail_file(path, "two assistants name the folder \"" + a.folder + "\"");
        mapping[slot] = a;
    }
    if (mapping.empty()) fail_file(path, "maps no \"Assistant N\"");
    for (int s = 1; s <= static_cast<int>(mapping.size()); ++s)
        if (!mapping.count(s)) fail_file(path, "Assistant " + std::to_string(s) + " is missing");
    return mapping;
}

std::vector<std::string> split_csv_line(const std::string& line) {
    std::vector<std::string> fields(1);
    bool quoted = false;
    for (std::size_t i = 0; i < line.size(); ++i) {
        const char c = line[i];
        if (quoted) {
            if (c == '"' && i + 1 < line.size() && line[i + 1] == '"') {
                fields.back() += '"';
                ++i;
            } else if (c == '"') quoted = false;
            else fields.back() += c;
        } else if (c == '"') {
            quoted = true;
        } else if (c == ',') {
            fields.emplace_back();
        } else if (c != '\r') {
            fields.back() += c;
        }
    }
    return fields;
}

// An event payload from logged text, which need not be UTF-8 (a log is bytes): invalid bytes
// become U+FFFD instead of making dump() throw and the whole import fail.
std::string payload_json(const nlohmann::json& payload) {
    return json_text(payload);
}

// Collects one imported session's events, then stores them through the study store.
class SessionWriter {
public:
    SessionWriter(StudyStore& store, std::int64_t participant_id, double started_at)
        : store_(store), id_(store.create_session(participant_id, started_at).id) {}
    void add(double time, int phase, int slot, const std::string& type, std::int64_t pos, const std::string& text,
             std::int64_t suggestion_id, const std::string& payload = {}) {
        events_.push_back({id_, static_cast<std::int64_t>(events_.size()) + 1, time, phase, slot, type, pos, text, suggestion_id, payload});
    }
    void finish() {
        const double last = events_.empty() ? 0 : events_.back().wall_time;
        add(last, -1, 0, event::kSessionFinished, -1, "", 0);
        store_.insert_events(events_);
        store_.finish_session(id_, last);
    }
    std::int64_t events() const { return static_cast<std::int64_t>(events_.size()); }

private:
    StudyStore& store_;
    std::int64_t id_;
    std::vector<StudyEvent> events_;
};

// Length in UTF-16 code units: code points above U+FFFF take two (a surrogate pair).
std::int64_t utf16_length(const std::u32string& text) {
    std::int64_t units = 0;
    for (char32_t c : text) units += c > 0xFFFF ? 2 : 1;
    return units;
}

// The code point index at `units` UTF-16 units into `text` (0 <= units <= utf16_length(text)); a
// position inside a surrogate pair, which no editor caret takes, rounds to the pair's start.
std::int64_t code_point_index(const std::u32string& text, std::int64_t units) {
    std::int64_t index = 0, at = 0;
    while (static_cast<std::size_t>(index) < text.size()) {
        const std::int64_t next = at + (text[static_cast<std::size_t>(index)] > 0xFFFF ? 2 : 1);
        if (next > units) break;
        at = next;
        ++index;
    }
    return index;
}

// The editor's free-typing pad: <folder>/scratchpad_log.csv, beside the problems' logs.
constexpr const char* kScratchpad = "scratchpad";

// Replays one log file into one session of the participant.
void import_log(SessionWriter& out, const std::vector<LogLine>& lines, int phase, int slot, bool scratchpad, std::int64_t& next_suggestion,
                TabFrontendImportResult& result, const std::string& origin) {
    std::u32string doc;
    std::int64_t proposal = 0;
    std::string proposal_text;
    std::int64_t previous_caret = -1;  // the caret of the line before, in UTF-16 units (-1: none yet)
    out.add(lines.front().time, phase, slot, event::kPhaseStarted, -1, "", 0, scratchpad ? R"({"log":"scratchpad"})" : "");
    for (const auto& l : lines) {
        const std::string where = origin + ":" + std::to_string(l.number);
        const std::int64_t caret_before = std::exchange(previous_caret, l.caret);
        // A caret outside the reconstructed document: the reconstruction lost track (an unlogged
        // Enter, paste, undo, ...). The line is applied at the nearest end, said, and counted; the
        // next current_code snapshot resynchronises the document.
        // Carets are UTF-16 code units (JavaScript string indices); the document is code points,
        // so an emoji before the caret counts 2 in the log and 1 here.
        const auto clamp = [&](std::int64_t units) {
            const auto size = utf16_length(doc);
            if (units < 0 || units > size)
                warn(result, "caret out of range", where,
                     l.type + " at caret " + std::to_string(units) + " outside the reconstructed document of " + std::to_string(size) +
                         " UTF-16 units; applied at " + (units < 0 ? "its start" : "its end") + " until the next snapshot");
            return code_point_index(doc, std::clamp<std::int64_t>(units, 0, size));
        };
        if (l.type == "current_code") {
            const std::string text = unescape(l.info);
            doc = utf8_to_u32(text);
            out.add(l.time, phase, slot, event::kCodeSnapshot, -1, text, 0);
        } else if (l.type == "proposed_suggestion") {
            proposal = next_suggestion++;
            proposal_text = unescape(l.info);
            out.add(l.time, phase, slot, event::kSuggestionShown, clamp(l.caret), proposal_text, proposal,
                    R"({"source":"tab_frontend proposed_suggestion"})");
        } else if (l.type == "accepted_suggestion") {
            const std::string text = unescape(l.info);
            const std::u32string chars = utf8_to_u32(text);
            if (proposal == 0) {  // accepted without a logged proposal: count it as shown too
                proposal = next_suggestion++;
                proposal_text = text;
                out.add(l.time, phase, slot, event::kSuggestionShown, clamp(l.caret), text, proposal);
                warn(result, "accept without proposal", where, "an accepted suggestion had no logged proposal; counted as shown");
            }
            const auto pos = clamp(l.caret - utf16_length(chars));
            doc.insert(static_cast<std::size_t>(pos), chars);
            // Full when the inserted text is the proposal; provenance follows what was inserted.
            out.add(l.time, phase, slot, event::kSuggestionAccepted, pos, text, proposal,
                    text == proposal_text ? R"({"full":true})" : R"({"full":false})");
            proposal = 0;
        } else if (l.type == "character_typed") {
            const std::string text = l.info.size() == 1 ? l.info : unescape(l.info);
            const std::u32string chars = utf8_to_u32(text);
            const auto pos = clamp(l.caret - utf16_length(chars));
            doc.insert(static_cast<std::size_t>(pos), chars);
            out.add(l.time, phase, slot, event::kTyped, pos, text, 0);
        } else if (l.type == "deletion") {
            // The caret after a deletion is where the deleted text began (Backspace moves it back,
            // Delete leaves it), so the text removed is the `count` units from there.
            const auto count = l.info.empty() ? std::optional<std::int64_t>(0) : parse_integer(l.info, 0, kMaxLogNumber);
            if (!count) {
                ++result.skipped_lines;
                warn(result, "malformed line", where,
                     "deletion count \"" + l.info + "\" is not an integer in 0.." + std::to_string(kMaxLogNumber) + "; skipped");
                continue;
            }
            // No count (empty or 0): as many units as the caret moved back, as the paper's analysis
            // script reads it; when it did not move back, one (said and counted).
            std::int64_t n = *count;  // UTF-16 units, as the caret
            if (n == 0) n = caret_before > l.caret ? caret_before - l.caret : 0;
            if (n == 0) {
                n = 1;
                warn(result, "deletion without count", where, "a deletion with no count where the caret did not move back; one character deleted");
            }
            const auto size = utf16_length(doc);
            if (l.caret < 0 || l.caret + n > size) {
                ++result.skipped_lines;
                warn(result, "caret out of range", where,
                     "deletion of " + std::to_string(n) + " at caret " + std::to_string(l.caret) + " does not fit the reconstructed document of " +
                         std::to_string(size) + " UTF-16 units; skipped until the next snapshot");
                continue;
            }
            const auto first = code_point_index(doc, l.caret), last = code_point_index(doc, l.caret + n);
            const std::u32string removed = doc.substr(static_cast<std::size_t>(first), static_cast<std::size_t>(last - first));
            doc.erase(static_cast<std::size_t>(first), static_cast<std::size_t>(last - first));
            out.add(l.time, phase, slot, event::kDeleted, first, u32_to_utf8(removed), 0);
        } else if (l.type == "arrow_key") {
            out.add(l.time, phase, slot, event::kCaret, clamp(l.caret), "", 0, payload_json({{"key", l.info}}));
        } else {
            ++result.skipped_lines;
            warn(result, "unknown action", where, "unknown action type \"" + l.type + "\"; skipped");
        }
    }
    out.add(lines.back().time, phase, slot, event::kPhaseEnded, -1, "", 0, R"({"reason":"imported"})");
}

struct ParticipantLogs {
    fs::path root;
    std::string folder_name;
    std::map<int, MappedAssistant> mapping;
    // (slot, problem, path); slot 0 = no assistant
    std::vector<std::tuple<int, std::string, fs::path>> logs;
    std::string content_sha256;  // of the mapping and the logs read, by their paths under root
};

// The same bytes under the same relative paths give the same digest, wherever the folder lies.
std::string content_digest(const ParticipantLogs& p) {
    std::vector<fs::path> files{p.root / "mapping_do_not_read.json"};
    for (const auto& [slot, problem, path] : p.logs) files.push_back(path);
    return files_digest(p.root, std::move(files));
}

std::string utc_date(double unix_seconds) {
    const std::time_t t = static_cast<std::time_t>(unix_seconds);
    std::tm tm{};
    gmtime_r(&t, &tm);
    char text[32];
    std::strftime(text, sizeof text, "%Y-%m-%d %H:%M UTC", &tm);
    return text;
}

// The folder's logs by the mapping: no_assistant/ is slot 0, each entry's folder its slot. Anything
// else there is listed in the summary with what was done with it.
ParticipantLogs scan_participant(const fs::path& folder, bool lenient, bool count_scratchpads, TabFrontendImportResult& result) {
    ParticipantLogs p;
    p.folder_name = folder.filename().string();
    if (p.folder_name.empty()) p.folder_name = folder.parent_path().filename().string();
    p.root = fs::exists(folder / "problems" / "mapping_do_not_read.json") ? folder / "problems" : folder;
    const auto mapping_path = p.root / "mapping_do_not_read.json";
    if (!fs::exists(mapping_path))
        fail_file(folder, "not a tab_frontend participant folder (no mapping_do_not_read.json here or under problems/)");
    p.mapping = read_mapping(mapping_path);
    std::map<std::string, int> slot_of_folder{{"no_assistant", 0}};
    for (const auto& [slot, a] : p.mapping) slot_of_folder[a.folder] = slot;
    auto mismatch = [&](const std::string& what) {
        if (!lenient) fail_file(mapping_path, what + " (--lenient leaves it out with a warning)");
        warn(result, "mapping mismatch", mapping_path.string(), what + "; left out");
    };

    std::vector<fs::directory_entry> entries(fs::directory_iterator(p.root), fs::directory_iterator{});
    std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) { return a.path() < b.path(); });
    std::set<std::string> present;
    for (const auto& entry : entries) {
        const std::string name = entry.path().filename().string();
        if (!entry.is_directory()) {
            if (name != "mapping_do_not_read.json") result.not_imported.push_back(entry.path().string() + ": not a log folder; not read");
            continue;
        }
        const auto known = slot_of_folder.find(name);
        if (known == slot_of_folder.end()) {
            std::string named;
            for (const auto& [slot, a] : p.mapping) named += (named.empty() ? "" : ", ") + a.folder;
            mismatch("folder \"" + name + "\" is named by no entry of the mapping (its folders: " + named + ")");
            result.not_imported.push_back(entry.path().string() + ": named by no mapping entry; left out");
            continue;
        }
        present.insert(name);
        const int slot = known->second;
        std::vector<fs::path> files;
        for (const auto& f : fs::directory_iterator(entry.path())) {
            const std::string file = f.path().filename().string();
            if (f.is_regular_file() && file.ends_with("_log.csv")) files.push_back(f.path());
            else result.not_imported.push_back(f.path().string() + ": not a <problem>_log.csv file; not read");
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            std::string problem = f.filename().string();
            problem.resize(problem.size() - std::string("_log.csv").size());
            if (problem == kScratchpad && !count_scratchpads) {
                warn(result, "scratchpad not imported", f.string(), "a scratchpad log (no problem's code); not imported");
                result.not_imported.push_back(f.string() + ": scratchpad log; not imported");
                continue;
            }
            p.logs.emplace_back(slot, problem, f);
        }
    }
    for (const auto& [slot, a] : p.mapping)
        if (!present.count(a.folder))
            mismatch("\"Assistant " + std::to_string(slot) + "\" (" + a.name + ") names the folder \"" + a.folder + "\", which is not in " +
                     p.root.string());
    if (p.logs.empty()) fail_file(folder, "holds no <problem>_log.csv under no_assistant/ or an assistant's folder");
    if (std::all_of(p.logs.begin(), p.logs.end(), [](const auto& log) { return std::get<1>(log) == kScratchpad; }))
        fail_file(folder, "holds only scratchpad logs, no <problem>_log.csv");
    p.content_sha256 = content_digest(p);
    return p;
}

}  // namespace

TabFrontendImportResult import_tab_frontend(store::Workspace& workspace, const TabFrontendImport& request) {
    if (request.study.empty()) throw Error("the import needs a study name");
    if (request.participant_folders.empty()) throw Error("the import needs at least one participant folder");
    TabFrontendImportResult result;
    std::vector<ParticipantLogs> participants;
    for (const auto& folder : request.participant_folders) {
        participants.push_back(scan_participant(folder, request.lenient, request.count_scratchpads, result));
        const auto& added = participants.back();
        for (std::size_t i = 0; i + 1 < participants.size(); ++i) {
            // Two folders of one import that are one participant would count that person twice.
            if (participants[i].content_sha256 == added.content_sha256)
                fail_file(folder, "holds the same logs as " + request.participant_folders[i].string() + " in this import");
            if (participants[i].folder_name == added.folder_name)
                fail_file(folder, "has the same folder name as " + request.participant_folders[i].string() +
                                      " in this import (the name identifies the participant in rankings and later imports)");
        }
    }

    std::set<std::string> arm_names, problems;
    std::size_t slots = 0;
    for (const auto& p : participants) {
        if (slots && p.mapping.size() != slots) fail_file(p.root, "has a different number of assistants than the other folders");
        slots = p.mapping.size();
        for (const auto& [slot, a] : p.mapping) arm_names.insert(a.name);
        for (const auto& [slot, problem, path] : p.logs)
            if (problem != kScratchpad) problems.insert(problem);
    }

    StudyStore store(workspace);
    workspace.database().transaction([&] {  // all or nothing: a bad file leaves the workspace as it was
        auto study = store.study(request.study);
        if (!study) {
            StudyDesign d = StudyDesign::paper_default(request.study, {problems.begin(), problems.end()});
            d.arms.clear();
            for (const auto& name : arm_names) d.arms.push_back(Arm{name, "imported", 4.0, "", 48});
            d.phases = {Phase{"unassisted", 0, 25, false}};
            for (std::size_t s = 1; s <= slots; ++s) d.phases.push_back(Phase{"assistant", static_cast<int>(s), 15, true});
            store.create_study(d);
            study = store.study(request.study);
        }
        result.study_id = study->id;
        std::map<std::string, int> arm_index;
        for (std::size_t i = 0; i < study->design.arms.size(); ++i) arm_index[study->design.arms[i].name] = static_cast<int>(i);

        const auto earlier_imports = store.imports(study->id);
        std::map<std::string, std::int64_t> participant_by_folder;
        for (const auto& p : participants) {
            std::vector<int> order;
            for (const auto& [slot, a] : p.mapping) {
                if (!arm_index.count(a.name)) fail_file(p.root, "assistant \"" + a.name + "\" is not an arm of study \"" + request.study + "\"");
                order.push_back(arm_index[a.name]);
            }
            std::map<std::string, int> problem_votes;
            for (const auto& [slot, problem, path] : p.logs)
                if (problem != kScratchpad) ++problem_votes[problem];
            const auto problem = std::max_element(problem_votes.begin(), problem_votes.end(),
                                                  [](const auto& a, const auto& b) { return a.second < b.second; })->first;

            // A folder imported before — the same bytes, or the same folder name — would be a second
            // participant who is the same person: refused, or with `replace` imported in its place.
            const auto earlier = std::find_if(earlier_imports.begin(), earlier_imports.end(), [&](const ParticipantImport& i) {
                return i.content_sha256 == p.content_sha256 || i.source_name == p.folder_name;
            });
            std::string code;
            std::int64_t participant_id = 0;
            if (earlier != earlier_imports.end()) {
                const std::string how = earlier->content_sha256 == p.content_sha256
                                            ? "the same logs were imported"
                                            : "a folder named \"" + earlier->source_name + "\" with other logs was imported";
                const std::string what = how + " into study \"" + request.study + "\" as participant " + earlier->code + " on " +
                                         utc_date(earlier->imported_at);
                if (!request.replace) throw AlreadyImported(p.root.string() + ": " + what);
                const int removed = store.reset_participant(earlier->participant_id, problem, order, request.rankings_csv.empty());
                result.replaced.push_back(p.root.string() + ": " + what + "; replaced (" + std::to_string(removed) + " sessions removed" +
                                          (request.rankings_csv.empty() ? ", ranking answers kept" : "") + ")");
                code = earlier->code;
                participant_id = earlier->participant_id;
            } else {
                const auto participant = store.add_participant(*study, "", problem, order);  // the next pseudonymous code
                code = participant.code;
                participant_id = participant.id;
            }
            store.record_import(participant_id, p.folder_name, p.content_sha256);
            participant_by_folder[p.folder_name] = participant_id;
            result.participants.emplace_back(p.folder_name, code);

            std::int64_t next_suggestion = 1;
            for (const auto& [slot, problem_name, path] : p.logs) {
                const auto lines = read_log(path, result);
                if (lines.empty()) continue;
                int phase = 0;
                for (std::size_t i = 0; i < study->design.phases.size(); ++i)
                    if (study->design.phases[i].slot == slot) phase = static_cast<int>(i);
                SessionWriter session(store, participant_id, lines.front().time);
                const bool scratchpad = problem_name == kScratchpad;
                if (scratchpad)
                    result.scratchpads_counted.push_back(path.string() + ": imported as a session of " +
                                                  (slot == 0 ? std::string("the unassisted phase") : "Assistant " + std::to_string(slot)) +
                                                  ", counted in its figures");
                import_log(session, lines, phase, slot, scratchpad, next_suggestion, result, path.string());
                session.finish();
                result.events += session.events();
            }
        }

        if (!request.rankings_csv.empty()) {
            std::istringstream in(read_file(request.rankings_csv));
            std::string line;
            std::getline(in, line);
            const auto header = split_csv_line(line);
            if (header.size() < 3 || header[0] != "participant" || header[1] != "item")
                fail_file(request.rankings_csv, "expected the header \"participant,item,Assistant 1,Assistant 2,...\"");
            std::vector<int> column_slot;
            for (std::size_t c = 2; c < header.size(); ++c) {
                const auto slot = parse_slot(header[c], "Assistant ");
                if (!slot) fail_file(request.rankings_csv, "column \"" + header[c] + "\" is not \"Assistant <N>\" with N in 1..999");
                if (std::find(column_slot.begin(), column_slot.end(), *slot) != column_slot.end())
                    fail_file(request.rankings_csv, "the header names \"" + header[c] + "\" twice");
                column_slot.push_back(*slot);
            }
            std::set<std::string> ranking_items;
            for (const auto& q : study->design.questionnaire)
                if (q.kind == "ranking") ranking_items.insert(q.id);
            const std::string csv = request.rankings_csv.string();
            std::map<std::int64_t, std::vector<std::pair<std::string, std::string>>> answers;  // participant -> (item, payload)
            std::map<std::pair<std::string, std::string>, std::pair<int, std::string>> seen;    // (participant, item) -> (line, ranks)
            int row = 1;
            while (std::getline(in, line)) {
                ++row;
                if (line.empty() || line == "\r") continue;
                const auto f = split_csv_line(line);
                if (f.size() != header.size())
                    fail_file(request.rankings_csv, "line " + std::to_string(row) + " has " + std::to_string(f.size()) +
                                                        " fields, the header " + std::to_string(header.size()));
                if (!participant_by_folder.count(f[0]))
                    fail_file(request.rankings_csv, "line " + std::to_string(row) + ": participant \"" + f[0] +
                                                        "\" is not one of the imported folders");
                const std::string where = csv + ":" + std::to_string(row);
                if (!ranking_items.count(f[1])) {
                    warn(result, "unknown ranking item", where, "item \"" + f[1] + "\" is not a ranking question of the study; not imported");
                    continue;
                }
                nlohmann::json ranks = nlohmann::json::object();
                std::set<std::int64_t> used;
                bool tie = false;
                for (std::size_t c = 2; c < f.size(); ++c) {
                    // A rank orders the assistant columns: 1 (best) .. their count, each once.
                    const auto rank = parse_integer(f[c], 1, static_cast<std::int64_t>(column_slot.size()));
                    if (!rank)
                        fail_file(request.rankings_csv, "line " + std::to_string(row) + ": rank \"" + f[c] +
                                                            "\" is not an integer in 1.." + std::to_string(column_slot.size()));
                    tie = tie || !used.insert(*rank).second;
                    ranks[std::to_string(column_slot[c - 2])] = *rank;
                }
                if (tie) {
                    // "1,1" would count as a vote for whichever column came first.
                    if (!request.ties_abstain)
                        fail_file(request.rankings_csv, "line " + std::to_string(row) + ": ranks " + ranks.dump() +
                                                            " give two assistants the same rank (--ties abstain counts a tie as no answer)");
                    warn(result, "tie (abstention)", where, "ranks " + ranks.dump() + " tie; counted as no answer");
                    continue;
                }
                const auto key = std::make_pair(f[0], f[1]);
                if (const auto before = seen.find(key); before != seen.end()) {
                    if (before->second.second != ranks.dump())
                        fail_file(request.rankings_csv, "line " + std::to_string(row) + " ranks \"" + f[1] + "\" for " + f[0] +
                                                            " differently from line " + std::to_string(before->second.first));
                    warn(result, "duplicate ranking row", where, "repeats line " + std::to_string(before->second.first) + "; counted once");
                    continue;
                }
                seen[key] = {row, ranks.dump()};
                answers[participant_by_folder[f[0]]].emplace_back(f[1], payload_json({{"item", f[1]}, {"ranks", ranks}}));
            }
            for (const auto& [participant_id, items] : answers) {
                SessionWriter session(store, participant_id, store::unix_now());
                for (const auto& [item, payload] : items) session.add(store::unix_now(), -1, 0, event::kAnswer, -1, "", 0, payload);
                session.finish();
                result.events += session.events();
            }
        }
    });
    return result;
}

}  // namespace ew::study

#include "study/session_replay.h"

#include "support/error.h"
#include "support/utf8.h"

#include <nlohmann/json.hpp>

namespace ew::study {

namespace {

nlohmann::json parse_payload(const StudyEvent& e) {
    if (e.payload.empty()) return nlohmann::json::object();
    auto j = nlohmann::json::parse(e.payload, nullptr, false);
    return j.is_discarded() || !j.is_object() ? nlohmann::json::object() : j;
}

std::string where(const StudyEvent& e) { return "event " + std::to_string(e.seq) + " (" + e.type + ")"; }

}  // namespace

std::string SessionReplay::text_utf8() const { return u32_to_utf8(text_); }

std::set<int> SessionReplay::slots_seen() const { return slots_seen_; }

double SessionReplay::phase_active_seconds() const {
    return active_before_ + (phase_running_ && !paused_ ? last_time_ - running_since_ : 0);
}

void SessionReplay::insert(const StudyEvent& e, CharacterProvenance::Origin origin) {
    const std::u32string chars = utf8_to_u32(e.text);
    if (e.pos < 0 || e.pos > static_cast<std::int64_t>(text_.size())) {
        warnings_.push_back(where(e) + ": insertion at " + std::to_string(e.pos) + " is outside the document of " +
                            std::to_string(text_.size()) + " characters; ignored");
        return;
    }
    text_.insert(static_cast<std::size_t>(e.pos), chars);
    provenance_.insert(e.pos, static_cast<std::int64_t>(chars.size()), origin);
}

void SessionReplay::apply(const StudyEvent& e) {
    last_seq_ = e.seq;
    ++events_applied_;
    const double previous_time = last_time_;
    if (e.wall_time > 0) last_time_ = std::max(last_time_, e.wall_time);
    if (e.slot > 0) slots_seen_.insert(e.slot);
    max_suggestion_id_ = std::max(max_suggestion_id_, e.suggestion_id);
    const std::string& t = e.type;
    if (t == event::kPhaseStarted) {
        phase_ = e.phase;
        phase_running_ = true;
        paused_ = false;
        active_before_ = 0;
        running_since_ = e.wall_time;
    } else if (t == event::kPhasePaused) {
        if (phase_running_ && !paused_) active_before_ += e.wall_time - running_since_;
        paused_ = true;
    } else if (t == event::kPhaseResumed) {
        // Resumed without a pause: the program restarted after a crash. The time between the
        // last logged event and now was not worked; credit only up to that event.
        if (phase_running_ && !paused_) active_before_ += previous_time - running_since_;
        running_since_ = e.wall_time;
        paused_ = false;
    } else if (t == event::kPhaseEnded) {
        if (phase_running_ && !paused_) active_before_ += e.wall_time - running_since_;
        phase_running_ = paused_ = false;
        ended_phases_.insert(e.phase);
    } else if (t == event::kSessionFinished) {
        finished_ = true;
    } else if (t == event::kCodeSnapshot) {
        const std::u32string chars = utf8_to_u32(e.text);
        // A snapshot that matches the replayed text confirms it (provenance kept); a different one
        // replaces the document, whose characters then count as the human's.
        if (chars != text_) {
            text_ = chars;
            provenance_.reset(static_cast<std::int64_t>(chars.size()));
        }
    } else if (t == event::kTyped || t == event::kPasted || t == event::kInserted) {
        insert(e, 0);
    } else if (t == event::kDeleted) {
        const std::u32string chars = utf8_to_u32(e.text);
        const auto n = static_cast<std::int64_t>(chars.size());
        if (e.pos < 0 || e.pos > static_cast<std::int64_t>(text_.size()) - n) {  // no overflow for a damaged pos
            warnings_.push_back(where(e) + ": deletion outside the document; ignored");
            return;
        }
        if (text_.compare(static_cast<std::size_t>(e.pos), chars.size(), chars) != 0)
            warnings_.push_back(where(e) + ": the deleted text differs from the replayed document");
        text_.erase(static_cast<std::size_t>(e.pos), chars.size());
        provenance_.remove(e.pos, n);
    } else if (t == event::kSuggestionShown) {
        auto& s = suggestions_[e.suggestion_id];
        s.id = e.suggestion_id;
        s.phase = e.phase;
        s.slot = e.slot;
        s.shown = true;
        s.shown_chars = code_points(e.text);
        s.latency_ms = parse_payload(e).value("latency_ms", 0.0);
    } else if (t == event::kSuggestionAccepted) {
        auto& s = suggestions_[e.suggestion_id];
        s.id = e.suggestion_id;
        if (s.phase < 0) {
            s.phase = e.phase;
            s.slot = e.slot;
        }
        s.accepted = true;
        ++s.accept_events;
        s.accepted_chars += code_points(e.text);
        if (parse_payload(e).value("full", true)) s.accepted_full = true;
        insert(e, e.suggestion_id);
    } else if (t == event::kSuggestionRejected) {
        suggestions_[e.suggestion_id].rejected = true;
    } else if (t == event::kSuggestionDismissed) {
        suggestions_[e.suggestion_id].dismissed = true;
    } else if (t == event::kTestRun) {
        test_runs_.push_back({e.phase, e.slot, parse_payload(e).value("passed", false)});
    } else if (t == event::kEtaAdapted) {
        if (auto point = eta_point_of(e)) eta_points_.push_back(*point);
    } else if (t == event::kNote) {
        notes_[e.slot] = e.text;
    } else if (t == event::kAnswer) {
        const auto p = parse_payload(e);
        if (p.contains("item") && p["item"].is_string()) answers_[p["item"].get<std::string>()] = e.payload;
    }
}

}  // namespace ew::study

// Empower-auto as a study arm (issue 16 §2): each suggestion the participant judged, and each whose
// cut showed nothing (0 shown), is logged as an `eta_adapted` event carrying the observation itself
// (the suggestion's cumulative NLL and characters per token, how many tokens were shown and kept)
// and the η before and after. The log stays the single source of truth: replaying a phase's
// observations into a fresh calibrator with the arm's prior gives back exactly the state the
// session had (the update is deterministic), so a session resumed after a crash continues with the
// η it had, and the report can draw the trajectory.
#pragma once
#include "empower/adaptive_eta.h"
#include "study/study_event.h"

#include <optional>
#include <string>
#include <vector>

namespace ew::study {

// The payload of one `eta_adapted` event (JSON object text).
std::string eta_adapted_payload(const empower::SuggestionProfile& profile, std::size_t shown, std::size_t kept, double eta_before,
                                double eta_after);

// The calibrator of `phase` after every `eta_adapted` event of that phase in `events`, replayed in
// order into a fresh one with `options` (the arm's prior). Throws ew::Error on a damaged payload.
empower::AdaptiveEta replay_adaptive_eta(const std::vector<StudyEvent>& events, int phase, const empower::AdaptiveEtaOptions& options);

struct EtaPoint {
    int phase = -1, slot = 0;
    double wall_time = 0;
    std::size_t judged = 0;  // suggestions in this phase so far, this one included (one that showed nothing: shown 0)
    double eta = 0;          // nats, after this judgement
    std::size_t shown = 0, kept = 0;
};
// One `eta_adapted` event as a point (`judged` left 0: the caller counts); nullopt for another
// event type or a damaged payload (the report skips it; replay_adaptive_eta names it).
std::optional<EtaPoint> eta_point_of(const StudyEvent& e);
// Every `eta_adapted` event in order (for reports and exports); damaged payloads are skipped.
std::vector<EtaPoint> eta_trajectory(const std::vector<StudyEvent>& events);

}  // namespace ew::study

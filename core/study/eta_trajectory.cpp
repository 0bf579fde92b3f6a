#include "study/eta_trajectory.h"

#include "support/error.h"

#include <map>
#include <nlohmann/json.hpp>

namespace ew::study {

namespace {

struct Observation {
    empower::SuggestionProfile profile;
    std::size_t shown = 0, kept = 0;
    double eta = 0;
};

Observation parse_observation(const StudyEvent& e) {
    const auto j = nlohmann::json::parse(e.payload, nullptr, false);
    if (!j.is_object()) throw Error("study event " + std::to_string(e.seq) + ": an eta_adapted payload is not a JSON object");
    try {
        Observation o;
        o.profile.cumulative_nll = j.at("cumulative_nll").get<std::vector<double>>();
        o.profile.chars = j.at("chars").get<std::vector<std::size_t>>();
        o.shown = j.at("shown").get<std::size_t>();
        o.kept = j.at("kept").get<std::size_t>();
        o.eta = j.at("eta").get<double>();
        if (o.profile.chars.size() != o.profile.cumulative_nll.size() || o.shown > o.profile.chars.size() || o.kept > o.shown)
            throw Error("its lengths do not agree");
        o.profile.shown = o.shown;
        return o;
    } catch (const std::exception& ex) {
        throw Error("study event " + std::to_string(e.seq) + ": a damaged eta_adapted payload (" + ex.what() + ")");
    }
}

}  // namespace

std::string eta_adapted_payload(const empower::SuggestionProfile& profile, std::size_t shown, std::size_t kept, double eta_before,
                                double eta_after) {
    return nlohmann::json{{"eta_before", eta_before},
                          {"eta", eta_after},
                          {"shown", shown},
                          {"kept", kept},
                          {"cumulative_nll", profile.cumulative_nll},
                          {"chars", profile.chars}}
        .dump();
}

empower::AdaptiveEta replay_adaptive_eta(const std::vector<StudyEvent>& events, int phase, const empower::AdaptiveEtaOptions& options) {
    empower::AdaptiveEta state(options);
    for (const auto& e : events)
        if (e.type == event::kEtaAdapted && e.phase == phase) {
            const auto o = parse_observation(e);
            state.observe(o.profile, o.shown, o.kept);
        }
    return state;
}

std::optional<EtaPoint> eta_point_of(const StudyEvent& e) {
    if (e.type != event::kEtaAdapted) return std::nullopt;
    try {
        const auto o = parse_observation(e);
        return EtaPoint{e.phase, e.slot, e.wall_time, 0, o.eta, o.shown, o.kept};
    } catch (const Error&) {
        return std::nullopt;
    }
}

std::vector<EtaPoint> eta_trajectory(const std::vector<StudyEvent>& events) {
    std::vector<EtaPoint> points;
    std::map<int, std::size_t> judged;
    for (const auto& e : events)
        if (auto point = eta_point_of(e)) {
            point->judged = ++judged[e.phase];
            points.push_back(*point);
        }
    return points;
}

}  // namespace ew::study

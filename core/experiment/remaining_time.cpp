#include "experiment/remaining_time.h"

#include <algorithm>

namespace ew::experiment {

std::vector<double> remaining_seconds(const ExperimentPlan& plan, const std::vector<StageStatus>& statuses,
                                      const std::map<std::string, StageProgress>& running) {
    std::map<StageKind, std::pair<double, int>> finished;  // kind → (total seconds, count) of done stages
    for (std::size_t i = 0; i < plan.stages.size() && i < statuses.size(); ++i)
        if (statuses[i].state == "done" && statuses[i].seconds > 0) {
            auto& [sum, n] = finished[plan.stages[i].kind];
            sum += statuses[i].seconds;
            ++n;
        }
    const auto typical = [&](StageKind kind) {
        const auto it = finished.find(kind);
        return it == finished.end() ? -1.0 : it->second.first / it->second.second;
    };
    // A stage whose need failed will be skipped (and so will what needs it), and one whose need is
    // held waits until it is released: nothing to count for either.
    std::map<std::string, bool> will_run;
    for (std::size_t i = 0; i < plan.stages.size() && i < statuses.size(); ++i) {
        bool runs = statuses[i].state != "failed" && statuses[i].state != "held";
        for (const auto& need : plan.stages[i].needs) runs = runs && will_run[need];
        will_run[plan.stages[i].id] = runs;
    }
    std::vector<double> out(plan.stages.size(), 0.0);
    for (std::size_t i = 0; i < plan.stages.size() && i < statuses.size(); ++i) {
        const auto& s = statuses[i];
        const double mean = typical(plan.stages[i].kind);
        if (s.state == "running") {
            const auto it = running.find(s.id);
            if (it != running.end() && it->second.remaining_seconds >= 0) out[i] = it->second.remaining_seconds;
            else out[i] = mean < 0 ? -1.0 : std::max(0.0, mean - s.seconds);
        } else if ((s.state == "pending" || s.state == "queued") && will_run[s.id]) {
            out[i] = mean;
        }
    }
    return out;
}

}  // namespace ew::experiment

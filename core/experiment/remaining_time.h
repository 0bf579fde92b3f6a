// How long an experiment's unfinished stages will take, for the Experiments dock's ETA column:
// a running stage by its own log's estimate (stage_progress.h), else by the mean time of the
// finished stages of its kind less its time so far; a pending stage by that mean. Stages of a kind
// none of which has finished yet have no estimate — the dock says "at least" then.
#pragma once
#include "experiment/experiment_runner.h"
#include "experiment/stage_progress.h"

#include <map>
#include <vector>

namespace ew::experiment {

// One entry per plan stage, in plan order: seconds left; 0 for done, failed, held or skipped stages and what needs a held one,
// -1 where nothing says. `statuses` is experiment_status(plan); `running` the progress of the
// stages that are running, by id.
std::vector<double> remaining_seconds(const ExperimentPlan& plan, const std::vector<StageStatus>& statuses,
                                      const std::map<std::string, StageProgress>& running);

}  // namespace ew::experiment

// What a stage's own log says while it runs: `empower train` and `empower eval` print one JSON
// line per event to the stage folder's stdout.log (train: step, total, loss, remaining_s, eval
// loss; eval: done, total, elapsed_s). The Experiments dock reads it for progress, the remaining
// time and the fine-tunes' loss curves — without a workspace, so an experiment started from the
// command line shows the same.
#pragma once
#include "experiment/experiment_plan.h"

#include <cstdint>
#include <map>
#include <string>

namespace ew::experiment {

struct StageProgress {
    double fraction = -1;           // 0..1; -1: nothing logged yet
    double remaining_seconds = -1;  // the stage's own estimate (train) or elapsed × left / done (eval); -1 unknown
    // Fine-tunes: loss per step. A stage stopped and resumed logs some steps twice; the later value wins.
    std::map<std::int64_t, double> loss, eval_loss;
};

// Parses <stage dir>/stdout.log; lines that are not JSON events are skipped, a missing log is no
// progress. Never throws on what the log holds (a line cut by a kill is skipped).
StageProgress read_stage_progress(const Stage& stage);

}  // namespace ew::experiment

// One stage stopped by hand while the rest of the experiment goes on: a hold is the file
// <stage dir>/hold. A local run does not start a held stage, stops it (SIGTERM: it checkpoints) when
// it is running, and starts nothing that needs it; a Slurm submission skips it and what needs it.
// Releasing the hold lets the run going on start the stage again once its needs are done (a
// fine-tune resumes from its checkpoint), or the next run. A file, not a message to the runner
// process: it reaches a run started later and survives the GUI closing.
#pragma once
#include "experiment/experiment_plan.h"

namespace ew::experiment {

bool is_held(const Stage& stage);
void hold_stage(const Stage& stage);
void release_stage(const Stage& stage);  // a stage without a hold: nothing to do

// Releases every held stage of the plan (a whole-experiment run or resume); returns how many.
int release_all_stages(const ExperimentPlan& plan);

}  // namespace ew::experiment

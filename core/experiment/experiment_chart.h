// The paper's Figure 2 for an experiment: per simulated human, grouped bars of Pass@1, accept
// ratio and DPR (all in 0..1) for every arm, each with a ±1 standard-error whisker, as a
// self-contained SVG (no Qt: the CLI writes it on a server; the Experiments dock draws the same
// table with Qt Charts).
#pragma once
#include "experiment/experiment_table.h"

#include <string>

namespace ew::experiment {

std::string experiment_chart_svg(const ExperimentTable& table);

}  // namespace ew::experiment

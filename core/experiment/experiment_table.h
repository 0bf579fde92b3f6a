// An experiment's results as the paper's Table 1: one row per arm and simulated human (and problem
// set), from the episodes of its finished evaluation stages — Pass@1, accept ratio, DPR, tokens
// read and written and mean suggestion length, each a mean over episodes ± its standard error.
// Repeats and dataset seeds of one arm are pooled into its row (n says how many episodes); a row
// whose evaluations are not all done yet says so, and its figures cover what is done.
#pragma once
#include "eval/metrics.h"
#include "experiment/experiment_plan.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ew::experiment {

struct TableRow {
    std::string arm, human, problems;  // human: the population (seeded humans of one kind share a row)
    std::vector<std::string> humans;   // the humans pooled into it ("noisy-replay:seed-0", ...)
    int stages = 0, stages_done = 0;  // evaluation stages feeding the row
    std::size_t episodes = 0;
    eval::Summary summary;            // of every done stage's episodes
};

struct ExperimentTable {
    std::vector<TableRow> rows;  // in plan order of their first stage: methods, then untrained arms
    nlohmann::json to_json() const;
    std::string to_text() const;   // aligned columns, "mean ± s.e."
    std::string to_csv() const;    // one column per mean and per standard error
    std::string to_latex() const;  // a booktabs-free tabular, "$m \pm e$" cells
};

// Reads every done evaluation stage's episode log (recorded_state == Done). Throws ew::Error
// naming the file when a log cannot be read.
ExperimentTable experiment_table(const ExperimentPlan& plan);

}  // namespace ew::experiment

// Evaluation metrics of the paper (Sec. 5.2): Pass@1, accept ratio, the Discounted Pass Rate
//   DPR = 1[correct] · γ^(α · tokens read + β · tokens written)      (Eq. 4)
// with γ = 0.999, α = 0.1, β = 0.5 by default, and means with standard errors across problems.
#pragma once
#include "eval/episode.h"

#include <string>
#include <vector>

namespace ew::eval {

struct DprWeights {
    double gamma = 0.999;
    double alpha = 0.1;  // per token read
    double beta = 0.5;   // per token written
};

double discounted_pass_rate(bool passed, int tokens_read, int tokens_written, const DprWeights& w = {});

struct MeanWithError {
    double mean = 0;
    double standard_error = 0;  // sample standard deviation / sqrt(n)
    std::size_t n = 0;
};
MeanWithError mean_with_error(const std::vector<double>& values);

struct Summary {
    MeanWithError pass_at_1, accept_ratio, dpr, tokens_read, tokens_written, suggestions, suggestion_chars, deleted_chars;
    double pooled_accept_ratio = 0;  // all accepted / all shown
};
Summary summarize(const std::vector<Episode>& episodes, const DprWeights& weights = {});

}  // namespace ew::eval

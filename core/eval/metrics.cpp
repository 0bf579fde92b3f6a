#include "eval/metrics.h"

#include <cmath>

namespace ew::eval {

double discounted_pass_rate(bool passed, int tokens_read, int tokens_written, const DprWeights& w) {
    if (!passed) return 0.0;
    return std::pow(w.gamma, w.alpha * tokens_read + w.beta * tokens_written);
}

MeanWithError mean_with_error(const std::vector<double>& v) {
    MeanWithError m;
    m.n = v.size();
    if (v.empty()) return m;
    for (double x : v) m.mean += x;
    m.mean /= double(v.size());
    if (v.size() > 1) {
        double ss = 0;
        for (double x : v) ss += (x - m.mean) * (x - m.mean);
        m.standard_error = std::sqrt(ss / double(v.size() - 1)) / std::sqrt(double(v.size()));
    }
    return m;
}

Summary summarize(const std::vector<Episode>& episodes, const DprWeights& weights) {
    std::vector<double> pass, accept, dpr, read, written, shown, chars, deleted;
    double all_shown = 0, all_accepted = 0;
    for (const auto& e : episodes) {
        pass.push_back(e.passed ? 1.0 : 0.0);
        if (e.suggestions_shown > 0) accept.push_back(double(e.accepted) / e.suggestions_shown);
        dpr.push_back(discounted_pass_rate(e.passed, e.tokens_read, e.tokens_written, weights));
        read.push_back(e.tokens_read);
        written.push_back(e.tokens_written);
        shown.push_back(e.suggestions_shown);
        if (e.suggestions_shown > 0) chars.push_back(double(e.suggested_chars) / e.suggestions_shown);
        deleted.push_back(e.deleted_chars);
        all_shown += e.suggestions_shown;
        all_accepted += e.accepted;
    }
    Summary s{mean_with_error(pass), mean_with_error(accept), mean_with_error(dpr), mean_with_error(read), mean_with_error(written),
              mean_with_error(shown), mean_with_error(chars), mean_with_error(deleted), all_shown > 0 ? all_accepted / all_shown : 0.0};
    return s;
}

}  // namespace ew::eval

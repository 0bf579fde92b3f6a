#include "cuda/fused_row_scores.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace ew::cuda {

void row_scores_cpu(const float* logits, int rows, int vocab, const std::int32_t* targets, int top_k, float* target_logprob,
                    float* logsumexp, std::int32_t* top_ids, float* top_logprobs) {
    top_k = std::clamp(top_k, 0, std::min(kMaxTopK, vocab));
    for (int r = 0; r < rows; ++r) {
        const float* row = logits + static_cast<std::size_t>(r) * static_cast<std::size_t>(vocab);
        // Max-shifted sum in double: the reference the kernel is compared against.
        float max = -std::numeric_limits<float>::infinity();
        for (int v = 0; v < vocab; ++v) max = std::max(max, row[v]);
        double sum = 0;
        for (int v = 0; v < vocab; ++v) sum += std::exp(static_cast<double>(row[v]) - max);
        const float lse = max + static_cast<float>(std::log(sum));
        logsumexp[r] = lse;
        target_logprob[r] = targets[r] >= 0 && targets[r] < vocab ? row[targets[r]] - lse : std::numeric_limits<float>::quiet_NaN();
        std::vector<std::int32_t> ids(static_cast<std::size_t>(vocab));
        for (int v = 0; v < vocab; ++v) ids[static_cast<std::size_t>(v)] = v;
        std::partial_sort(ids.begin(), ids.begin() + top_k, ids.end(),
                          [&](std::int32_t a, std::int32_t b) { return row[a] > row[b] || (row[a] == row[b] && a < b); });
        for (int k = 0; k < top_k; ++k) {
            top_ids[r * top_k + k] = ids[static_cast<std::size_t>(k)];
            top_logprobs[r * top_k + k] = row[ids[static_cast<std::size_t>(k)]] - lse;
        }
    }
}

}  // namespace ew::cuda

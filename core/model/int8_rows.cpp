#include "model/int8_rows.h"

#include "model/row_blocks.h"
#include "support/error.h"

namespace ew::model {

Int8Rows quantize_rows(const torch::Tensor& w) {
    if (w.dim() != 2 || !w.is_floating_point() || !w.device().is_cpu())
        throw Error("quantize_rows: expected a [N, D] floating-point CPU matrix");
    torch::NoGradGuard no_grad;
    const std::int64_t N = w.size(0), D = std::max<std::int64_t>(1, w.size(1));
    Int8Rows q{torch::empty({N, w.size(1)}, torch::kChar), torch::empty({N}, torch::kFloat32)};
    // In row blocks: quantizing a 151,936 × 1,024 embedding at once would hold several full-size
    // float32 temporaries (over 2 GiB), more than the whole int8 model.
    const std::int64_t block = rows_per_block(D);
    for (std::int64_t n0 = 0; n0 < N; n0 += block) {
        const std::int64_t nb = std::min(block, N - n0);
        // A copy even when w is float32 already: it is divided in place, and w may be a read-only mapping.
        auto wide = w.narrow(0, n0, nb).to(torch::kFloat32, /*non_blocking=*/false, /*copy=*/true);
        auto scales = wide.abs().amax(1).div_(127.0f);
        // An all-zero row has nothing to scale: any factor represents it exactly.
        scales.masked_fill_(scales == 0, 1.0f);
        wide.div_(scales.unsqueeze(1)).round_().clamp_(-127, 127);
        q.values.narrow(0, n0, nb).copy_(wide);
        q.scales.narrow(0, n0, nb).copy_(scales);
    }
    return q;
}

torch::Tensor dequantize_rows(const torch::Tensor& values, const torch::Tensor& scales, std::int64_t first, std::int64_t count) {
    return values.narrow(0, first, count).to(torch::kFloat32) * scales.narrow(0, first, count).unsqueeze(1);
}

torch::Tensor gather_rows(const torch::Tensor& values, const torch::Tensor& scales, const torch::Tensor& ids) {
    const auto flat = ids.reshape({-1});
    auto rows = values.index_select(0, flat).to(torch::kFloat32) * scales.index_select(0, flat).unsqueeze(1);
    auto shape = ids.sizes().vec();
    shape.push_back(values.size(1));
    return rows.view(shape);
}

}  // namespace ew::model

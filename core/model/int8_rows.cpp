#include "model/int8_rows.h"

#include "support/error.h"

namespace ew::model {

Int8Rows quantize_rows(const torch::Tensor& w) {
    if (w.dim() != 2 || !w.is_floating_point() || !w.device().is_cpu())
        throw Error("quantize_rows: expected a [N, D] floating-point CPU matrix");
    torch::NoGradGuard no_grad;
    const auto wide = w.to(torch::kFloat32);
    auto scales = wide.abs().amax(1) / 127.0f;
    // An all-zero row has nothing to scale: any factor represents it exactly.
    scales.masked_fill_(scales == 0, 1.0f);
    auto values = (wide / scales.unsqueeze(1)).round().clamp(-127, 127).to(torch::kChar);
    return {values.contiguous(), scales.contiguous()};
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

#include "model/held_linear.h"

#include "model/few_row_product.h"
#include "model/int8_rows.h"
#include "support/error.h"

namespace ew::model {

namespace {

// x2 [R, D] float32 times a bfloat16 or int8 w [N, D]: blocks of rows of w are widened to float32
// (and scaled, for int8) while they are hot in cache, never the whole matrix at once.
torch::Tensor widened_product(const torch::Tensor& x2, const torch::Tensor& w, const torch::Tensor& row_scales) {
    const std::int64_t N = w.size(0), D = w.size(1);
    const std::int64_t block = std::max<std::int64_t>(64, (std::int64_t{1} << 20) / std::max<std::int64_t>(1, D));  // ~4 MB widened
    auto y = torch::empty({x2.size(0), N}, torch::kFloat32);
    for (std::int64_t n0 = 0; n0 < N; n0 += block) {
        const std::int64_t nb = std::min(block, N - n0);
        const auto wide = row_scales.defined() ? dequantize_rows(w, row_scales, n0, nb) : w.narrow(0, n0, nb).to(torch::kFloat32);
        y.narrow(1, n0, nb).copy_(torch::mm(x2, wide.t()));
    }
    return y;
}

}  // namespace

torch::Tensor held_linear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b, const torch::Tensor& row_scales) {
    if (w.scalar_type() == torch::kChar && (!w.device().is_cpu() || x.scalar_type() != torch::kFloat32 || !row_scales.defined()))
        throw Error("int8 weights are a CPU inference format: float32 activations and row scales required");
    const bool needs_graph = torch::GradMode::is_enabled() && (x.requires_grad() || w.requires_grad());
    if (needs_graph || !w.device().is_cpu() || x.scalar_type() != torch::kFloat32)
        return torch::linear(x, w.scalar_type() == x.scalar_type() ? w : w.to(x.scalar_type()), b);
    const std::int64_t D = x.size(-1), N = w.size(0);
    auto shape = x.sizes().vec();
    shape.back() = N;
    const auto x2 = x.reshape({-1, D});
    torch::Tensor y;
    if (x2.size(0) <= kFewRowsMax)
        y = few_row_product(x2, w, row_scales);
    else if (w.scalar_type() == torch::kFloat32)
        y = torch::mm(x2, w.t());
    else
        y = widened_product(x2.contiguous(), w, row_scales);
    if (b.defined()) y.add_(b.to(torch::kFloat32));
    return y.view(shape);
}

}  // namespace ew::model

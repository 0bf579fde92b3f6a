#include "model/row_blocks.h"

#include <algorithm>

namespace ew::model {

std::int64_t rows_per_block(std::int64_t row_elements) {
    return std::max<std::int64_t>(1, (std::int64_t{16} << 20) / (std::max<std::int64_t>(1, row_elements) * 4));
}

namespace {
// `t` as [rows, rest] (a 0-d or 1-d tensor is one row), for walking it in row blocks.
torch::Tensor as_rows(const torch::Tensor& t) { return t.dim() >= 2 ? t.reshape({t.size(0), -1}) : t.reshape({1, -1}); }
}  // namespace

bool all_finite(const torch::Tensor& t) {
    torch::NoGradGuard no_grad;
    const auto rows = as_rows(t);
    const std::int64_t block = rows_per_block(rows.size(1));
    for (std::int64_t r = 0; r < rows.size(0); r += block)
        if (!torch::isfinite(rows.narrow(0, r, std::min(block, rows.size(0) - r))).all().item<bool>()) return false;
    return true;
}

void copy_in_row_blocks(torch::Tensor& dest, const torch::Tensor& source) {
    torch::NoGradGuard no_grad;
    if (dest.dim() < 2) {  // norms and biases: small
        dest.copy_(source);
        return;
    }
    const std::int64_t block = rows_per_block(dest.numel() / std::max<std::int64_t>(1, dest.size(0)));
    for (std::int64_t r = 0; r < dest.size(0); r += block) {
        const std::int64_t n = std::min(block, dest.size(0) - r);
        dest.narrow(0, r, n).copy_(source.narrow(0, r, n));
    }
}

}  // namespace ew::model

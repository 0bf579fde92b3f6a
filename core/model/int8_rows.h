// Weight-only int8 with one scale per output row: the third way (after float32 and bfloat16) the
// CPU can hold a model's large matrices. Symmetric round-to-nearest, scale = max |w_row| / 127, so
// a row's largest weight is exact and every other is off by at most half a step. Halves bfloat16's
// bytes per decoded token; activations and arithmetic stay float32 (few_row_product, held_linear).
//
// Includes <torch/torch.h>: keep this header out of widely-included headers.
#pragma once
#include <torch/torch.h>

namespace ew::model {

struct Int8Rows {
    torch::Tensor values;  // [N, D] int8
    torch::Tensor scales;  // [N] float32: row n stands for values[n] · scales[n]
};

// w: [N, D] floating point, on the CPU.
Int8Rows quantize_rows(const torch::Tensor& w);

// values[first, first + count) widened to float32 and scaled: [count, D].
torch::Tensor dequantize_rows(const torch::Tensor& values, const torch::Tensor& scales, std::int64_t first, std::int64_t count);

// The rows named by `ids` (any shape of int64), widened and scaled: [ids..., D] — an embedding lookup.
torch::Tensor gather_rows(const torch::Tensor& values, const torch::Tensor& scales, const torch::Tensor& ids);

}  // namespace ew::model

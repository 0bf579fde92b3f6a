// Products of a few activation rows with a weight matrix, reading each weight exactly once.
//
// Decoding one token multiplies a single row by every weight matrix: the step is bound by memory
// bandwidth, not arithmetic. BLAS GEMM with one row still packs (copies) the whole matrix first,
// and libtorch has no GEMV for bfloat16 weights at all, so this kernel streams the weights as held
// (float32, bfloat16 or int8, widened to float32 in registers) and accumulates in float32. Results
// equal float32 arithmetic on the same (for int8: dequantized) weights up to summation order.
//
// Includes <torch/torch.h>: keep this header out of widely-included headers.
#pragma once
#include <torch/torch.h>

namespace ew::model {

// Rows at most this many go through few_row_product; more rows are a GEMM's job.
inline constexpr std::int64_t kFewRowsMax = 8;

// x: [R, D] float32 (R ≤ kFewRowsMax), w: [N, D] float32, bfloat16 or int8, all on the CPU.
// int8 weights need `row_scales` [N] float32 (row n stands for w[n] · row_scales[n]); the others none.
// Returns [R, N] float32: x · wᵀ. Parallel over the rows of w.
torch::Tensor few_row_product(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& row_scales = {});

// How many of libtorch's intra-op threads a parallel loop in this file actually runs on (a build
// without OpenMP for this file runs it on one; see core/CMakeLists.txt).
int few_row_product_threads_used();

// Which instruction set the kernel runs with on this CPU ("avx512f", "avx2", "baseline"), for logs.
const char* few_row_product_isa();

}  // namespace ew::model

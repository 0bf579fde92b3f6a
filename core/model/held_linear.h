// y = x · wᵀ + b with weights as the model holds them.
//
// Inference on the CPU takes float32 activations with float32, bfloat16 or int8 (with row scales,
// see int8_rows.h) weights: a few rows (the decode step) go through few_row_product, which reads
// each weight once; many rows (prefill, scoring) widen the narrow weights block by block for a
// float32 GEMM. So a model held in bfloat16 needs half the memory and half the bandwidth per token
// (int8: a quarter), and computes what float32 arithmetic on the same weights computes. Training
// (gradients) and CUDA use torch::linear unchanged.
//
// Includes <torch/torch.h>: keep this header out of widely-included headers.
#pragma once
#include <torch/torch.h>

namespace ew::model {

// x: [..., D]; w: [N, D]; b: [N] or undefined; row_scales: [N] float32 for int8 w, else undefined.
// Returns [..., N] in x's dtype (float32 on the CPU).
torch::Tensor held_linear(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& b = {},
                          const torch::Tensor& row_scales = {});

}  // namespace ew::model

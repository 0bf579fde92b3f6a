// Whole-tensor operations done a block of rows at a time, so that reading a checkpoint costs
// the weights as held plus one ~16 MiB block, not full-size temporaries: checking, widening and
// quantizing the 151,936 × 1,024 embedding of a 0.6B model at once held over 2 GiB at its peak.
//
// Includes <torch/torch.h>: keep this header out of widely-included headers.
#pragma once
#include <torch/torch.h>

#include <cstdint>

namespace ew::model {

// Rows of `row_elements` float32 values in one ~16 MiB block (at least 1).
std::int64_t rows_per_block(std::int64_t row_elements);

// Whether every value of a floating-point CPU tensor is finite (no NaN, no ±inf).
bool all_finite(const torch::Tensor& t);

// dest.copy_(source), converting dtype and device a block of rows (dim 0) at a time. Same shapes.
void copy_in_row_blocks(torch::Tensor& dest, const torch::Tensor& source);

}  // namespace ew::model

// One fused CPU kernel for each small step of a decoder layer, used while decoding a few tokens.
//
// A decode step runs every layer on one row. Through libtorch each RMSNorm is six ops, each RoPE
// five, and attention eight plus two BLAS calls that pack the cached keys first; on a 0.6B model
// that is ~1,500 dispatches and allocations per token, a third of the step (perf, issue 21 §2),
// all on one thread while the other idles. Each function here does its step in one pass.
//
// Every function returns an undefined tensor where it does not apply (not float32 on the CPU,
// autograd recording, more than kFewRowsMax rows, a shape it does not cover); the caller then takes
// libtorch's path, which computes the same values up to float32 rounding order.
//
// Includes <torch/torch.h>: keep this header out of widely-included headers.
#pragma once
#include <torch/torch.h>

namespace ew::model {

// Llama-style RMSNorm over the last dimension: x / sqrt(mean(x²) + eps) * weight.
torch::Tensor few_token_rms_norm(const torch::Tensor& x, const torch::Tensor& weight, double eps);

// Rotary embedding of x [B, T, heads, E] (contiguous) with cos/sin tables [T, E]:
// x * cos + rotate_half(x) * sin, where rotate_half swaps the halves and negates the first.
torch::Tensor few_token_rope(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin);

// Causal grouped-query attention of T new queries against all S cached positions.
// q [B, H, T, E] (any strides, E contiguous), k and v [B, K, S, E] (E contiguous); query t sits at
// position S - T + t and sees keys up to it, and with `window` > 0 only the last `window` of them.
// Returns [B, T, H·E]. Needs AVX-512 or AVX2 with FMA (undefined elsewhere).
torch::Tensor few_token_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, double scale,
                                  std::int64_t window);

// silu(gate) * up, elementwise.
torch::Tensor few_token_silu_product(const torch::Tensor& gate, const torch::Tensor& up);

}  // namespace ew::model

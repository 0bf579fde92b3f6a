// Per-position scoring reductions without a log-softmax tensor: for each row of logits, the
// target token's log-probability, the row's logsumexp, and the top-k (id, log-probability).
// With Llama 3's 128k vocabulary a [B, T, V] log-softmax is gigabytes; these reductions read each
// row once and write O(k) numbers. Two implementations with one contract:
//  - row_scores_cpu: plain C++ (the reference, and the CPU path);
//  - row_scores_cuda: a CUDA kernel, one thread block per row (built with EW_CUDA_KERNELS=ON or
//    EW_WITH_CUDA=ON; device pointers; tested against the CPU path where a GPU exists).
// Pure C++ header: no torch, no CUDA types.
#pragma once
#include <cstdint>

namespace ew::cuda {

inline constexpr int kMaxTopK = 16;

// logits [rows, vocab] float32 row-major; targets [rows] (-1: none); outputs: target_logprob
// [rows], logsumexp [rows], top_ids / top_logprobs [rows, top_k] sorted best first (ties: lower id).
void row_scores_cpu(const float* logits, int rows, int vocab, const std::int32_t* targets, int top_k, float* target_logprob,
                    float* logsumexp, std::int32_t* top_ids, float* top_logprobs);

// Same, on device pointers, asynchronously on `stream` (a cudaStream_t; nullptr = default).
// Returns a CUDA error string, or nullptr on success.
const char* row_scores_cuda(const float* logits, int rows, int vocab, const std::int32_t* targets, int top_k,
                            float* target_logprob, float* logsumexp, std::int32_t* top_ids, float* top_logprobs,
                            void* stream = nullptr);

}  // namespace ew::cuda

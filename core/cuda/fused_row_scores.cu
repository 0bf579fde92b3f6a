// CUDA implementation of row_scores_cuda (see fused_row_scores.h). One block of 256 threads per
// row: a block-wide max, a block-wide sum of exp(x - max), and a top-k kept per thread over its
// strided slice then merged in shared memory. Each logit is read twice (max, then sum + top-k);
// nothing of size V is written.
#include "cuda/fused_row_scores.h"

#include <cuda_runtime.h>
#include <cfloat>

namespace ew::cuda {

namespace {

constexpr int kThreads = 256;

__device__ bool better(float a, int ia, float b, int ib) { return a > b || (a == b && ia < ib); }

// Inserts (v, id) into a sorted-descending list of length k held in registers/local memory.
__device__ void insert_top(float* vals, int* ids, int k, float v, int id) {
    if (k == 0 || !better(v, id, vals[k - 1], ids[k - 1])) return;
    int i = k - 1;
    while (i > 0 && better(v, id, vals[i - 1], ids[i - 1])) {
        vals[i] = vals[i - 1];
        ids[i] = ids[i - 1];
        --i;
    }
    vals[i] = v;
    ids[i] = id;
}

__global__ void row_scores_kernel(const float* __restrict__ logits, int vocab, const int* __restrict__ targets, int top_k,
                                  float* target_logprob, float* logsumexp, int* top_ids, float* top_logprobs) {
    const int row = blockIdx.x;
    const float* x = logits + static_cast<size_t>(row) * static_cast<size_t>(vocab);
    __shared__ float reduce[kThreads];
    __shared__ float cand_vals[kThreads * kMaxTopK];
    __shared__ int cand_ids[kThreads * kMaxTopK];

    // 1. Row max.
    float m = -FLT_MAX;
    for (int v = threadIdx.x; v < vocab; v += kThreads) m = fmaxf(m, x[v]);
    reduce[threadIdx.x] = m;
    __syncthreads();
    for (int s = kThreads / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) reduce[threadIdx.x] = fmaxf(reduce[threadIdx.x], reduce[threadIdx.x + s]);
        __syncthreads();
    }
    const float max = reduce[0];
    __syncthreads();

    // 2. Sum of exp(x - max) and each thread's top-k over its slice.
    float vals[kMaxTopK];
    int ids[kMaxTopK];
    for (int k = 0; k < top_k; ++k) {
        vals[k] = -FLT_MAX;
        ids[k] = 0x7fffffff;
    }
    float sum = 0.f;
    for (int v = threadIdx.x; v < vocab; v += kThreads) {
        sum += __expf(x[v] - max);
        insert_top(vals, ids, top_k, x[v], v);
    }
    reduce[threadIdx.x] = sum;
    for (int k = 0; k < top_k; ++k) {
        cand_vals[threadIdx.x * kMaxTopK + k] = vals[k];
        cand_ids[threadIdx.x * kMaxTopK + k] = ids[k];
    }
    __syncthreads();
    for (int s = kThreads / 2; s > 0; s >>= 1) {
        if (threadIdx.x < s) reduce[threadIdx.x] += reduce[threadIdx.x + s];
        __syncthreads();
    }
    const float lse = max + logf(reduce[0]);

    // 3. Thread 0 merges the 256 candidate lists (k is small) and writes the row's results.
    if (threadIdx.x == 0) {
        for (int k = 0; k < top_k; ++k) {
            vals[k] = -FLT_MAX;
            ids[k] = 0x7fffffff;
        }
        for (int t = 0; t < kThreads; ++t)
            for (int k = 0; k < top_k; ++k) insert_top(vals, ids, top_k, cand_vals[t * kMaxTopK + k], cand_ids[t * kMaxTopK + k]);
        logsumexp[row] = lse;
        const int target = targets[row];
        target_logprob[row] = target >= 0 && target < vocab ? x[target] - lse : __int_as_float(0x7fc00000);
        for (int k = 0; k < top_k; ++k) {
            top_ids[row * top_k + k] = ids[k];
            top_logprobs[row * top_k + k] = vals[k] - lse;
        }
    }
}

}  // namespace

const char* row_scores_cuda(const float* logits, int rows, int vocab, const std::int32_t* targets, int top_k,
                            float* target_logprob, float* logsumexp, std::int32_t* top_ids, float* top_logprobs, void* stream) {
    if (rows <= 0) return nullptr;
    top_k = top_k < 0 ? 0 : (top_k > kMaxTopK ? kMaxTopK : (top_k > vocab ? vocab : top_k));
    row_scores_kernel<<<rows, kThreads, 0, static_cast<cudaStream_t>(stream)>>>(logits, vocab, targets, top_k, target_logprob,
                                                                               logsumexp, top_ids, top_logprobs);
    const cudaError_t err = cudaGetLastError();
    return err == cudaSuccess ? nullptr : cudaGetErrorString(err);
}

}  // namespace ew::cuda

// The CUDA row-scores kernel against the CPU reference on random logits, including a 128k
// vocabulary (Llama 3). Needs a GPU: without one it prints SKIPPED and exits 77 (ctest: skipped).
// Also prints the kernel's time for 2,048 rows × 128,256 — the scoring case of the benchmark.
#include "cuda/fused_row_scores.h"

#include <cuda_runtime.h>

#include <chrono>
#include <cmath>
#include <cstdio>
#include <random>
#include <vector>

namespace {

bool check(int rows, int vocab, int k, std::mt19937& rng) {
    std::normal_distribution<float> normal(0.f, 3.f);
    std::vector<float> logits(static_cast<std::size_t>(rows) * vocab);
    for (auto& x : logits) x = normal(rng);
    std::vector<std::int32_t> targets(static_cast<std::size_t>(rows));
    for (auto& t : targets) t = static_cast<std::int32_t>(rng() % static_cast<unsigned>(vocab));
    targets[0] = -1;  // "no target" must give NaN on both paths
    std::vector<float> tl(rows), lse(rows), tv(static_cast<std::size_t>(rows) * k);
    std::vector<std::int32_t> ti(static_cast<std::size_t>(rows) * k);
    ew::cuda::row_scores_cpu(logits.data(), rows, vocab, targets.data(), k, tl.data(), lse.data(), ti.data(), tv.data());

    float *d_logits, *d_tl, *d_lse, *d_tv;
    std::int32_t *d_targets, *d_ti;
    cudaMalloc(&d_logits, logits.size() * sizeof(float));
    cudaMalloc(&d_tl, rows * sizeof(float));
    cudaMalloc(&d_lse, rows * sizeof(float));
    cudaMalloc(&d_tv, tv.size() * sizeof(float));
    cudaMalloc(&d_targets, rows * sizeof(std::int32_t));
    cudaMalloc(&d_ti, ti.size() * sizeof(std::int32_t));
    cudaMemcpy(d_logits, logits.data(), logits.size() * sizeof(float), cudaMemcpyHostToDevice);
    cudaMemcpy(d_targets, targets.data(), rows * sizeof(std::int32_t), cudaMemcpyHostToDevice);
    cudaDeviceSynchronize();
    const auto t0 = std::chrono::steady_clock::now();
    if (const char* err = ew::cuda::row_scores_cuda(d_logits, rows, vocab, d_targets, k, d_tl, d_lse, d_ti, d_tv)) {
        std::printf("FAIL: kernel launch: %s\n", err);
        return false;
    }
    cudaDeviceSynchronize();
    const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
    std::vector<float> g_tl(rows), g_lse(rows), g_tv(tv.size());
    std::vector<std::int32_t> g_ti(ti.size());
    cudaMemcpy(g_tl.data(), d_tl, rows * sizeof(float), cudaMemcpyDeviceToHost);
    cudaMemcpy(g_lse.data(), d_lse, rows * sizeof(float), cudaMemcpyDeviceToHost);
    cudaMemcpy(g_tv.data(), d_tv, tv.size() * sizeof(float), cudaMemcpyDeviceToHost);
    cudaMemcpy(g_ti.data(), d_ti, ti.size() * sizeof(std::int32_t), cudaMemcpyDeviceToHost);
    for (void* p : {(void*)d_logits, (void*)d_tl, (void*)d_lse, (void*)d_tv, (void*)d_targets, (void*)d_ti}) cudaFree(p);

    double worst = 0;
    for (int r = 0; r < rows; ++r) {
        worst = std::max(worst, (double)std::fabs(lse[r] - g_lse[r]));
        if (r == 0 ? !(std::isnan(tl[r]) && std::isnan(g_tl[r])) : std::fabs(tl[r] - g_tl[r]) > 1e-4f) {
            std::printf("FAIL: row %d target log-prob %g vs %g\n", r, tl[r], g_tl[r]);
            return false;
        }
        for (int j = 0; j < k; ++j)
            if (ti[r * k + j] != g_ti[r * k + j] || std::fabs(tv[r * k + j] - g_tv[r * k + j]) > 1e-4f) {
                std::printf("FAIL: row %d top-%d: cpu (%d, %g) gpu (%d, %g)\n", r, j, ti[r * k + j], tv[r * k + j], g_ti[r * k + j], g_tv[r * k + j]);
                return false;
            }
    }
    std::printf("%d rows x %d vocab, top-%d: max |Δ logsumexp| = %.2e, kernel %.2f ms\n", rows, vocab, k, worst, ms);
    return worst < 1e-4;
}

}  // namespace

int main() {
    int devices = 0;
    if (cudaGetDeviceCount(&devices) != cudaSuccess || devices == 0) {
        std::printf("SKIPPED: no CUDA device on this machine\n");
        return 77;
    }
    std::mt19937 rng(1);
    bool ok = check(7, 1000, 5, rng) && check(64, 128256, 5, rng) && check(2048, 128256, 16, rng);
    std::printf(ok ? "PASS\n" : "FAIL\n");
    return ok ? 0 : 1;
}

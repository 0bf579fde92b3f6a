#include "model/few_token_kernels.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <cmath>
#include <cstdlib>
#include <immintrin.h>
#include <limits>
#include <string>
#include <vector>

// 64-byte vectors are passed in registers only where AVX-512 is enabled; every use here is inlined.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ew::model {

namespace {

// float32 on the CPU, and not a tensor autograd is recording through.
bool usable(const torch::Tensor& t) {
    return t.defined() && t.device().is_cpu() && t.scalar_type() == torch::kFloat32 &&
           !(torch::GradMode::is_enabled() && t.requires_grad());
}

// The widest the CPU has; EW_KERNEL_ISA=avx2|baseline asks for a narrower one (as few_row_product).
enum class Isa { Avx512, Avx2, Baseline };
Isa attention_isa() {
    static const Isa isa = [] {
        const char* asked = std::getenv("EW_KERNEL_ISA");
        const std::string cap = asked ? asked : "";
        if (__builtin_cpu_supports("avx512f") && cap != "avx2" && cap != "baseline") return Isa::Avx512;
        if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && cap != "baseline") return Isa::Avx2;
        return Isa::Baseline;
    }();
    return isa;
}

// GCC 12 reports its own _mm512_undefined_* placeholders inside these intrinsics as maybe-uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"

[[gnu::target("avx512f"), gnu::always_inline]] inline float dot_avx512(const float* a, const float* b, std::int64_t n) {
    __m512 s0 = _mm512_setzero_ps(), s1 = s0;
    std::int64_t i = 0;
    for (; i + 32 <= n; i += 32) {
        s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
        s1 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i + 16), _mm512_loadu_ps(b + i + 16), s1);
    }
    for (; i < n; i += 16) s0 = _mm512_fmadd_ps(_mm512_loadu_ps(a + i), _mm512_loadu_ps(b + i), s0);
    return _mm512_reduce_add_ps(_mm512_add_ps(s0, s1));
}

struct AttentionShape {
    std::int64_t B, H, T, E, K, S, window;
    double scale;
};

// One query row: scores against its visible keys, softmax, and the weighted sum of values held in
// NV registers of 16 lanes (E = 16·NV), so each cached value row is read once.
template <int NV>
[[gnu::target("avx512f")]] void attend_row(const float* q, const float* keys, std::int64_t key_stride, const float* values,
                                           std::int64_t value_stride, std::int64_t first, std::int64_t last, float scale,
                                           std::vector<float>& scores, float* out) {
    constexpr std::int64_t E = 16 * NV;
    const std::int64_t n = last - first + 1;
    scores.resize(static_cast<std::size_t>(n));
    float top = -std::numeric_limits<float>::infinity();
    for (std::int64_t s = 0; s < n; ++s) {
        scores[s] = dot_avx512(q, keys + (first + s) * key_stride, E) * scale;
        top = std::max(top, scores[s]);
    }
    float total = 0;
    for (std::int64_t s = 0; s < n; ++s) total += scores[s] = std::exp(scores[s] - top);
    __m512 acc[NV];
    for (int j = 0; j < NV; ++j) acc[j] = _mm512_setzero_ps();
    for (std::int64_t s = 0; s < n; ++s) {
        const __m512 p = _mm512_set1_ps(scores[s]);
        const float* row = values + (first + s) * value_stride;
        for (int j = 0; j < NV; ++j) acc[j] = _mm512_fmadd_ps(p, _mm512_loadu_ps(row + 16 * j), acc[j]);
    }
    const __m512 inverse = _mm512_set1_ps(1.0f / total);
    for (int j = 0; j < NV; ++j) _mm512_storeu_ps(out + 16 * j, _mm512_mul_ps(acc[j], inverse));
}
#pragma GCC diagnostic pop

[[gnu::target("avx2,fma"), gnu::always_inline]] inline float dot_avx2(const float* a, const float* b, std::int64_t n) {
    __m256 s0 = _mm256_setzero_ps(), s1 = s0;
    std::int64_t i = 0;
    for (; i + 16 <= n; i += 16) {
        s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
        s1 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i + 8), _mm256_loadu_ps(b + i + 8), s1);
    }
    for (; i < n; i += 8) s0 = _mm256_fmadd_ps(_mm256_loadu_ps(a + i), _mm256_loadu_ps(b + i), s0);
    const __m256 v = _mm256_add_ps(s0, s1);
    const __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 pairs = _mm_add_ps(half, _mm_movehl_ps(half, half));
    return _mm_cvtss_f32(_mm_add_ss(pairs, _mm_shuffle_ps(pairs, pairs, 1)));
}

// The query rows of one key/value head (its G query heads at one position) with 8-lane registers,
// E = 8·NV. Each cached key row is read once for all of them, and the values are summed a column
// block of 8 registers at a time: AVX2 has 16 registers, and a whole 128-wide head's sums spilled to
// the stack (a load and a store around every FMA). A block of the value rows (≤ 256 bytes each)
// stays in L2 while the group's rows each sum it.
template <int NV>
[[gnu::target("avx2,fma")]] void attend_group_avx2(const float* const* q, std::int64_t rows, const float* keys, std::int64_t key_stride,
                                                   const float* values, std::int64_t value_stride, std::int64_t first, std::int64_t last,
                                                   float scale, std::vector<float>& scores, std::vector<float>& inverse, float* const* out) {
    constexpr std::int64_t E = 8 * NV;
    constexpr int kBlock = NV < 8 ? NV : 8;
    static_assert(NV % kBlock == 0);
    const std::int64_t n = last - first + 1;
    scores.resize(static_cast<std::size_t>(rows * n));
    for (std::int64_t s = 0; s < n; ++s) {
        const float* key = keys + (first + s) * key_stride;
        for (std::int64_t r = 0; r < rows; ++r) scores[r * n + s] = dot_avx2(q[r], key, E) * scale;
    }
    inverse.resize(static_cast<std::size_t>(rows));
    for (std::int64_t r = 0; r < rows; ++r) {
        float* row_scores = scores.data() + r * n;
        const float top = *std::max_element(row_scores, row_scores + n);
        float total = 0;
        for (std::int64_t s = 0; s < n; ++s) total += row_scores[s] = std::exp(row_scores[s] - top);
        inverse[r] = 1.0f / total;
    }
    for (int block = 0; block < NV; block += kBlock)
        for (std::int64_t r = 0; r < rows; ++r) {
            const float* row_scores = scores.data() + r * n;
            __m256 acc[kBlock];
            for (int j = 0; j < kBlock; ++j) acc[j] = _mm256_setzero_ps();
            for (std::int64_t s = 0; s < n; ++s) {
                const __m256 p = _mm256_set1_ps(row_scores[s]);
                const float* row = values + (first + s) * value_stride + 8 * block;
                for (int j = 0; j < kBlock; ++j) acc[j] = _mm256_fmadd_ps(p, _mm256_loadu_ps(row + 8 * j), acc[j]);
            }
            const __m256 scale_by = _mm256_set1_ps(inverse[r]);
            for (int j = 0; j < kBlock; ++j) _mm256_storeu_ps(out[r] + 8 * (block + j), _mm256_mul_ps(acc[j], scale_by));
        }
}

// Attention for every (batch, key/value head, query position): its G query heads form one group,
// so that a group's rows share one thread and one read of the cached keys and values.
template <int NV>
void attend_all(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, const AttentionShape& a, float* out) {
    const float* qp = q.data_ptr<float>();
    const float* kp = k.data_ptr<float>();
    const float* vp = v.data_ptr<float>();
    const std::int64_t G = a.H / a.K;
    const Isa isa = attention_isa();
    at::parallel_for(0, a.B * a.K * a.T, 1, [&](std::int64_t begin, std::int64_t end) {
        std::vector<float> scores, inverse;  // per thread, reused by every group it attends
        std::vector<const float*> rows_q(static_cast<std::size_t>(G));
        std::vector<float*> rows_out(static_cast<std::size_t>(G));
        for (std::int64_t i = begin; i < end; ++i) {
            const std::int64_t b = i / (a.K * a.T), kh = i / a.T % a.K, t = i % a.T;
            const std::int64_t position = a.S - a.T + t;
            const std::int64_t first = a.window > 0 ? std::max<std::int64_t>(0, position - a.window + 1) : 0;
            const float* keys = kp + b * k.stride(0) + kh * k.stride(1);
            const float* values = vp + b * v.stride(0) + kh * v.stride(1);
            for (std::int64_t g = 0; g < G; ++g) {
                const std::int64_t h = kh * G + g;
                rows_q[g] = qp + b * q.stride(0) + h * q.stride(1) + t * q.stride(2);
                rows_out[g] = out + ((b * a.T + t) * a.H + h) * a.E;
            }
            if (isa == Isa::Avx512) {
                for (std::int64_t g = 0; g < G; ++g)
                    attend_row<NV>(rows_q[g], keys, k.stride(2), values, v.stride(2), first, position, static_cast<float>(a.scale), scores,
                                   rows_out[g]);
            } else {
                attend_group_avx2<2 * NV>(rows_q.data(), G, keys, k.stride(2), values, v.stride(2), first, position,
                                          static_cast<float>(a.scale), scores, inverse, rows_out.data());
            }
        }
    });
}

}  // namespace

torch::Tensor few_token_rms_norm(const torch::Tensor& x, const torch::Tensor& weight, double eps) {
    if (!usable(x) || !usable(weight) || !x.is_contiguous() || x.dim() == 0 || weight.numel() != x.size(-1)) return {};
    const auto w = weight.contiguous();
    auto out = torch::empty_like(x);
    const std::int64_t D = x.size(-1), rows = D == 0 ? 0 : x.numel() / D;
    const float* xp = x.data_ptr<float>();
    const float* wp = w.data_ptr<float>();
    float* op = out.data_ptr<float>();
    for (std::int64_t r = 0; r < rows; ++r) {
        const float* row = xp + r * D;
        double squares = 0;
        for (std::int64_t d = 0; d < D; ++d) squares += double(row[d]) * row[d];
        // The same roundings as libtorch's path: x * rsqrt(mean + eps) in float32, then × weight.
        const float inverse = 1.0f / std::sqrt(static_cast<float>(squares / double(D)) + static_cast<float>(eps));
        for (std::int64_t d = 0; d < D; ++d) op[r * D + d] = (row[d] * inverse) * wp[d];
    }
    return out;
}

torch::Tensor few_token_rope(const torch::Tensor& x, const torch::Tensor& cos, const torch::Tensor& sin) {
    if (!usable(x) || !usable(cos) || !usable(sin) || !x.is_contiguous() || x.dim() != 4) return {};
    const std::int64_t B = x.size(0), T = x.size(1), N = x.size(2), E = x.size(3), half = E / 2;
    if (E % 2 != 0 || cos.sizes() != torch::IntArrayRef{T, E} || sin.sizes() != torch::IntArrayRef{T, E}) return {};
    const auto c = cos.contiguous(), s = sin.contiguous();
    auto out = torch::empty_like(x);
    const float* xp = x.data_ptr<float>();
    const float* cp = c.data_ptr<float>();
    const float* sp = s.data_ptr<float>();
    float* op = out.data_ptr<float>();
    for (std::int64_t b = 0; b < B; ++b)
        for (std::int64_t t = 0; t < T; ++t)
            for (std::int64_t n = 0; n < N; ++n) {
                const std::int64_t base = ((b * T + t) * N + n) * E;
                const float* in = xp + base;
                const float* ct = cp + t * E;
                const float* st = sp + t * E;
                for (std::int64_t e = 0; e < half; ++e) op[base + e] = in[e] * ct[e] + (-in[e + half]) * st[e];
                for (std::int64_t e = half; e < E; ++e) op[base + e] = in[e] * ct[e] + in[e - half] * st[e];
            }
    return out;
}

torch::Tensor few_token_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, double scale,
                                  std::int64_t window) {
    if (attention_isa() == Isa::Baseline || !usable(q) || !usable(k) || !usable(v) || q.dim() != 4 || k.dim() != 4 || v.sizes() != k.sizes())
        return {};
    const AttentionShape a{q.size(0), q.size(1), q.size(2), q.size(3), k.size(1), k.size(2), window, scale};
    if (k.size(0) != a.B || k.size(3) != a.E || a.K == 0 || a.H % a.K != 0 || a.T > a.S) return {};
    if (q.stride(3) != 1 || k.stride(3) != 1 || v.stride(3) != 1) return {};
    auto out = torch::empty({a.B, a.T, a.H * a.E}, q.options());
    switch (a.E) {
        case 64: attend_all<4>(q, k, v, a, out.data_ptr<float>()); break;
        case 128: attend_all<8>(q, k, v, a, out.data_ptr<float>()); break;
        case 256: attend_all<16>(q, k, v, a, out.data_ptr<float>()); break;
        default: return {};
    }
    return out;
}

torch::Tensor few_token_silu_product(const torch::Tensor& gate, const torch::Tensor& up) {
    if (!usable(gate) || !usable(up) || !gate.is_contiguous() || !up.is_contiguous() || gate.sizes() != up.sizes()) return {};
    auto out = torch::empty_like(gate);
    const float* g = gate.data_ptr<float>();
    const float* u = up.data_ptr<float>();
    float* o = out.data_ptr<float>();
    for (std::int64_t i = 0; i < gate.numel(); ++i) o[i] = g[i] / (1.0f + std::exp(-g[i])) * u[i];
    return out;
}

}  // namespace ew::model

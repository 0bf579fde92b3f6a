#include "model/few_row_product.h"

#include "support/error.h"

#include <ATen/Parallel.h>
#include <algorithm>
#include <cstdint>
#include <cstring>
#include <cstdlib>
#include <immintrin.h>
#include <string>
#include <vector>

// 64-byte vectors are passed in registers only where AVX-512 is enabled; every use here is inlined.
#pragma GCC diagnostic ignored "-Wpsabi"

namespace ew::model {

namespace {

// GCC vector extensions: one body, compiled below for AVX-512, AVX2 and the x86-64 baseline, each
// lowered to the widest registers of its target.
using f32x16 = float __attribute__((vector_size(64)));
using u32x16 = std::uint32_t __attribute__((vector_size(64)));
using u16x16 = std::uint16_t __attribute__((vector_size(32)));
using i8x16 = std::int8_t __attribute__((vector_size(16)));
using i16x16 = std::int16_t __attribute__((vector_size(32)));
using i32x16 = std::int32_t __attribute__((vector_size(64)));
using BFloat16Bits = std::uint16_t;

[[gnu::always_inline]] inline f32x16 load16(const float* p) {
    f32x16 v;
    std::memcpy(&v, p, sizeof v);
    return v;
}

// bfloat16 is the top half of a float32: widening is a shift.
[[gnu::always_inline]] inline f32x16 load16(const BFloat16Bits* p) {
    u16x16 h;
    std::memcpy(&h, p, sizeof h);
    const u32x16 bits = __builtin_convertvector(h, u32x16) << 16;
    return __builtin_bit_cast(f32x16, bits);  // not a pointer cast: that breaks strict aliasing
}

// int8 weights: sign-extend and convert; the row's scale is applied once to the finished sum.
[[gnu::always_inline]] inline f32x16 load16(const std::int8_t* p) {
    i8x16 q;
    std::memcpy(&q, p, sizeof q);
    // One width step at a time: GCC scalarises a direct int8 -> int32 or int8 -> float conversion.
    return __builtin_convertvector(__builtin_convertvector(__builtin_convertvector(q, i16x16), i32x16), f32x16);
}

[[gnu::always_inline]] inline float widen(float v) { return v; }
[[gnu::always_inline]] inline float widen(std::int8_t v) { return float(v); }
[[gnu::always_inline]] inline float widen(BFloat16Bits v) {
    const std::uint32_t bits = std::uint32_t(v) << 16;
    float f;
    std::memcpy(&f, &bits, sizeof f);
    return f;
}

// `scales`: one factor per row of w (int8 weights), or null.
template <typename Weight>
[[gnu::always_inline]] inline void product_rows(const float* x, std::int64_t R, std::int64_t D, const Weight* w, const float* scales,
                                                std::int64_t n_begin, std::int64_t n_end, std::int64_t N, float* out) {
    for (std::int64_t n = n_begin; n < n_end; ++n) {
        const Weight* row = w + n * D;  // stays in L1 while the R activation rows pass over it
        for (std::int64_t r = 0; r < R; ++r) {
            const float* xr = x + r * D;
            f32x16 a0 = {}, a1 = {}, a2 = {}, a3 = {};  // independent sums hide the add latency
            std::int64_t d = 0;
            for (; d + 64 <= D; d += 64) {
                a0 += load16(row + d) * load16(xr + d);
                a1 += load16(row + d + 16) * load16(xr + d + 16);
                a2 += load16(row + d + 32) * load16(xr + d + 32);
                a3 += load16(row + d + 48) * load16(xr + d + 48);
            }
            for (; d + 16 <= D; d += 16) a0 += load16(row + d) * load16(xr + d);
            const f32x16 a = (a0 + a1) + (a2 + a3);
            float sum = 0;
            for (int i = 0; i < 16; ++i) sum += a[i];
            for (; d < D; ++d) sum += widen(row[d]) * xr[d];
            out[r * N + n] = scales ? sum * scales[n] : sum;
        }
    }
}

template <typename Weight>
using Kernel = void (*)(const float*, std::int64_t, std::int64_t, const Weight*, const float*, std::int64_t, std::int64_t,
                        std::int64_t, float*);

// AVX-512 loads written with intrinsics: GCC lowers the vector-extension conversions above through
// 256-bit halves (two vpmovsx/vpmovzx, an extract and an insert per 16 weights, ten instructions for
// int8), which made the int8 decode compute-bound; each widening here is one instruction.
// GCC 12 reports its own _mm512_undefined_* placeholders inside these intrinsics as maybe-uninitialized.
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wmaybe-uninitialized"
[[gnu::target("avx512f"), gnu::always_inline]] inline __m512 load16_avx512(const float* p) { return _mm512_loadu_ps(p); }
[[gnu::target("avx512f"), gnu::always_inline]] inline __m512 load16_avx512(const BFloat16Bits* p) {
    const __m512i wide = _mm512_cvtepu16_epi32(_mm256_loadu_si256(reinterpret_cast<const __m256i*>(p)));
    return _mm512_castsi512_ps(_mm512_slli_epi32(wide, 16));
}
[[gnu::target("avx512f"), gnu::always_inline]] inline __m512 load16_avx512(const std::int8_t* p) {
    return _mm512_cvtepi32_ps(_mm512_cvtepi8_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p))));
}

// product_rows with the loads above; only the final sum across the 16 lanes is ordered differently.
template <typename Weight>
[[gnu::target("avx512f")]] void product_avx512(const float* x, std::int64_t R, std::int64_t D, const Weight* w, const float* scales,
                                               std::int64_t n_begin, std::int64_t n_end, std::int64_t N, float* out) {
    for (std::int64_t n = n_begin; n < n_end; ++n) {
        const Weight* row = w + n * D;
        for (std::int64_t r = 0; r < R; ++r) {
            const float* xr = x + r * D;
            __m512 a0 = _mm512_setzero_ps(), a1 = a0, a2 = a0, a3 = a0;
            std::int64_t d = 0;
            for (; d + 64 <= D; d += 64) {
                a0 = _mm512_fmadd_ps(load16_avx512(row + d), _mm512_loadu_ps(xr + d), a0);
                a1 = _mm512_fmadd_ps(load16_avx512(row + d + 16), _mm512_loadu_ps(xr + d + 16), a1);
                a2 = _mm512_fmadd_ps(load16_avx512(row + d + 32), _mm512_loadu_ps(xr + d + 32), a2);
                a3 = _mm512_fmadd_ps(load16_avx512(row + d + 48), _mm512_loadu_ps(xr + d + 48), a3);
            }
            for (; d + 16 <= D; d += 16) a0 = _mm512_fmadd_ps(load16_avx512(row + d), _mm512_loadu_ps(xr + d), a0);
            float sum = _mm512_reduce_add_ps(_mm512_add_ps(_mm512_add_ps(a0, a1), _mm512_add_ps(a2, a3)));
            for (; d < D; ++d) sum += widen(row[d]) * xr[d];
            out[r * N + n] = scales ? sum * scales[n] : sum;
        }
    }
}
#pragma GCC diagnostic pop
// The same for AVX2 (AMD Zen 2/3, Intel before AVX-512): 8 lanes, each widening one instruction.
// GCC's lowering of the 16-lane vector extension to 256-bit halves made the int8 decode 7× the
// bandwidth limit on an AVX2 EPYC (issue 21).
[[gnu::target("avx2,fma"), gnu::always_inline]] inline __m256 load8_avx2(const float* p) { return _mm256_loadu_ps(p); }
[[gnu::target("avx2,fma"), gnu::always_inline]] inline __m256 load8_avx2(const BFloat16Bits* p) {
    const __m256i wide = _mm256_cvtepu16_epi32(_mm_loadu_si128(reinterpret_cast<const __m128i*>(p)));
    return _mm256_castsi256_ps(_mm256_slli_epi32(wide, 16));
}
[[gnu::target("avx2,fma"), gnu::always_inline]] inline __m256 load8_avx2(const std::int8_t* p) {
    return _mm256_cvtepi32_ps(_mm256_cvtepi8_epi32(_mm_loadl_epi64(reinterpret_cast<const __m128i*>(p))));
}
[[gnu::target("avx2,fma"), gnu::always_inline]] inline float sum8_avx2(__m256 v) {
    const __m128 half = _mm_add_ps(_mm256_castps256_ps128(v), _mm256_extractf128_ps(v, 1));
    const __m128 pairs = _mm_add_ps(half, _mm_movehl_ps(half, half));
    return _mm_cvtss_f32(_mm_add_ss(pairs, _mm_shuffle_ps(pairs, pairs, 1)));
}

// Up to four activation rows against one weight row: each 8 weights are loaded and widened once
// and feed every row (widening them again per activation row made 4 rows cost 1.9x one row and 8
// rows 3x). Rows x Step independent sums, 8-12 of them, hide the FMA latency: with fewer, one
// row of int8 weights was latency-bound at ~13 GB/s. The arrays unroll into registers (13 of the
// 16 at most).
template <int Rows, typename Weight>
[[gnu::target("avx2,fma"), gnu::always_inline]] inline void rows_times_row_avx2(const float* x, std::int64_t D, const Weight* row,
                                                                              float scale, float* out, std::int64_t out_stride) {
    constexpr int Step = Rows == 1 ? 8 : Rows == 2 ? 4 : 2;  // vectors of 8 weights per iteration
    __m256 a[Rows][Step];
#pragma GCC unroll 8
    for (int r = 0; r < Rows; ++r)
#pragma GCC unroll 8
        for (int k = 0; k < Step; ++k) a[r][k] = _mm256_setzero_ps();
    std::int64_t d = 0;
    for (; d + 8 * Step <= D; d += 8 * Step) {
        // Each cache line of weights asked for 1 KB ahead: the hardware prefetcher alone left the
        // one-row bf16 product at ~21 of the AVX2 VM's 28 GB/s, this reaches ~23-25.
#pragma GCC unroll 8
        for (std::int64_t b = 0; b < 8 * Step * std::int64_t(sizeof(Weight)); b += 64)
            _mm_prefetch(reinterpret_cast<const char*>(row + d) + b + 1024, _MM_HINT_T0);
        __m256 w[Step];
#pragma GCC unroll 8
        for (int k = 0; k < Step; ++k) w[k] = load8_avx2(row + d + 8 * k);
#pragma GCC unroll 8
        for (int r = 0; r < Rows; ++r)
#pragma GCC unroll 8
            for (int k = 0; k < Step; ++k) a[r][k] = _mm256_fmadd_ps(w[k], _mm256_loadu_ps(x + r * D + d + 8 * k), a[r][k]);
    }
    for (; d + 8 <= D; d += 8) {
        const __m256 w0 = load8_avx2(row + d);
#pragma GCC unroll 8
        for (int r = 0; r < Rows; ++r) a[r][0] = _mm256_fmadd_ps(w0, _mm256_loadu_ps(x + r * D + d), a[r][0]);
    }
#pragma GCC unroll 8
    for (int r = 0; r < Rows; ++r) {
        __m256 total = a[r][0];
#pragma GCC unroll 8
        for (int k = 1; k < Step; ++k) total = _mm256_add_ps(total, a[r][k]);
        float sum = sum8_avx2(total);
        for (std::int64_t t = d; t < D; ++t) sum += widen(row[t]) * x[r * D + t];
        out[r * out_stride] = sum * scale;
    }
}

template <typename Weight>
[[gnu::target("avx2,fma")]] void product_avx2(const float* x, std::int64_t R, std::int64_t D, const Weight* w, const float* scales,
                                              std::int64_t n_begin, std::int64_t n_end, std::int64_t N, float* out) {
    for (std::int64_t n = n_begin; n < n_end; ++n) {
        const Weight* row = w + n * D;  // stays in L1 while every group of activation rows passes over it
        const float scale = scales ? scales[n] : 1.0f;
        std::int64_t r = 0;
        for (; r + 4 <= R; r += 4) rows_times_row_avx2<4>(x + r * D, D, row, scale, out + r * N + n, N);
        switch (R - r) {
            case 3: rows_times_row_avx2<3>(x + r * D, D, row, scale, out + r * N + n, N); break;
            case 2: rows_times_row_avx2<2>(x + r * D, D, row, scale, out + r * N + n, N); break;
            case 1: rows_times_row_avx2<1>(x + r * D, D, row, scale, out + r * N + n, N); break;
            default: break;
        }
    }
}
template <typename Weight>
void product_baseline(const float* x, std::int64_t R, std::int64_t D, const Weight* w, const float* s, std::int64_t b,
                      std::int64_t e, std::int64_t N, float* out) {
    product_rows(x, R, D, w, s, b, e, N, out);
}

enum class Isa { Avx512, Avx2, Baseline };

// The widest the CPU has; EW_KERNEL_ISA=avx2|baseline asks for a narrower one (tests run every path
// a machine can run that way).
Isa detect_isa() {
    __builtin_cpu_init();
    const char* asked = std::getenv("EW_KERNEL_ISA");
    const std::string cap = asked ? asked : "";
    if (__builtin_cpu_supports("avx512f") && cap != "avx2" && cap != "baseline") return Isa::Avx512;
    if (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma") && cap != "baseline") return Isa::Avx2;
    return Isa::Baseline;
}

const Isa kIsa = detect_isa();

template <typename Weight>
Kernel<Weight> kernel_for(Isa isa) {
    switch (isa) {
        case Isa::Avx512: return &product_avx512<Weight>;
        case Isa::Avx2: return &product_avx2<Weight>;
        case Isa::Baseline: break;
    }
    return &product_baseline<Weight>;
}

template <typename Weight>
void run(const float* x, std::int64_t R, std::int64_t D, const Weight* w, const float* scales, std::int64_t N, float* out) {
    const auto kernel = kernel_for<Weight>(kIsa);
    // Chunks of at least ~32-64 KB of weights, so a thread hand-off never costs more than the work.
    const std::int64_t grain = std::max<std::int64_t>(16, 32768 / std::max<std::int64_t>(1, D));
    at::parallel_for(0, N, grain, [&](std::int64_t b, std::int64_t e) { kernel(x, R, D, w, scales, b, e, N, out); });
}

}  // namespace

torch::Tensor few_row_product(const torch::Tensor& x, const torch::Tensor& w, const torch::Tensor& row_scales) {
    if (x.dim() != 2 || w.dim() != 2 || x.size(1) != w.size(1))
        throw Error("few_row_product: expected x [R, D] and w [N, D] with the same D");
    if (x.size(0) > kFewRowsMax) throw Error("few_row_product: more rows than the kernel is meant for");
    if (!x.device().is_cpu() || !w.device().is_cpu()) throw Error("few_row_product: CPU tensors only");
    const auto xc = x.to(torch::kFloat32).contiguous();
    const auto wc = w.contiguous();
    const std::int64_t R = xc.size(0), D = xc.size(1), N = wc.size(0);
    auto out = torch::empty({R, N}, torch::kFloat32);
    if (R == 0 || N == 0) return out;
    if (wc.scalar_type() == torch::kChar) {
        if (!row_scales.defined() || row_scales.scalar_type() != torch::kFloat32 || row_scales.dim() != 1 || row_scales.size(0) != N)
            throw Error("few_row_product: int8 weights need float32 row scales [N]");
        const auto sc = row_scales.contiguous();
        run(xc.data_ptr<float>(), R, D, wc.data_ptr<std::int8_t>(), sc.data_ptr<float>(), N, out.data_ptr<float>());
        return out;
    }
    if (row_scales.defined()) throw Error("few_row_product: row scales belong to int8 weights only");
    if (wc.scalar_type() == torch::kFloat32)
        run(xc.data_ptr<float>(), R, D, wc.data_ptr<float>(), nullptr, N, out.data_ptr<float>());
    else if (wc.scalar_type() == torch::kBFloat16)
        run(xc.data_ptr<float>(), R, D, reinterpret_cast<const BFloat16Bits*>(wc.data_ptr<at::BFloat16>()), nullptr, N,
            out.data_ptr<float>());
    else
        throw Error("few_row_product: weights must be float32, bfloat16 or int8 with row scales");
    return out;
}

int few_row_product_threads_used() {
    std::vector<int> ran(static_cast<std::size_t>(at::get_num_threads()), 0);
    at::parallel_for(0, std::int64_t(ran.size()) * 64, 1, [&](std::int64_t, std::int64_t) {
        const auto t = static_cast<std::size_t>(at::get_thread_num());
        if (t < ran.size()) ran[t] = 1;
    });
    return static_cast<int>(std::count(ran.begin(), ran.end(), 1));
}

const char* few_row_product_isa() {
    switch (kIsa) {
        case Isa::Avx512: return "avx512f";
        case Isa::Avx2: return "avx2";
        case Isa::Baseline: break;
    }
    return "baseline";
}

}  // namespace ew::model

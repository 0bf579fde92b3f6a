// The fused decode kernels against libtorch's arithmetic: RMSNorm, RoPE, SiLU·up and causal
// grouped-query attention (head sizes 64/128/256, 1-3 new queries, keys held in a larger strided
// buffer as the KV cache holds them, with and without a sliding window); each declines what it does
// not cover; and a Qwen3-style model (qk-norm, GQA, sliding layers) decodes token by token through
// its cache to the logits of one whole-sequence pass, which takes libtorch's path.
#include "model/few_token_kernels.h"
#include "model/transformer.h"

#include <QtTest>
#include <limits>

using namespace ew;

namespace {

float worst_difference(const torch::Tensor& got, const torch::Tensor& want) { return (got - want).abs().max().item<float>(); }

// Attention as the definition says it: scores, mask, softmax, weighted values, per query head.
torch::Tensor reference_attention(const torch::Tensor& q, const torch::Tensor& k, const torch::Tensor& v, double scale,
                                  std::int64_t window) {
    const std::int64_t B = q.size(0), H = q.size(1), T = q.size(2), E = q.size(3), K = k.size(1), S = k.size(2);
    const auto keys = k.repeat_interleave(H / K, 1), values = v.repeat_interleave(H / K, 1);
    auto scores = torch::matmul(q, keys.transpose(-2, -1)) * scale;  // [B, H, T, S]
    auto masked = torch::zeros({T, S}, torch::kBool);
    for (std::int64_t t = 0; t < T; ++t)
        for (std::int64_t s = 0; s < S; ++s) {
            const std::int64_t position = S - T + t;
            masked[t][s] = s > position || (window > 0 && s <= position - window);
        }
    scores = scores.masked_fill(masked, -std::numeric_limits<float>::infinity());
    return torch::matmul(torch::softmax(scores, -1), values).transpose(1, 2).reshape({B, T, H * E});
}

}  // namespace

class TestFewTokenKernels : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { torch::manual_seed(7); }

    void rmsNormEqualsTheFormula() {
        const auto x = torch::randn({2, 3, 4, 96}) * 3;
        const auto w = torch::randn({96});
        const auto got = model::few_token_rms_norm(x, w, 1e-6);
        QVERIFY(got.defined());
        const auto want = x * torch::rsqrt(x.pow(2).mean(-1, true) + 1e-6) * w;
        QVERIFY2(worst_difference(got, want) < 1e-5f, qPrintable(QString::number(worst_difference(got, want))));
        // Declined: bfloat16, a strided view, a weight of the wrong size, autograd recording.
        QVERIFY(!model::few_token_rms_norm(x.to(torch::kBFloat16), w, 1e-6).defined());
        QVERIFY(!model::few_token_rms_norm(x.transpose(1, 2), w, 1e-6).defined());
        QVERIFY(!model::few_token_rms_norm(x, torch::randn({95}), 1e-6).defined());
        QVERIFY(!model::few_token_rms_norm(x, w.clone().requires_grad_(true), 1e-6).defined());
    }

    void ropeEqualsRotateHalf() {
        const auto x = torch::randn({2, 3, 5, 64});
        const auto cos = torch::randn({3, 64}), sin = torch::randn({3, 64});
        const auto got = model::few_token_rope(x, cos, sin);
        QVERIFY(got.defined());
        const auto rotated = torch::cat({-x.narrow(-1, 32, 32), x.narrow(-1, 0, 32)}, -1);
        const auto want = x * cos.unsqueeze(1) + rotated * sin.unsqueeze(1);
        QCOMPARE(worst_difference(got, want), 0.0f);  // the same float32 operations in the same order
        QVERIFY(!model::few_token_rope(x, cos.narrow(0, 0, 2), sin.narrow(0, 0, 2)).defined());
    }

    void siluProductEqualsLibtorch() {
        const auto gate = torch::randn({1, 1, 300}) * 4, up = torch::randn({1, 1, 300});
        const auto got = model::few_token_silu_product(gate, up);
        QVERIFY(got.defined());
        QVERIFY(worst_difference(got, torch::silu(gate) * up) < 1e-5f);
        QVERIFY(!model::few_token_silu_product(gate, up.narrow(-1, 0, 299)).defined());
    }

    void attentionEqualsTheDefinition_data() {
        QTest::addColumn<int>("E");
        QTest::addColumn<int>("T");
        QTest::addColumn<int>("S");
        QTest::addColumn<int>("window");
        for (int E : {64, 128, 256})
            for (int T : {1, 3})
                for (int S : {T, 37})
                    for (int window : {0, 5}) QTest::addRow("E%d-T%d-S%d-w%d", E, T, S, window) << E << T << S << window;
    }
    void attentionEqualsTheDefinition() {
        QFETCH(int, E);
        QFETCH(int, T);
        QFETCH(int, S);
        QFETCH(int, window);
        const std::int64_t B = 2, H = 8, K = 2;
        // q as the layer makes it (a transposed view); k, v as the first S positions of a larger cache.
        const auto q = torch::randn({B, T, H, E}).transpose(1, 2);
        const auto k = torch::randn({B, K, S + 20, E}).narrow(2, 0, S), v = torch::randn({B, K, S + 20, E}).narrow(2, 0, S);
        const double scale = 1.0 / std::sqrt(double(E));
        const auto got = model::few_token_attention(q, k, v, scale, window);
        const bool baseline = qgetenv("EW_KERNEL_ISA") == "baseline";
        if (baseline || !(__builtin_cpu_supports("avx512f") || (__builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")))) {
            QVERIFY(!got.defined());
            QSKIP("neither AVX-512 nor AVX2 here (or EW_KERNEL_ISA=baseline): the kernel declines and libtorch's path runs");
        }
        QVERIFY(got.defined());
        const auto want = reference_attention(q, k, v, scale, window);
        QVERIFY2(worst_difference(got, want) < 1e-5f, qPrintable(QString::number(worst_difference(got, want))));
    }

    void attentionDeclinesWhatItDoesNotCover() {
        const auto k = torch::randn({1, 2, 9, 48});
        QVERIFY(!model::few_token_attention(torch::randn({1, 4, 1, 48}), k, k, 0.1, 0).defined());  // head size 48
        const auto k64 = torch::randn({1, 2, 9, 64});
        QVERIFY(!model::few_token_attention(torch::randn({1, 3, 1, 64}), k64, k64, 0.1, 0).defined());    // 3 heads over 2
        QVERIFY(!model::few_token_attention(torch::randn({1, 4, 10, 64}), k64, k64, 0.1, 0).defined());   // more queries than keys
        QVERIFY(!model::few_token_attention(torch::randn({1, 4, 1, 64}).to(torch::kBFloat16), k64, k64, 0.1, 0).defined());
    }

    // The whole layer stack: decoding through the cache (fused kernels) reaches the logits of one
    // 24-token pass (libtorch's path), in a model with every feature the kernels touch.
    void cachedDecodeEqualsOneWholePass() {
        model::ModelConfig c;
        c.model_type = "qwen3";
        c.vocab_size = 97;
        c.hidden_size = 128;
        c.intermediate_size = 160;
        c.num_hidden_layers = 3;
        c.num_attention_heads = 4;
        c.num_key_value_heads = 2;
        c.explicit_head_dim = 64;
        c.max_position_embeddings = 64;
        c.sliding_window = 6;
        c.sliding_layers = {true, false, true};
        torch::NoGradGuard no_grad;
        const model::Transformer m(c);
        const auto ids = torch::randint(0, c.vocab_size, {1, 24}, torch::kLong);
        const auto whole = m.forward(ids);
        model::KvCache cache;
        auto last = m.forward(ids.narrow(1, 0, 16), &cache);
        for (std::int64_t t = 16; t < 24; ++t) last = m.forward(ids.narrow(1, t, 1), &cache);
        const float difference = worst_difference(last[0][0], whole[0][23]);
        QVERIFY2(difference < 1e-4f, qPrintable(QString::number(difference)));
    }
};

QTEST_APPLESS_MAIN(TestFewTokenKernels)
#include "test_few_token_kernels.moc"

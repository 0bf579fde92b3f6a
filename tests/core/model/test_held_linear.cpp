// The CPU inference kernels against libtorch's own arithmetic: few_row_product (float32 and
// bfloat16 weights, row counts 1..8, widths with a tail that is no multiple of the vector width)
// equals torch::mm on the widened weights; held_linear's many-row bfloat16 path equals a float32
// GEMM, adds the bias, and leaves training (autograd) on torch::linear; the KV cache's growing
// storage holds what concatenation would, across regrowth, truncation and overwrite.
#include "model/few_row_product.h"
#include "model/held_linear.h"
#include "model/int8_rows.h"
#include "model/row_blocks.h"
#include "model/transformer.h"
#include "support/error.h"

#include <QtTest>

using namespace ew;

namespace {

float worst_relative(const torch::Tensor& got, const torch::Tensor& want) {
    const auto scale = want.abs().max().item<float>() + 1e-6f;
    return (got - want).abs().max().item<float>() / scale;
}

}  // namespace

class TestHeldLinear : public QObject {
    Q_OBJECT

private slots:
    void fewRowsEqualGemm_data() {
        QTest::addColumn<int>("rows");
        QTest::addColumn<int>("width");
        QTest::addColumn<bool>("bf16");
        for (int rows : {1, 2, 3, 4, 5, 6, 7, 8})  // every tiling of the rows (groups of 4, then 3, 2 or 1)
            for (int width : {7, 64, 200, 1029})
                for (bool bf16 : {false, true})
                    QTest::addRow("R%d-D%d-%s", rows, width, bf16 ? "bf16" : "f32") << rows << width << bf16;
    }
    void fewRowsEqualGemm() {
        QFETCH(int, rows);
        QFETCH(int, width);
        QFETCH(bool, bf16);
        torch::manual_seed(rows * 1000 + width);
        const auto x = torch::randn({rows, width});
        auto w = torch::randn({301, width});  // 301 output rows: uneven parallel chunks
        if (bf16) w = w.to(torch::kBFloat16);
        const auto got = model::few_row_product(x, w);
        const auto want = torch::mm(x.to(torch::kFloat64), w.to(torch::kFloat64).t()).to(torch::kFloat32);
        QCOMPARE(got.sizes().vec(), (std::vector<std::int64_t>{rows, 301}));
        const float err = worst_relative(got, want);
        QVERIFY2(err < 1e-5f, qPrintable(QString::number(err)));
    }

    // Loading reads a checkpoint a block of rows at a time: every row of every block is checked,
    // converted and quantized, the last partial block included.
    void rowBlocksCoverEveryRow() {
        const std::int64_t D = 1024, rows = 3 * model::rows_per_block(D) + 5;
        auto w = torch::randn({rows, D});
        QVERIFY(model::all_finite(w));
        QVERIFY(model::all_finite(w.to(torch::kBFloat16)));
        for (const std::int64_t r : {std::int64_t{0}, model::rows_per_block(D), rows - 1}) {
            auto bad = w.clone();
            bad[r][D - 1] = r == 0 ? INFINITY : NAN;
            QVERIFY2(!model::all_finite(bad), qPrintable(QString("row %1").arg(r)));
        }
        auto dest = torch::empty({rows, D}, torch::kBFloat16);
        model::copy_in_row_blocks(dest, w);
        QVERIFY(torch::equal(dest, w.to(torch::kBFloat16)));
        const auto q = model::quantize_rows(w);
        const auto scales = w.abs().amax(1) / 127.0f;
        QVERIFY(torch::allclose(q.scales, scales));
        QVERIFY(torch::equal(q.values, (w / scales.unsqueeze(1)).round().clamp(-127, 127).to(torch::kChar)));
        const auto before = w.clone();
        model::quantize_rows(w);
        QVERIFY(torch::equal(w, before));
    }

    void int8RowsEqualGemmOnTheDequantizedMatrix() {
        torch::NoGradGuard no_grad;
        torch::manual_seed(6);
        for (int width : {7, 64, 200, 1029}) {
            auto w = torch::randn({301, width});
            w[17].zero_();  // a zero row has no scale to take from it
            const auto q = model::quantize_rows(w);
            QCOMPARE(q.values.scalar_type(), torch::kChar);
            const auto back = model::dequantize_rows(q.values, q.scales, 0, 301);
            // Round to nearest: every weight within half a step of its row's scale, the zero row exact.
            const auto step_error = ((back - w).abs() / q.scales.unsqueeze(1)).max().item<float>();
            QVERIFY2(step_error <= 0.5f + 1e-4f, qPrintable(QString::number(step_error)));
            QVERIFY(torch::equal(back[17], torch::zeros({width})));
            const auto want = [&](const torch::Tensor& x) {
                return torch::mm(x.to(torch::kFloat64), back.to(torch::kFloat64).t()).to(torch::kFloat32);
            };
            for (int rows : {1, 2, 3, 6, 8}) {
                const auto x = torch::randn({rows, width});
                const float err = worst_relative(model::few_row_product(x, q.values, q.scales), want(x));
                QVERIFY2(err < 1e-5f, qPrintable(QString("R%1 D%2: %3").arg(rows).arg(width).arg(err)));
            }
            const auto b = torch::randn({301});
            for (std::int64_t rows : {1, 9, 300}) {  // the few-rows kernel and the widened GEMM
                const auto x = torch::randn({2, rows, width});
                const auto got = model::held_linear(x, q.values, b, q.scales);
                const float err = worst_relative(got, torch::linear(x, back, b));
                QVERIFY2(err < 1e-5f, qPrintable(QString("held rows %1 D%2: %3").arg(rows).arg(width).arg(err)));
            }
            // An embedding lookup of int8 rows.
            const auto ids = torch::tensor({{3, 17}, {300, 0}}, torch::kLong);
            const auto rows = model::gather_rows(q.values, q.scales, ids);
            QCOMPARE(rows.sizes().vec(), (std::vector<std::int64_t>{2, 2, width}));
            QVERIFY(torch::allclose(rows[1][0], back[300]));
        }
        const auto q = model::quantize_rows(torch::randn({4, 16}));
        QVERIFY_THROWS_EXCEPTION(Error, model::few_row_product(torch::randn({1, 16}), q.values));  // no scales
        QVERIFY_THROWS_EXCEPTION(Error, model::few_row_product(torch::randn({1, 16}), torch::randn({4, 16}), q.scales));
        QVERIFY_THROWS_EXCEPTION(Error, model::held_linear(torch::randn({1, 16}), q.values));
    }

    void fewRowsUseEveryThread() {
        // The decode kernel splits the weight rows over libtorch's threads; built without OpenMP the
        // split silently runs on one thread (decode was 2x slower on two cores before this was found).
        const int before = at::get_num_threads();
        at::set_num_threads(2);
        QCOMPARE(model::few_row_product_threads_used(), 2);
        at::set_num_threads(before);
    }

    void fewRowsRejectsWhatItCannotDo() {
        QVERIFY_THROWS_EXCEPTION(Error, model::few_row_product(torch::randn({9, 16}), torch::randn({4, 16})));
        QVERIFY_THROWS_EXCEPTION(Error, model::few_row_product(torch::randn({2, 16}), torch::randn({4, 15})));
        QVERIFY_THROWS_EXCEPTION(Error, model::few_row_product(torch::randn({2, 16}), torch::randn({4, 16}).to(torch::kFloat16)));
        const QString isa = model::few_row_product_isa();
        QVERIFY2(isa == "avx512f" || isa == "avx2" || isa == "baseline", qPrintable(isa));
        // EW_KERNEL_ISA=avx2 (ctest's test_held_linear_avx2) really runs the AVX2 path where the CPU has it.
        if (qgetenv("EW_KERNEL_ISA") == "avx2" && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) QCOMPARE(isa, QString("avx2"));
    }

    void heldLinearAllPathsAgree() {
        torch::NoGradGuard no_grad;
        torch::manual_seed(3);
        const auto w = torch::randn({96, 40}).to(torch::kBFloat16);
        const auto wide = w.to(torch::kFloat32);
        const auto b = torch::randn({96});
        for (std::int64_t rows : {1, 8, 9, 300}) {  // both sides of the few-rows boundary
            const auto x = torch::randn({1, rows, 40});
            const auto got = model::held_linear(x, w, b);
            const auto want = torch::linear(x, wide, b);
            QCOMPARE(got.sizes().vec(), want.sizes().vec());
            const float err = worst_relative(got, want);
            QVERIFY2(err < 1e-5f, qPrintable(QString("rows %1: %2").arg(rows).arg(err)));
        }
        // A 1-D input (one hidden state) keeps its shape: [D] -> [N].
        QCOMPARE(model::held_linear(torch::randn({40}), wide).sizes().vec(), (std::vector<std::int64_t>{96}));
    }

    void trainingKeepsTheGraph() {
        torch::manual_seed(4);
        auto w = torch::randn({12, 16}, torch::requires_grad());
        const auto x = torch::randn({2, 16});
        auto y = model::held_linear(x, w);
        y.sum().backward();
        QVERIFY(w.grad().defined());
        QVERIFY(torch::allclose(w.grad(), x.sum(0).expand({12, 16})));
    }

    void kvCacheAppendEqualsConcatenation() {
        torch::NoGradGuard no_grad;
        torch::manual_seed(5);
        model::KvCache cache;
        std::vector<torch::Tensor> pieces;
        // 300 positions in uneven steps force at least one regrowth past the first 256.
        for (int step : {7, 1, 1, 130, 1, 160}) {
            auto k = torch::randn({1, 2, step, 4});
            cache.append(0, k, k * 2);
            cache.append(1, k * 3, k * 4);
            pieces.push_back(k);
        }
        const auto all = torch::cat(pieces, 2);
        QCOMPARE(cache.keys[0].size(2), all.size(2));
        QVERIFY(torch::equal(cache.keys[0], all));
        QVERIFY(torch::equal(cache.values[0], all * 2));
        QVERIFY(torch::equal(cache.values[1], all * 4));
        // Truncate, then append: the new positions replace the dropped ones.
        cache.length = all.size(2);
        cache.truncate(10);
        QCOMPARE(cache.keys[1].size(2), std::int64_t{10});
        const auto fresh = torch::full({1, 2, 3, 4}, 7.0f);
        cache.append(1, fresh, fresh);
        QVERIFY(torch::equal(cache.keys[1].narrow(2, 0, 10), all.narrow(2, 0, 10) * 3));
        QVERIFY(torch::equal(cache.keys[1].narrow(2, 10, 3), fresh));
        cache.clear();
        QVERIFY(cache.keys.empty());
        cache.append(0, fresh, fresh);
        QVERIFY(torch::equal(cache.keys[0], fresh));
    }
};

QTEST_GUILESS_MAIN(TestHeldLinear)
#include "test_held_linear.moc"

// The CPU row-scores reference (the contract the CUDA kernel is tested against) equals torch's
// log-softmax: target log-probs, logsumexp and the top-k ids and values, on random logits with a
// tie, a row without a target and k larger than the vocabulary.
#include "cuda/fused_row_scores.h"

#include <cmath>
#include <torch/torch.h>  // before QtTest: Qt's "slots" macro breaks libtorch's headers

#include <QtTest>

class TestRowScores : public QObject {
    Q_OBJECT
private slots:
    void matchesLogSoftmax() {
        torch::manual_seed(3);
        const int rows = 5, vocab = 1000, k = 4;
        auto logits = torch::randn({rows, vocab}) * 3;
        logits[2][10] = 50;
        logits[2][11] = 50;  // a tie: the lower id comes first
        std::vector<std::int32_t> targets{7, -1, 11, 999, 0};
        std::vector<float> tl(rows), lse(rows), tv(rows * k);
        std::vector<std::int32_t> ti(rows * k);
        auto contiguous = logits.contiguous();
        ew::cuda::row_scores_cpu(contiguous.data_ptr<float>(), rows, vocab, targets.data(), k, tl.data(), lse.data(), ti.data(), tv.data());
        auto ref = torch::log_softmax(logits.to(torch::kFloat64), -1);
        auto ref_lse = torch::logsumexp(logits.to(torch::kFloat64), -1);
        for (int r = 0; r < rows; ++r) {
            QVERIFY(std::abs(lse[r] - ref_lse[r].item<double>()) < 1e-5);
            if (targets[r] < 0) QVERIFY(std::isnan(tl[r]));
            else QVERIFY(std::abs(tl[r] - ref[r][targets[r]].item<double>()) < 1e-5);
            auto [values, indices] = ref[r].topk(k);
            for (int j = 0; j < k; ++j) {
                QCOMPARE(ti[r * k + j], static_cast<std::int32_t>(indices[j].item<std::int64_t>()));
                QVERIFY(std::abs(tv[r * k + j] - values[j].item<double>()) < 1e-5);
            }
        }
        QCOMPARE(ti[2 * k], 10);
        QCOMPARE(ti[2 * k + 1], 11);
        std::vector<float> one(3);
        std::vector<std::int32_t> ids(16);
        std::vector<float> vals(16);
        const float tiny[3] = {1, 2, 3};
        const std::int32_t t = 2;
        float tlp, l;
        ew::cuda::row_scores_cpu(tiny, 1, 3, &t, 16, &tlp, &l, ids.data(), vals.data());  // k > vocab: clamped
        QCOMPARE(ids[0], 2);
        QCOMPARE(ids[2], 0);
    }
};

QTEST_GUILESS_MAIN(TestRowScores)
#include "test_row_scores.moc"

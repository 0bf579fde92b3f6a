// The Empower cut (Eq. 2) against its brute-force definition on random vectors, plus the edges:
// ties at exactly η, η = 0, empty suffix, bits vs nats, and invalid input.
#include "empower/threshold_cut.h"

#include <QtTest>
#include <cmath>
#include <limits>
#include <random>

using namespace ew::empower;

namespace {
// Literally Eq. 2: the largest i such that the NLL of the first i tokens is <= η.
std::size_t brute_force(const std::vector<double>& logprobs, double eta_nats) {
    std::size_t best = 0;
    for (std::size_t i = 0; i <= logprobs.size(); ++i) {
        double nll = 0;
        for (std::size_t j = 0; j < i; ++j) nll -= logprobs[j];
        if (nll <= eta_nats) best = i;
    }
    return best;
}
}  // namespace

class TestThresholdCut : public QObject {
    Q_OBJECT
private slots:
    void matchesBruteForceOnRandomVectors() {
        std::mt19937 rng(3);
        std::exponential_distribution<double> nll(0.7);
        std::uniform_real_distribution<double> eta(0.0, 20.0);
        for (int trial = 0; trial < 5000; ++trial) {
            std::vector<double> lp(rng() % 40);
            for (auto& x : lp) x = (rng() % 5 == 0) ? 0.0 : -nll(rng);  // some certain tokens
            const double e = trial % 10 == 0 ? 0.0 : eta(rng);
            QCOMPARE(threshold_cut(std::span<const double>(lp), e), brute_force(lp, e));
        }
    }
    void tieAtExactlyEtaIsKept() {
        std::vector<double> lp{-1.0, -1.0, -1.0};
        QCOMPARE(threshold_cut(std::span<const double>(lp), 2.0), std::size_t(2));
        QCOMPARE(threshold_cut(std::span<const double>(lp), 1.9999), std::size_t(1));
    }
    void etaZeroKeepsOnlyCertainTokens() {
        std::vector<double> lp{0.0, 0.0, -0.1, 0.0};
        QCOMPARE(threshold_cut(std::span<const double>(lp), 0.0), std::size_t(2));
    }
    void emptySuffix() {
        std::vector<double> lp;
        QCOMPARE(threshold_cut(std::span<const double>(lp), 5.0), std::size_t(0));
    }
    void infiniteEtaKeepsEverything() {
        std::vector<double> lp{-50.0, -60.0};
        QCOMPARE(threshold_cut(std::span<const double>(lp), std::numeric_limits<double>::infinity()), std::size_t(2));
    }
    void bitsAreConvertedToNats() {
        std::vector<double> lp{-std::log(2.0), -std::log(2.0), -std::log(2.0)};  // one bit each
        QCOMPARE(threshold_cut(std::span<const double>(lp), 2.0, NllUnit::Bits), std::size_t(2));
        QCOMPARE(threshold_cut(std::span<const double>(lp), 2.0, NllUnit::Nats), std::size_t(2));  // 2 nats ≈ 2.885 bits
        QCOMPARE(threshold_cut(std::span<const double>(lp), 1.0, NllUnit::Nats), std::size_t(1));
        QCOMPARE(parse_unit("bits"), std::optional<NllUnit>(NllUnit::Bits));
        QVERIFY(!parse_unit("furlongs").has_value());
    }
    void floatOverloadAgrees() {
        std::vector<float> lpf{-0.5f, -0.25f, -3.0f};
        QCOMPARE(threshold_cut(std::span<const float>(lpf), 1.0), std::size_t(2));
    }
    void rejectsInvalidInput() {
        const double nan = std::numeric_limits<double>::quiet_NaN(), inf = std::numeric_limits<double>::infinity();
        for (auto bad : {std::vector<double>{-1.0, nan}, std::vector<double>{-inf}, std::vector<double>{inf},
                         std::vector<double>{-1.0, 0.5}}) {
            QVERIFY_THROWS_EXCEPTION(std::invalid_argument, threshold_cut(std::span<const double>(bad), 100.0));
        }
        std::vector<double> ok{-1.0};
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, threshold_cut(std::span<const double>(ok), -1.0));
        QVERIFY_THROWS_EXCEPTION(std::invalid_argument, threshold_cut(std::span<const double>(ok), nan));
        // Float noise just above zero is a certain token, not an error.
        std::vector<double> noise{1e-7, -1.0};
        QCOMPARE(threshold_cut(std::span<const double>(noise), 0.5), std::size_t(1));
    }
    void cumulativeNll() {
        std::vector<double> lp{-1.0, -0.5, 0.0};
        QCOMPARE(cumulative_nll(lp), (std::vector<double>{1.0, 1.5, 1.5}));
    }
};

QTEST_GUILESS_MAIN(TestThresholdCut)
#include "test_threshold_cut.moc"

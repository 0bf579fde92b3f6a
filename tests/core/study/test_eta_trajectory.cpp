// Empower-auto as a study arm: the `eta_adapted` events of a phase, replayed, give back exactly the
// calibrator the session had (same η, same state), other phases' events are not mixed in, the
// trajectory lists each judgement with its η, and a damaged payload is named, not guessed at.
#include "study/eta_trajectory.h"
#include "support/error.h"

#include <QtTest>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

using namespace ew;
using namespace ew::study;

namespace {
// A suggestion whose tokens cost ~1 nat each, and a user who keeps tokens up to ~3 nats.
empower::SuggestionProfile suggestion(std::mt19937& rng) {
    std::exponential_distribution<double> nll(1.0);
    empower::SuggestionProfile p;
    double c = 0;
    for (int i = 0; i < 24; ++i) {
        c += nll(rng);
        p.cumulative_nll.push_back(c);
        p.chars.push_back(std::size_t(1 + i % 5));
    }
    return p;
}
}  // namespace

class TestEtaTrajectory : public QObject {
    Q_OBJECT
private slots:
    void replayGivesBackTheSessionsState() {
        empower::AdaptiveEtaOptions options;
        options.prior_eta = 12;
        empower::AdaptiveEta live(options);
        std::vector<StudyEvent> log;
        std::mt19937 rng(5);
        std::int64_t seq = 0;
        for (int i = 0; i < 30; ++i) {
            auto p = suggestion(rng);
            std::size_t shown = 0;
            while (shown < p.cumulative_nll.size() && p.cumulative_nll[shown] <= live.eta()) ++shown;
            std::size_t kept = 0;
            while (kept < shown && p.cumulative_nll[kept] < 3.0) ++kept;
            const double before = live.eta();
            const double after = live.observe(p, shown, kept);
            StudyEvent e;
            e.seq = ++seq;
            e.phase = 1;
            e.slot = 1;
            e.type = event::kEtaAdapted;
            e.payload = eta_adapted_payload(p, shown, kept, before, after);
            log.push_back(e);
            // Another phase's judgements (another arm) in between must not count.
            if (i % 3 == 0) {
                e.seq = ++seq;
                e.phase = 2;
                e.payload = eta_adapted_payload(p, shown, 0, 12, 12);
                log.push_back(e);
            }
            log.push_back(StudyEvent{0, ++seq, 0, 1, 1, event::kTyped, 0, "x", 0, ""});
        }
        QVERIFY2(live.eta() < 12, "a user who keeps little should pull η below the prior");
        const auto replayed = replay_adaptive_eta(log, 1, options);
        QCOMPARE(replayed.eta(), live.eta());
        QCOMPARE(replayed.to_json().dump(), live.to_json().dump());
        QCOMPARE(replay_adaptive_eta(log, 0, options).eta(), 12.0);  // no judgements: the prior

        const auto points = eta_trajectory(log);
        QCOMPARE(points.size(), std::size_t(30 + 10));
        std::size_t phase1 = 0;
        for (const auto& p : points)
            if (p.phase == 1) QCOMPARE(p.judged, ++phase1);
        QCOMPARE(phase1, std::size_t(30));
        QCOMPARE(points.back().phase == 1 ? points.back().eta : points[points.size() - 2].eta, live.eta());
    }

    void aDamagedPayloadIsNamed() {
        std::vector<StudyEvent> log(1);
        log[0].seq = 17;
        log[0].phase = 1;
        log[0].type = event::kEtaAdapted;
        for (const char* payload : {"not json", R"({"eta":4})", R"({"eta":4,"shown":3,"kept":1,"cumulative_nll":[1,2],"chars":[1,1]})",
                                    R"({"eta":4,"shown":2,"kept":3,"cumulative_nll":[1,2],"chars":[1,1]})"}) {
            log[0].payload = payload;
            try {
                replay_adaptive_eta(log, 1, {});
                QFAIL(payload);
            } catch (const Error& e) {
                QVERIFY2(std::string(e.what()).find("study event 17") != std::string::npos, e.what());
            }
            QVERIFY(eta_trajectory(log).empty());  // the report skips it
        }
    }
};

QTEST_GUILESS_MAIN(TestEtaTrajectory)
#include "test_eta_trajectory.moc"

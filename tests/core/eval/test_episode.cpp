// The simulated-human MDP and its metrics on hand-computed episodes: the replay human with a
// scripted assistant produces exactly the expected actions and tokens read/written; the noisy
// human deletes wrong tails; accept ratio, DPR and standard errors match hand computation.
#include "eval/episode.h"
#include "eval/episode_log.h"
#include "support/error.h"
#include "support/file_io.h"
#include "eval/metrics.h"
#include "eval/patient_replay_human.h"
#include "eval/seeded_noisy_human.h"
#include "support/tiny_model.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <map>
#include <set>

using namespace ew;
using namespace ew::eval;

class TestEpisode : public QObject {
    Q_OBJECT
    text::BpeTokenizer tok_ = testing::tiny_tokenizer();
    const std::string reference_ = "n = int(input())\nprint(n * 2)\n";

    int tokens(const std::string& s) { return static_cast<int>(tok_.encode(s).size()); }

    Assistant scripted(std::vector<std::string> script) {
        auto shared = std::make_shared<std::vector<std::string>>(std::move(script));
        auto round = std::make_shared<std::size_t>(0);
        return [shared, round](const std::string&) { return *round < shared->size() ? (*shared)[(*round)++] : std::string(); };
    }

private slots:
    void replayHumanWithScriptedAssistant() {
        ReplayHuman human(reference_, tok_);
        EpisodeOptions options;
        options.human_tokens_per_turn = 3;
        // Round 1: a correct suggestion; round 2: a wrong one; then nothing.
        auto e = run_episode("p", "", scripted({"n = int(", "print(x)"}), human, tok_, options);
        QCOMPARE(e.final_code, reference_);
        QCOMPARE(e.suggestions_shown, 2);
        QCOMPARE(e.accepted, 1);
        QCOMPARE(int(e.steps[0].action), int(HumanAction::Accept));
        QCOMPARE(e.steps[0].kept, std::string("n = int("));
        QCOMPARE(int(e.steps[1].action), int(HumanAction::Reject));
        QCOMPARE(e.tokens_read, tokens("n = int(") + tokens("print(x)"));
        // The human wrote the rest, K_H = 3 tokens of the reference per round.
        const std::string rest = reference_.substr(std::string("n = int(").size());
        const auto ids = tok_.encode(rest);
        QCOMPARE(e.tokens_written, static_cast<int>(ids.size()));
        QCOMPARE(e.steps[0].written, tok_.token_bytes(ids[0]) + tok_.token_bytes(ids[1]) + tok_.token_bytes(ids[2]));
        QCOMPARE(e.steps[0].tokens_written, 3);
        QCOMPARE(int(e.steps.back().action), int(HumanAction::Finish));
    }

    void acceptanceModuloWhitespace() {
        ReplayHuman human(reference_, tok_);
        auto d = human.decide("", "n=int(input())");
        QCOMPARE(int(d.action), int(HumanAction::Accept));
        QCOMPARE(d.kept, std::string("n = int(input())"));  // the reference's own spacing stays
        QCOMPARE(int(human.decide("", "m = ").action), int(HumanAction::Reject));
        QVERIFY(equal_modulo_whitespace("a = 1\n", "a=1"));
    }

    void noisyHumanDeletesTheWrongTail() {
        NoisyReplayHuman human(reference_, tok_, 0.5);
        auto e = run_episode("p", "", scripted({"n = int(input())\nprint(n + 1)"}), human, tok_, {});
        QCOMPARE(e.accepted, 1);
        QCOMPARE(e.steps[0].kept, std::string("n = int(input())\nprint(n "));
        QCOMPARE(e.steps[0].deleted_chars, 4);  // "+ 1)"
        QCOMPARE(e.deleted_chars, 4);
        QCOMPARE(e.final_code, reference_);
        // Less than half right: rejected.
        QCOMPARE(int(human.decide("", "n = 5; print(10)").action), int(HumanAction::Reject));
    }

    // The seeded population: each seed is one reproducible person; its choices follow the stated
    // rates (overlooks 10 % of correct suggestions, keeps a partly right one as often as it is
    // right, types K_H/2 .. 3K_H/2 tokens), checked over 4,000 draws against binomial bounds.
    void seededNoisyHumanVariesAsStated() {
        const auto decisions = [&](std::uint64_t seed, const std::string& problem) {
            SeededNoisyReplayHuman human(reference_, tok_, seed, problem);
            std::string out;
            for (int i = 0; i < 64; ++i) out += human.decide("", "n = int(").action == HumanAction::Accept ? 'a' : 'r';
            return out;
        };
        QCOMPARE(decisions(3, "p"), decisions(3, "p"));
        QVERIFY(decisions(3, "p") != decisions(4, "p"));
        QVERIFY(decisions(3, "p") != decisions(3, "q"));

        SeededNoisyReplayHuman human(reference_, tok_, 11, "p");
        const int n = 4000;
        int exact = 0, partial = 0, none = 0;
        for (int i = 0; i < n; ++i) {
            exact += human.decide("", "n = int(input())").action == HumanAction::Accept;
            // 8 of 16 characters continue the reference: kept half the time, its right half only.
            const auto d = human.decide("", "n = int(XXXXXXXX");
            if (d.action == HumanAction::Accept) {
                ++partial;
                QCOMPARE(d.kept, std::string("n = int("));
            }
            none += human.decide("", "m = 5").action == HumanAction::Accept;
        }
        // 4 standard deviations: sqrt(4000 · 0.09) ≈ 19, sqrt(4000 · 0.25) ≈ 32.
        QVERIFY2(std::abs(exact - 0.9 * n) < 4 * 19, qPrintable(QString::number(exact)));
        QVERIFY2(std::abs(partial - 0.5 * n) < 4 * 32, qPrintable(QString::number(partial)));
        QCOMPARE(none, 0);
        std::set<int> lengths;
        const std::string long_reference(400, 'x');
        SeededNoisyReplayHuman typist(long_reference, tok_, 5, "p");
        for (int i = 0; i < 400; ++i) lengths.insert(tokens(typist.write("", 10)));
        QCOMPARE(*lengths.begin(), 5);
        QCOMPARE(*lengths.rbegin(), 15);
    }

    // The patient-replay human keeps token after token while they continue its reference and it has
    // not given up (probability σ(a − b·c) per token); an impatient one keeps less of the same
    // suggestions; a wrong token ends what it keeps; the decision observer sees every decision.
    void patientHumanKeepsLessWhenImpatient() {
        const std::string suggestion = "n = int(input())\n";  // continues the reference exactly
        empower::SuggestionProfile profile;
        for (std::size_t i = 1; i <= suggestion.size(); ++i) {
            profile.cumulative_nll.push_back(0.8 * double(i));
            profile.chars.push_back(1);
            profile.text_ends.push_back(i);
        }
        profile.shown = suggestion.size();
        std::map<std::string, double> mean_kept;
        for (const char* name : {"impatient", "patient"}) {
            double total = 0;
            for (int trial = 0; trial < 200; ++trial) {
                PatientReplayHuman human(reference_, tok_, 3, "problem-" + std::to_string(trial), *Patience::named(name), [&] { return profile; });
                const auto d = human.decide("", suggestion);
                if (d.action == HumanAction::Accept) {
                    QVERIFY(suggestion.starts_with(d.kept));
                    total += double(d.kept.size());
                }
            }
            mean_kept[name] = total / 200;
        }
        QVERIFY2(mean_kept["impatient"] < 0.5 * mean_kept["patient"],
                 qPrintable(QString("%1 vs %2").arg(mean_kept["impatient"]).arg(mean_kept["patient"])));
        // The same person (seed, problem) decides the same way; a wrong token stops what it keeps.
        const auto decide = [&](const std::string& shown) {
            PatientReplayHuman human(reference_, tok_, 5, "p", Patience{20.0, 0.0}, [&] { return profile; });  // never gives up
            return human.decide("", shown);
        };
        QCOMPARE(decide(suggestion).kept, suggestion);
        QCOMPARE(decide("n = int(x)\n").kept, std::string("n = int("));
        QCOMPARE(int(decide("m = 2\n").action), int(HumanAction::Reject));
        QVERIFY(!Patience::named("saintly"));

        ReplayHuman replay(reference_, tok_);
        int observed = 0;
        EpisodeOptions options;
        options.human_tokens_per_turn = 3;
        run_episode("p", "", scripted({"n = int(", "print(x)"}), replay, tok_, options, [&](const std::string& shown, const SimulatedHuman::Decision& d, EpisodeStep& step) {
            ++observed;
            QVERIFY(!shown.empty());
            QCOMPARE(int(d.action), observed == 1 ? int(HumanAction::Accept) : int(HumanAction::Reject));
            step.eta = 2.5;
        });
        QCOMPARE(observed, 2);
    }

    void logRoundTripAndStepReplay() {
        // The episode viewer's contract: the log reads back to the same episode, and replaying
        // the steps from the starter reproduces the code at every step and the final code.
        const std::string starter = "# solve\n";
        NoisyReplayHuman human(starter + reference_, tok_, 0.5);
        EpisodeOptions options;
        options.human_tokens_per_turn = 2;
        auto e = run_episode("p", starter, scripted({"n = int(input())\nprint(n + 1)", "zzz"}), human, tok_, options);
        QTemporaryDir dir;
        const auto path = std::filesystem::path(dir.path().toStdString()) / "episodes.jsonl";
        write_file_atomic(path, episode_to_json(e).dump() + "\n\n" + episode_to_json(e).dump() + "\n");
        const auto back = read_episode_log(path);
        QCOMPARE(back.size(), std::size_t(2));
        QCOMPARE(back[0].starter, starter);
        QCOMPARE(back[0].steps.size(), e.steps.size());
        QCOMPARE(back[0].deleted_chars, e.deleted_chars);
        QCOMPARE(code_before_step(back[0], 0), starter);
        for (std::size_t i = 0; i + 1 < back[0].steps.size(); ++i)
            QCOMPARE(code_before_step(back[0], i + 1), code_after_step(back[0], i));
        QCOMPARE(code_after_step(back[0], back[0].steps.size() - 1), e.final_code);
        QVERIFY_THROWS_EXCEPTION(ew::Error, code_before_step(back[0], 99));

        write_file_atomic(path, episode_to_json(e).dump() + "\n{\"problem\": 3}\n");
        try {
            read_episode_log(path);
            QFAIL("read a malformed episode");
        } catch (const ew::Error& ex) {
            QVERIFY(std::string(ex.what()).find("line 2") != std::string::npos);
        }
    }

    void roundCapStopsTheEpisode() {
        ReplayHuman human(reference_, tok_);
        EpisodeOptions options;
        options.human_tokens_per_turn = 1;
        options.max_rounds = 3;
        auto e = run_episode("p", "", scripted({}), human, tok_, options);
        QCOMPARE(e.steps.size(), std::size_t(3));
        QCOMPARE(e.tokens_written, 3);
        QVERIFY(e.final_code.size() < reference_.size());
    }

    void metricsByHand() {
        QCOMPARE(discounted_pass_rate(false, 10, 10), 0.0);
        QVERIFY(std::abs(discounted_pass_rate(true, 20, 30) - std::pow(0.999, 0.1 * 20 + 0.5 * 30)) < 1e-12);
        DprWeights w{0.9, 1.0, 2.0};
        QVERIFY(std::abs(discounted_pass_rate(true, 1, 1, w) - std::pow(0.9, 3.0)) < 1e-12);
        auto m = mean_with_error({1, 0, 1, 1});
        QCOMPARE(m.mean, 0.75);
        QVERIFY(std::abs(m.standard_error - 0.25) < 1e-12);

        Episode a, b;
        a.passed = true;
        a.suggestions_shown = 4;
        a.accepted = 1;
        a.tokens_read = 10;
        a.tokens_written = 20;
        b.passed = false;
        b.suggestions_shown = 2;
        b.accepted = 2;
        auto s = summarize({a, b});
        QCOMPARE(s.pass_at_1.mean, 0.5);
        QCOMPARE(s.accept_ratio.mean, (0.25 + 1.0) / 2);
        QCOMPARE(s.pooled_accept_ratio, 3.0 / 6.0);
        QVERIFY(std::abs(s.dpr.mean - std::pow(0.999, 1.0 + 10.0) / 2) < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestEpisode)
#include "test_episode.moc"

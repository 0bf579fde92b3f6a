// "--weights auto" (core/lm/auto_weights.h) keeps exact kinds and uses a kind that rounds only when
// this checkpoint's recorded agreement says its Empower cuts stay put; it times what it may choose
// and says why. The agreement itself is measured on real forward passes, recorded per checkpoint in
// the cache, and forgotten when the checkpoint changes or the record is damaged.
#include "lm/auto_weights.h"
#include "lm/transformer_language_model.h"
#include "lm/weight_agreement.h"
#include "model/weight_kind_speed.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/tiny_model.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>

using namespace ew;
namespace fs = std::filesystem;

class TestAutoWeights : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    fs::path path(const std::string& name) const { return fs::path(tmp_.path().toStdString()) / name; }

    static lm::WeightKindAgreement agreement(const std::string& kind, double eta8, double eta16) {
        return {kind, 200, 0.05, eta8, eta16};
    }

    // Code long enough for several 128-token cases with the tiny tokenizer.
    static std::vector<std::string> code() {
        std::string text;
        for (int i = 0; i < 6; ++i)
            for (const auto& snippet : testing::tiny_corpus()) text += snippet + "\n";
        return {text};
    }

private slots:
    void initTestCase() {
        QVERIFY(tmp_.isValid());
        // Never the user's own cache: records written here stay in the test's folder.
        qputenv("EW_CACHE_DIR", QByteArray::fromStdString(path("cache").string()));
    }

    void exactKindsAlwaysRoundingKindsOnlyWithAgreement() {
        const std::vector<lm::WeightCandidate> fp32_checkpoint = {{"fp32", true, true, 10}, {"bf16", false, true, 5}, {"int8", false, true, 3}};
        auto c = lm::choose_auto_weights(fp32_checkpoint, {});
        QCOMPARE(c.kind, std::string("fp32"));
        QVERIFY2(c.reason.find("bf16 has no recorded agreement") != std::string::npos, c.reason.c_str());
        QVERIFY2(c.reason.find("int8 has no recorded agreement") != std::string::npos, c.reason.c_str());

        lm::AgreementRecord record{{agreement("bf16", 1, 1), agreement("int8", 0.98, 1)}, {}};
        c = lm::choose_auto_weights(fp32_checkpoint, record);
        QCOMPARE(c.kind, std::string("bf16"));  // int8 is faster, but moves 2 % of cuts at eta 8
        QVERIFY2(c.reason.find("int8 moves cuts (98% identical at eta 8, 100% at 16; 99% needed)") != std::string::npos, c.reason.c_str());
        QVERIFY2(c.reason.find("fastest per suggestion-sized product: fp32 10.00 ms bf16 5.00 ms") != std::string::npos, c.reason.c_str());

        record.agreements[1] = agreement("int8", 0.99, 0.995);  // exactly the bar: agrees
        QCOMPARE(lm::choose_auto_weights(fp32_checkpoint, record).kind, std::string("int8"));
        record.agreements[1] = agreement("int8", 1, 0.985);     // either eta failing is enough
        QCOMPARE(lm::choose_auto_weights(fp32_checkpoint, record).kind, std::string("bf16"));
        const lm::WeightKindAgreement no_cases{"int8", 0, 0, 1, 1};
        QVERIFY(!no_cases.agrees());  // no evidence
    }

    void memoryAndSpeedDecideAmongExactKinds() {
        // A bf16 checkpoint: bf16 and fp32 compute the same; the faster wins, if it fits.
        std::vector<lm::WeightCandidate> bf16_checkpoint = {{"bf16", true, true, 4}, {"fp32", true, true, 7}, {"int8", false, true, 2}};
        QCOMPARE(lm::choose_auto_weights(bf16_checkpoint, {}).kind, std::string("bf16"));
        bf16_checkpoint[1].suggestion_ms = 3;
        QCOMPARE(lm::choose_auto_weights(bf16_checkpoint, {}).kind, std::string("fp32"));
        bf16_checkpoint[1].fits_memory = false;
        const auto c = lm::choose_auto_weights(bf16_checkpoint, {});
        QCOMPARE(c.kind, std::string("bf16"));
        QVERIFY2(c.reason.find("the only kind that may be used") != std::string::npos, c.reason.c_str());
        QVERIFY2(c.reason.find("fp32 does not fit in memory") != std::string::npos, c.reason.c_str());

        // Nothing may be used (float32 does not fit, nothing calibrated): as stored, and the load's
        // memory check then refuses in its own words.
        const std::vector<lm::WeightCandidate> none = {{"fp32", true, false, -1}, {"bf16", false, true, -1}};
        const auto fallback = lm::choose_auto_weights(none, {{}, "record.json: unreadable"});
        QCOMPARE(fallback.kind, std::string("fp32"));
        QVERIFY2(fallback.reason.find("no kind may be used") != std::string::npos, fallback.reason.c_str());
        QVERIFY2(fallback.reason.find("record.json: unreadable") != std::string::npos, fallback.reason.c_str());
        QVERIFY_THROWS_EXCEPTION(Error, lm::choose_auto_weights({}, {}));
    }

    void comparingLogprobsCountsMovedCuts() {
        // Ten tokens of 1 nat each: the cut at eta 8 keeps 8, at eta 16 all 10.
        const std::vector<std::vector<float>> reference(4, std::vector<float>(10, -1.0f));
        auto candidate = reference;
        auto same = lm::compare_logprobs("bf16", reference, candidate);
        QCOMPARE(same.cases, std::size_t{4});
        QCOMPARE(same.max_abs_delta_logprob, 0.0);
        QCOMPARE(same.identical_cuts_eta8, 1.0);
        QCOMPARE(same.identical_cuts_eta16, 1.0);
        candidate[2][0] = -1.5f;  // eta 8 now keeps 7 tokens in case 2; eta 16 still all
        const auto moved = lm::compare_logprobs("bf16", reference, candidate);
        QCOMPARE(moved.max_abs_delta_logprob, 0.5);
        QCOMPARE(moved.identical_cuts_eta8, 0.75);
        QCOMPARE(moved.identical_cuts_eta16, 1.0);
        QVERIFY(!moved.agrees());
        candidate.pop_back();
        QVERIFY_THROWS_EXCEPTION(Error, lm::compare_logprobs("bf16", reference, candidate));
    }

    void casesFitTheWindowAndSpreadOverTheTexts() {
        const auto tok = testing::tiny_tokenizer();
        const auto texts = code();
        const auto n = tok.encode(texts[0]).size();
        QVERIFY2(n > 400, qPrintable(QString::number(n)));
        const auto all = lm::agreement_cases(tok, texts, 100000, 128);
        std::size_t expected = 0;  // one every 32 tokens from the 64th, each with 64 tokens to score
        for (std::size_t at = 64; at + 64 <= n; at += 32) ++expected;
        QCOMPARE(all.size(), expected);
        for (const auto& c : all) {
            QCOMPARE(c.continuation.size(), std::size_t{64});
            QVERIFY(c.context.size() + c.continuation.size() + 1 <= 128);  // BOS included
        }
        const auto wide = lm::agreement_cases(tok, texts, 100000, 4096);
        QCOMPARE(wide.back().context.size(), std::size_t{256});
        const auto few = lm::agreement_cases(tok, texts, 3, 128);
        QCOMPARE(few.size(), std::size_t{3});
        QCOMPARE(few.back().continuation, all[2 * all.size() / 3].continuation);  // spread, not the first three
        QVERIFY_THROWS_EXCEPTION(Error, lm::agreement_cases(tok, texts, 10, 60));
    }

    void agreementIsMeasuredRecordedAndForgottenWithTheCheckpoint() {
        const auto dir = path("tiny");
        testing::write_tiny_model_dir(dir, 7);
        lm::AgreementOptions o;
        o.kinds = {"fp32", "bf16"};
        o.texts = code();
        std::vector<std::string> reported;
        o.progress = [&](const std::string& kind, std::size_t done, std::size_t all) {
            QCOMPARE(all, std::size_t{2});
            QCOMPARE(done, reported.size() + 1);
            reported.push_back(kind);
        };
        const std::atomic<bool> never{false};
        const auto measured = lm::measure_weight_agreement(dir, o, never);
        QCOMPARE(reported, o.kinds);
        QCOMPARE(measured.size(), std::size_t{2});
        QCOMPARE(measured[0].max_abs_delta_logprob, 0.0);  // fp32 against itself: exact, every cut kept
        QCOMPARE(measured[0].identical_cuts_eta8, 1.0);
        QVERIFY(measured[0].agrees());
        QVERIFY2(measured[1].max_abs_delta_logprob > 0 && measured[1].max_abs_delta_logprob < 0.1,
                 qPrintable(QString::number(measured[1].max_abs_delta_logprob)));
        QVERIFY(measured[1].cases > 4);

        QVERIFY(lm::read_agreement_record(dir).agreements.empty());
        lm::write_agreement_record(dir, measured);
        const auto record_path = lm::agreement_record_path(dir);
        QVERIFY(record_path.string().starts_with(path("cache").string()));
        auto back = lm::read_agreement_record(dir);
        QVERIFY(back.problem.empty());
        QCOMPARE(back.agreements.size(), std::size_t{2});
        QCOMPARE(back.agreements[1].kind, std::string("bf16"));
        QCOMPARE(back.agreements[1].cases, measured[1].cases);
        QCOMPARE(back.agreements[1].identical_cuts_eta8, measured[1].identical_cuts_eta8);

        // A damaged record is no record, and says so.
        write_file_atomic(record_path, "{\"checkpoint\": 12");
        back = lm::read_agreement_record(dir);
        QVERIFY(back.agreements.empty());
        QVERIFY2(back.problem.find("unreadable weight agreement record") != std::string::npos, back.problem.c_str());
        lm::write_agreement_record(dir, measured);
        // The checkpoint rewritten in place: the record described other weights.
        testing::write_tiny_model_dir(dir, 8);
        QVERIFY(lm::read_agreement_record(dir).agreements.empty());

        // Cancelled: nothing measured, nothing claimed.
        const std::atomic<bool> cancelled{true};
        QVERIFY(lm::measure_weight_agreement(dir, o, cancelled).empty());
    }

    void speedIsMeasuredPerKindAndRemembered() {
        for (const std::string kind : {"fp32", "bf16", "int8"}) {
            const auto s = model::measure_weight_kind_speed(96, 64, kind);
            QVERIFY(s.decode_ms > 0 && std::isfinite(s.decode_ms));
            QVERIFY(s.prefill_ms > 0 && std::isfinite(s.prefill_ms));
            const auto again = model::measure_weight_kind_speed(96, 64, kind);
            QCOMPARE(again.decode_ms, s.decode_ms);  // timed once per process and shape
        }
        QVERIFY_THROWS_EXCEPTION(Error, model::measure_weight_kind_speed(96, 64, "fp16"));
    }

    void loadingWithAutoTimesWhatMayBeUsedAndSaysWhy() {
        // Large enough (> 64 MiB in float32) that auto times its candidates; float32 on disk.
        auto config = testing::tiny_config(testing::tiny_tokenizer().vocab_size());
        config.hidden_size = 512;
        config.intermediate_size = 2048;
        config.num_hidden_layers = 5;
        config.num_attention_heads = 8;
        config.num_key_value_heads = 4;
        QVERIFY(std::uint64_t(config.parameter_count()) * 4 > lm::kAutoWeightsTimingFloor);
        const auto dir = path("large");
        lm::TransformerLanguageModel::create_random(config, testing::tiny_tokenizer(), 3, "large")->save(dir);

        auto model = lm::TransformerLanguageModel::load(dir);
        QVERIFY2(model->weight_format().starts_with("fp32 weights"), model->weight_format().c_str());
        QVERIFY2(model->weight_format().ends_with(", auto"), model->weight_format().c_str());
        auto provenance = model->weights_provenance();
        QVERIFY2(provenance.find("auto: fp32, the only kind that may be used") != std::string::npos, provenance.c_str());
        QVERIFY2(provenance.find("bf16 has no recorded agreement") != std::string::npos, provenance.c_str());

        lm::write_agreement_record(dir, {agreement("bf16", 1, 1), agreement("int8", 0.9, 0.97)});
        model = lm::TransformerLanguageModel::load(dir);
        provenance = model->weights_provenance();
        QVERIFY2(provenance.find("fastest per suggestion-sized product: fp32 ") != std::string::npos, provenance.c_str());
        QVERIFY2(provenance.find(" bf16 ") != std::string::npos, provenance.c_str());
        QVERIFY2(provenance.find("int8 moves cuts") != std::string::npos, provenance.c_str());
        const bool as_bf16 = provenance.find("auto: bf16,") != std::string::npos;
        QVERIFY2(as_bf16 || provenance.find("auto: fp32,") != std::string::npos, provenance.c_str());
        QVERIFY2(model->weight_format().starts_with(as_bf16 ? "bf16 weights" : "fp32 weights"), provenance.c_str());

        // An explicit kind is taken as given: no timing, no reason.
        lm::LoadOptions explicit_int8;
        explicit_int8.weights = "int8";
        model = lm::TransformerLanguageModel::load(dir, explicit_int8);
        QCOMPARE(model->weights_provenance(), model->weight_format());
        QVERIFY(model->weight_format().starts_with("int8 weights"));
    }
};

QTEST_GUILESS_MAIN(TestAutoWeights)
#include "test_auto_weights.moc"

// Dataset builders obey their definitions on a real (small, random) likelihood model:
// Empower = Algorithm 1 as written, SFT-N = next N tokens, SFT-RAND lengths in [a, b],
// seeds reproduce, every method shares the prefix positions, JSONL carries provenance.
#include "empower/algorithm1_reference.h"
#include "empower/dataset_builder.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/tiny_model.h"

#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>
#include <set>
#include <sstream>

using namespace ew;
using namespace ew::empower;

class TestDatasetBuilder : public QObject {
    Q_OBJECT
    std::shared_ptr<lm::TransformerLanguageModel> model_ = testing::tiny_model(9);
    std::vector<CorpusProgram> programs_;
    QTemporaryDir tmp_;

private slots:
    void initTestCase() {
        int i = 0;
        for (int copy = 0; copy < 4; ++copy)
            for (const auto& d : testing::tiny_corpus()) programs_.push_back({"p" + std::to_string(i++), d, {}});
    }

    void empowerEqualsAlgorithm1AsWritten() {
        auto spec = DatasetSpec::parse_method("empower");
        spec.eta = 14.0;
        spec.seed = 5;
        spec.max_completion_tokens = 24;
        spec.batch_size = 5;
        auto fast = build_dataset(programs_, spec, *model_);
        spec.algorithm1_as_written = true;
        auto slow = build_dataset(programs_, spec, *model_);
        QCOMPARE(fast.size(), programs_.size());
        int inside = 0;
        for (std::size_t i = 0; i < fast.size(); ++i) {
            QCOMPARE(fast[i].prefix, slow[i].prefix);
            QCOMPARE(fast[i].completion_tokens, slow[i].completion_tokens);
            QCOMPARE(fast[i].completion, slow[i].completion);
            QVERIFY(fast[i].completion_nll_nats <= 14.0);
            inside += fast[i].completion_tokens > 0 && fast[i].completion_tokens < 24;
            // prefix + completion is a prefix of the program: the completion is what the human wrote next
            QVERIFY(programs_[i].text.starts_with(fast[i].prefix + fast[i].completion));
        }
        QVERIFY2(inside > 3, "some cuts should fall strictly inside the suffix");
    }

    void sftLengthsFollowTheirDefinitions() {
        auto sft = DatasetSpec::parse_method("sft-10");
        sft.seed = 1;
        for (const auto& e : build_dataset(programs_, sft, *model_)) {
            QVERIFY(e.completion_tokens <= 10);
            QVERIFY(e.completion_tokens >= 1);
        }
        auto rnd = DatasetSpec::parse_method("sft-rand-2-6");
        QCOMPARE(rnd.rand_min, 2);
        QCOMPARE(rnd.rand_max, 6);
        std::set<int> lengths;
        for (const auto& e : build_dataset(programs_, rnd, *model_)) {
            QVERIFY(e.completion_tokens <= 6);
            lengths.insert(e.completion_tokens);
        }
        QVERIFY2(lengths.size() >= 3, "lengths should vary");
        QVERIFY_THROWS_EXCEPTION(Error, DatasetSpec::parse_method("sft-rand-5-2"));
        QVERIFY_THROWS_EXCEPTION(Error, DatasetSpec::parse_method("random"));
    }

    void sftNTakesExactlyTheNextNTokensWhenAvailable() {
        auto sft = DatasetSpec::parse_method("sft-3");
        sft.seed = 2;
        const auto& tok = model_->tokenizer();
        auto examples = build_dataset(programs_, sft, *model_);
        for (std::size_t i = 0; i < examples.size(); ++i) {
            const auto total = static_cast<int>(tok.encode(programs_[i].text).size());
            QCOMPARE(examples[i].completion_tokens, std::min(3, total - examples[i].prefix_tokens));
        }
    }

    void seedsReproduceAndMethodsSharePrefixes() {
        auto a = DatasetSpec::parse_method("sft-5");
        a.seed = 11;
        auto e1 = build_dataset(programs_, a, *model_), e2 = build_dataset(programs_, a, *model_);
        auto b = a;
        b.seed = 12;
        auto e3 = build_dataset(programs_, b, *model_);
        auto emp = DatasetSpec::parse_method("empower");
        emp.seed = 11;
        auto e4 = build_dataset(programs_, emp, *model_);
        int differ = 0;
        for (std::size_t i = 0; i < e1.size(); ++i) {
            QCOMPARE(e1[i].prefix, e2[i].prefix);
            QCOMPARE(e1[i].completion, e2[i].completion);
            QCOMPARE(e1[i].prefix, e4[i].prefix);  // same seed, same states, whatever the method
            differ += e1[i].prefix != e3[i].prefix;
        }
        QVERIFY(differ > 0);
    }

    void jsonlCarriesProvenance() {
        auto spec = DatasetSpec::parse_method("empower");
        spec.eta = 3.0;
        spec.unit = NllUnit::Bits;
        spec.seed = 4;
        auto examples = build_dataset(programs_, spec, *model_);
        const auto path = std::filesystem::path(tmp_.path().toStdString()) / "empower.jsonl";
        write_dataset_jsonl(path, examples, spec, "tiny");
        std::istringstream lines(read_file(path));
        std::string line;
        std::size_t n = 0;
        while (std::getline(lines, line)) {
            auto j = nlohmann::json::parse(line);
            QCOMPARE(j["method"].get<std::string>(), std::string("Empower-η=3 bits"));
            QCOMPARE(j["eta"].get<double>(), 3.0);
            QCOMPARE(j["units"].get<std::string>(), std::string("bits"));
            QCOMPARE(j["seed"].get<int>(), 4);
            QCOMPARE(j["likelihood_model"].get<std::string>(), std::string("tiny"));
            QVERIFY(j["completion_nll"].get<double>() <= 3.0 + 1e-9);
            QCOMPARE(j["source"].get<std::string>(), examples[n].source);
            ++n;
        }
        QCOMPARE(n, examples.size());
        auto h = completion_length_histogram(examples);
        int total = 0;
        for (auto [len, count] : h) total += count;
        QCOMPARE(static_cast<std::size_t>(total), examples.size());
    }

    void corpusLoadingAndErrors() {
        const auto dir = std::filesystem::path(tmp_.path().toStdString());
        write_file_atomic(dir / "good.jsonl", "{\"text\": \"print(1)\\n\", \"problem\": \"p\"}\n\n{\"text\": \"x = 2\\n\"}\n");
        auto programs = load_program_corpus(dir / "good.jsonl");
        QCOMPARE(programs.size(), std::size_t(2));
        QCOMPARE(programs[0].problem, std::string("p"));
        QCOMPARE(programs[1].source, std::string("good.jsonl:3"));
        write_file_atomic(dir / "bad.jsonl", "{\"text\": \"ok\"}\n{\"text\": oops}\n");
        try {
            load_program_corpus(dir / "bad.jsonl");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("line 2"), e.what());
        }
        write_file_atomic(dir / "nofield.jsonl", "{\"code\": \"x\"}\n");
        QVERIFY_THROWS_EXCEPTION(Error, load_program_corpus(dir / "nofield.jsonl"));
        std::filesystem::create_directories(dir / "py" / "sub");
        write_file_atomic(dir / "py" / "sub" / "a.py", "a = 1\n");
        write_file_atomic(dir / "py" / "b.py", "b = 2\n");
        auto folder = load_program_corpus(dir / "py");
        QCOMPARE(folder.size(), std::size_t(2));
        QCOMPARE(folder[0].source, std::string("b.py"));
    }
};

QTEST_GUILESS_MAIN(TestDatasetBuilder)
#include "test_dataset_builder.moc"

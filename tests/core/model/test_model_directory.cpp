// A model directory with a bad part — config, weights or tokenizer — is reported with the file at
// fault, never a crash; a good one loads and reproduces the saved model's numbers.
#include "lm/transformer_language_model.h"
#include "model/model_directory.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/tiny_model.h"

#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace ew;
namespace fs = std::filesystem;

class TestModelDirectory : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    int counter_ = 0;

    fs::path fresh_dir() {
        auto d = fs::path(tmp_.path().toStdString()) / ("m" + std::to_string(counter_++));
        testing::write_tiny_model_dir(d);
        return d;
    }
    void expect_load_error(const fs::path& dir, const std::string& file_fragment, const char* problem) {
        try {
            lm::TransformerLanguageModel::load(dir);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QString m = e.what();
            QVERIFY2(m.contains(QString::fromStdString(file_fragment)), qPrintable(m));
            QVERIFY2(m.contains(problem), qPrintable(m));
        }
    }

private slots:
    void savedModelReloadsWithIdenticalScores() {
        auto dir = fresh_dir();
        auto original = testing::tiny_model();
        auto loaded = lm::TransformerLanguageModel::load(dir);
        const auto& tok = loaded->tokenizer();
        lm::ScoreRequest r{tok.encode("def __init__(self"), tok.encode(", name):\n")};
        auto a = original->score(std::span(&r, 1), 3).front();
        auto b = loaded->score(std::span(&r, 1), 3).front();
        QCOMPARE(a.size(), b.size());
        for (std::size_t i = 0; i < a.size(); ++i) QCOMPARE(a[i].logprob, b[i].logprob);
    }
    void missingDirectory() { expect_load_error("/nonexistent/model", "/nonexistent/model", "does not exist"); }
    void missingWeights() {
        auto d = fresh_dir();
        fs::remove(d / "model.safetensors");
        expect_load_error(d, "model.safetensors", "missing");
    }
    void truncatedWeights() {
        auto d = fresh_dir();
        auto bytes = read_file(d / "model.safetensors");
        write_file_atomic(d / "model.safetensors", bytes.substr(0, bytes.size() / 2));
        expect_load_error(d, "model.safetensors", "outside");
    }
    void weightsInconsistentWithConfig() {
        auto d = fresh_dir();
        auto config = nlohmann::json::parse(read_file(d / "config.json"));
        config["intermediate_size"] = 96;
        write_file_atomic(d / "config.json", config.dump());
        expect_load_error(d, "model.safetensors", "config.json implies");
    }
    void corruptConfig() {
        auto d = fresh_dir();
        write_file_atomic(d / "config.json", "{\"hidden_size\": 32,");
        expect_load_error(d, "config.json", "not valid JSON");
        write_file_atomic(d / "config.json", R"({"vocab_size": 400, "hidden_size": 30, "intermediate_size": 64,
            "num_hidden_layers": 2, "num_attention_heads": 4, "max_position_embeddings": 64})");
        expect_load_error(d, "config.json", "not divisible");
        write_file_atomic(d / "config.json", R"({"vocab_size": 400})");
        expect_load_error(d, "config.json", "missing field");
    }
    // get<int>() wrapped these silently (4294967296 read as 0, 2^32 + 32 as 32); ids also have to
    // fit the vocabulary cap (text::kMaxVocabularySize).
    void configIntegersAreRangeChecked_data() {
        QTest::addColumn<QString>("field");
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("expected");
        QTest::newRow("bos wraps to 0") << "bos_token_id" << "4294967296" << "bos_token_id must be an integer in 0..4194303, not 4294967296";
        QTest::newRow("eos list") << "eos_token_id" << "[2, 5000000]" << "eos_token_id must be an integer in 0..4194303, not 5000000";
        QTest::newRow("negative eos") << "eos_token_id" << "-7" << "eos_token_id must be an integer in 0..4194303, not -7";
        QTest::newRow("float bos") << "bos_token_id" << "1e30" << "bos_token_id must be an integer in 0..4194303, not 1e+30";
        QTest::newRow("hidden size wraps") << "hidden_size" << "4294967328" << "field \"hidden_size\" must be an integer in";
        QTest::newRow("vocabulary beyond the cap") << "vocab_size" << "5000000" << "vocab_size 5000000 exceeds the supported maximum of 4194304";
    }
    void configIntegersAreRangeChecked() {
        QFETCH(QString, field);
        QFETCH(QString, value);
        QFETCH(QString, expected);
        auto config = nlohmann::json::parse(testing::tiny_config(400).to_json_text());
        config[field.toStdString()] = nlohmann::json::parse(value.toStdString());
        try {
            model::ModelConfig::from_json_text(config.dump(), "/m/config.json");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).startsWith("/m/config.json: ") && QString(e.what()).contains(expected), e.what());
        }
    }
    void tokenizerNotMatchingVocabulary() {
        auto d = fresh_dir();
        auto config = nlohmann::json::parse(read_file(d / "config.json"));
        config["vocab_size"] = 300;  // tokenizer has ~400 tokens
        config.erase("eos_token_id");
        config.erase("bos_token_id");
        write_file_atomic(d / "config.json", config.dump());
        expect_load_error(d, "tokenizer.json", "do not belong together");
    }
    void corruptTokenizer() {
        auto d = fresh_dir();
        write_file_atomic(d / "tokenizer.json", "\x01\x02 not json");
        expect_load_error(d, "tokenizer.json", "not valid JSON");
    }
    void nanWeightsAreRejected() {
        auto d = fresh_dir();
        auto bytes = read_file(d / "model.safetensors");
        // Overwrite the last float (model.norm.weight's tail) with a NaN.
        const char nan_bits[4] = {0, 0, static_cast<char>(0xc0), 0x7f};
        std::memcpy(bytes.data() + bytes.size() - 4, nan_bits, 4);
        write_file_atomic(d / "model.safetensors", bytes);
        expect_load_error(d, "model.safetensors", "NaN");
    }
};

QTEST_GUILESS_MAIN(TestModelDirectory)
#include "test_model_directory.moc"

// The `empower` CLI end to end through the real binary: the JSON contract of score/suggest, the
// bundled default model, and bad input giving exit code != 0 with one clear stderr line.
#include "support/file_io.h"
#include "support/tiny_model.h"

#include <QProcess>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace ew;
namespace fs = std::filesystem;

namespace {
struct Run {
    int exit_code;
    std::string out, err;
};

Run run_empower(const QStringList& args) {
    QProcess p;
    p.start(EW_EMPOWER_BINARY, args);
    if (!p.waitForFinished(300000)) {
        p.kill();
        return {-1, "", "timeout"};
    }
    return {p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -2, p.readAllStandardOutput().toStdString(),
            p.readAllStandardError().toStdString()};
}
}  // namespace

class TestEmpowerCli : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path model_dir_, source_;
    const std::string code_ = "class Point:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n";

    QString q(const fs::path& p) { return QString::fromStdString(p.string()); }

    void expect_clean_failure(const QStringList& args, const std::string& must_mention) {
        auto r = run_empower(args);
        QVERIFY2(r.exit_code != 0, r.err.c_str());
        QVERIFY2(r.out.empty(), "nothing may be written to stdout on error");
        QVERIFY2(r.err.find(must_mention) != std::string::npos, r.err.c_str());
        QCOMPARE(std::count(r.err.begin(), r.err.end(), '\n'), 1L);
    }

private slots:
    void initTestCase() {
        model_dir_ = fs::path(tmp_.path().toStdString()) / "tiny";
        testing::write_tiny_model_dir(model_dir_);
        source_ = fs::path(tmp_.path().toStdString()) / "point.py";
        write_file_atomic(source_, code_);
    }

    void helpListsSubcommands() {
        auto r = run_empower({"--help"});
        QCOMPARE(r.exit_code, 0);
        for (const char* sub : {"score", "suggest", "pretrain", "bench"}) QVERIFY2(r.out.find(sub) != std::string::npos, sub);
        QCOMPARE(run_empower({"score", "--help"}).exit_code, 0);
    }

    void scoreJsonContract() {
        const int at = 40;
        for (const bool heal : {true, false}) {
            QStringList args = {"score", "--model", q(model_dir_), "--file", q(source_), "--at", QString::number(at), "--eta", "12",
                                "--topk", "3", "--json"};
            if (!heal) args << "--no-heal";
            auto r = run_empower(args);
            QVERIFY2(r.exit_code == 0, r.err.c_str());
            auto j = nlohmann::json::parse(r.out);
            QCOMPARE(j["model"].get<std::string>(), std::string("tiny"));
            QCOMPARE(j["eta"].get<double>(), 12.0);
            QCOMPARE(j["units"].get<std::string>(), std::string("nats"));
            // Healing backs up to a token boundary before --at and reports it; the typed bytes count 0.
            const auto typed = j["typed_prefix"].get<std::string>();
            const auto typed_tokens = j["typed_tokens"].get<std::size_t>();
            QCOMPARE(heal, !typed.empty());
            QCOMPARE(j["boundary"].get<std::size_t>(), at - typed.size());
            QCOMPARE(typed, code_.substr(at - typed.size(), typed.size()));
            std::string spelled;
            double cumulative = 0;
            std::size_t expected_cut = 0, index = 0;
            bool crossed = false;
            for (const auto& t : j["tokens"]) {
                spelled += t["text"].get<std::string>();
                cumulative -= t["logprob"].get<double>();
                QVERIFY(std::abs(t["cum_nll"].get<double>() - cumulative) < 1e-3);
                if (index < typed_tokens) QCOMPARE(t["logprob"].get<double>(), 0.0);
                if (index < typed_tokens) QCOMPARE(t["top"].size(), std::size_t(0));
                else if (index == typed_tokens && heal) QVERIFY(t["top"].size() <= 3);  // conditioned on the typed text
                else QCOMPARE(t["top"].size(), std::size_t(3));
                QVERIFY(t["id"].is_number_integer());
                if (!crossed && cumulative <= 12.0) ++expected_cut;
                else crossed = true;
                ++index;
            }
            QCOMPARE(spelled, typed + code_.substr(at));  // the suffix, token by token, after what was re-spelled
            QCOMPARE(j["cut"].get<std::size_t>(), expected_cut);
            QCOMPARE(j["truncated"].get<bool>(), false);
        }
    }

    void scoreInBits() {
        auto r = run_empower({"score", "--model", q(model_dir_), "--file", q(source_), "--at", "10", "--eta", "4", "--units", "bits", "--json"});
        QVERIFY2(r.exit_code == 0, r.err.c_str());
        auto j = nlohmann::json::parse(r.out);
        QCOMPARE(j["units"].get<std::string>(), std::string("bits"));
        const auto& first = j["tokens"][0];
        QVERIFY(std::abs(first["cum_nll"].get<double>() + first["logprob"].get<double>() / std::log(2.0)) < 1e-3);
    }

    // `empower map`: the whole file (longer than the tiny model's 128-token context) in one map;
    // the same points at the same η given in bits; a clean error for a bad η or unit.
    void mapJsonContract() {
        std::string text;
        for (int i = 0; i < 12; ++i) text += code_ + "p" + std::to_string(i) + " = Point(" + std::to_string(i) + ", 2)  # é\n";
        const auto file = fs::path(tmp_.path().toStdString()) / "long.py";
        write_file_atomic(file, text);
        const auto nats = run_empower({"map", "--model", q(model_dir_), "--file", q(file), "--eta", "6", "--topk", "2", "--json"});
        QVERIFY2(nats.exit_code == 0, nats.err.c_str());
        const auto j = nlohmann::json::parse(nats.out);
        QVERIFY(j["tokens"].get<std::size_t>() > 256);
        const std::size_t total = QString::fromStdString(text).toUcs4().size();
        QCOMPARE(j["total_chars"].get<std::size_t>(), total);
        const auto& points = j["decision_points"];
        QVERIFY(!points.empty());
        std::size_t previous = 0, lines = std::size_t(std::count(text.begin(), text.end(), '\n'));
        for (const auto& p : points) {
            QVERIFY(p["nll"].get<double>() >= 0 && p["offset"].get<std::size_t>() < total);
            QVERIFY(p["offset"].get<std::size_t>() >= previous && p["line"].get<std::size_t>() <= lines + 1);
            QCOMPARE(p["alternatives"].size(), std::size_t{2});
            previous = p["offset"].get<std::size_t>();
        }
        QVERIFY(points.back()["offset"].get<std::size_t>() > total / 2);  // the map reaches past the first windows
        QVERIFY(j["completable_chars"].get<std::size_t>() < total);
        const auto& curve = j["by_eta"];
        QCOMPARE(curve.front()["eta"].get<double>(), 0.5);
        QCOMPARE(curve.back()["eta"].get<double>(), 32.0);

        const auto bits = run_empower({"map", "--model", q(model_dir_), "--file", q(file), "--eta", QString::number(6 / std::log(2.0), 'g', 17),
                                       "--units", "bits", "--json"});
        QVERIFY2(bits.exit_code == 0, bits.err.c_str());
        const auto b = nlohmann::json::parse(bits.out);
        QCOMPARE(b["decision_points"].size(), points.size());
        for (std::size_t i = 0; i < points.size(); ++i) {
            QCOMPARE(b["decision_points"][i]["offset"], points[i]["offset"]);
            QVERIFY(std::abs(b["decision_points"][i]["nll"].get<double>() * std::log(2.0) - points[i]["nll"].get<double>()) < 1e-6);
        }
        expect_clean_failure({"map", "--model", q(model_dir_), "--file", q(file), "--units", "furlongs"}, "--units");
        expect_clean_failure({"map", "--model", q(model_dir_), "--file", q(file.string() + ".missing")}, "long.py.missing");
    }

    void suggestJsonContract() {
        for (const char* policy : {"empower", "base", "base-4"}) {
            auto r = run_empower({"suggest", "--model", q(model_dir_), "--file", q(source_), "--at", "40", "--eta", "10",
                                  "--policy", policy, "--max-tokens", "12", "--json"});
            QVERIFY2(r.exit_code == 0, r.err.c_str());
            auto j = nlohmann::json::parse(r.out);
            std::string kept;
            const auto cut = j["cut"].get<std::size_t>();
            for (std::size_t i = 0; i < cut; ++i) kept += j["tokens"][i]["text"].get<std::string>();
            // Token healing: the kept tokens begin by regenerating the typed text, which is not suggested.
            const auto typed = j["typed_prefix"].get<std::string>();
            QVERIFY(kept.starts_with(typed) || kept.size() < typed.size());
            QCOMPARE(j["suggestion"].get<std::string>(), kept.size() > typed.size() ? kept.substr(typed.size()) : std::string());
            QVERIFY(j["latency_ms"].get<double>() > 0);
            if (std::string(policy) == "base-4") QCOMPARE(cut, j["typed_tokens"].get<std::size_t>() + 4);
            if (std::string(policy) == "base") QCOMPARE(cut, j["tokens"].size());
            if (std::string(policy) == "empower") {
                if (cut < j["tokens"].size()) QVERIFY(j["tokens"][cut]["cum_nll"].get<double>() > 10.0);
                if (cut > 0) QVERIFY(j["tokens"][cut - 1]["cum_nll"].get<double>() <= 10.0);
            }
        }
    }

    void bundledModelIsTheDefault() {
        auto r = run_empower({"suggest", "--file", q(source_), "--at", "40", "--json", "--max-tokens", "8"});
        QVERIFY2(r.exit_code == 0, r.err.c_str());
        QCOMPARE(nlohmann::json::parse(r.out)["model"].get<std::string>(), std::string("default"));
    }

    void badInputFailsCleanly() {
        const auto base = fs::path(tmp_.path().toStdString());
        expect_clean_failure({"score", "--model", "/no/such/model", "--file", q(source_), "--at", "1", "--json"}, "/no/such/model");
        expect_clean_failure({"score", "--model", q(model_dir_), "--file", q(source_), "--at", "100000", "--json"}, "past the end");
        expect_clean_failure({"score", "--model", q(model_dir_), "--file", q(base / "missing.py"), "--at", "0", "--json"}, "missing.py");
        expect_clean_failure({"score", "--model", q(model_dir_), "--file", q(base), "--at", "0", "--json"}, "is a directory");
        expect_clean_failure({"suggest", "--model", q(model_dir_), "--file", q(source_), "--at", "3", "--policy", "sft", "--json"}, "--policy");

        auto truncated = base / "truncated";
        testing::write_tiny_model_dir(truncated);
        auto bytes = read_file(truncated / "model.safetensors");
        write_file_atomic(truncated / "model.safetensors", bytes.substr(0, bytes.size() - 100));
        expect_clean_failure({"score", "--model", q(truncated), "--file", q(source_), "--at", "3", "--json"}, "model.safetensors");

        auto mismatched = base / "mismatched";
        testing::write_tiny_model_dir(mismatched);
        auto config = nlohmann::json::parse(read_file(mismatched / "config.json"));
        config["vocab_size"] = 100;
        config.erase("eos_token_id");
        config.erase("bos_token_id");
        write_file_atomic(mismatched / "config.json", config.dump());
        expect_clean_failure({"score", "--model", q(mismatched), "--file", q(source_), "--at", "3", "--json"}, "tokenizer.json");

        // An id past int32 used to wrap (4294967297 decoded as token 1).
        const auto tokenizer = q(model_dir_ / "tokenizer.json");
        QCOMPARE(run_empower({"tokenize", "--tokenizer", tokenizer, "--decode", "--text", "1"}).exit_code, 0);
        expect_clean_failure({"tokenize", "--tokenizer", tokenizer, "--decode", "--text", "4294967297"}, "id 4294967297 is not a token id");
    }
};

QTEST_GUILESS_MAIN(TestEmpowerCli)
#include "test_empower_cli.moc"

// Fine-tuning on prefix -> completion + stop token: the held-out loss falls, only completion
// tokens are trained, a stopped-and-resumed run equals an uninterrupted one, configs are checked,
// and the output is a checkpoint like its base (its tokenizer and config files kept).
#include "empower/dataset_builder.h"
#include "lm/transformer_language_model.h"
#include "support/error.h"
#include "support/file_io.h"
#include "model/model_directory.h"
#include "support/tiny_model.h"
#include "train/checkpoint.h"
#include "train/fine_tuner.h"
#include "model/transformer.h"

#include <torch/torch.h>

#include <QTemporaryDir>
#include <QtTest>

using namespace ew;
namespace fs = std::filesystem;

class TestFineTuner : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path base_, dataset_;

    train::FineTuneConfig config(const std::string& out) { return config_for(base_, out); }
    train::FineTuneConfig config_for(const fs::path& base, const std::string& out) {
        train::FineTuneConfig c;
        c.base_model = base;
        c.dataset = dataset_;
        c.out_dir = fs::path(tmp_.path().toStdString()) / out;
        c.batch_size = 4;
        c.epochs = 3;
        c.learning_rate = 3e-3;
        c.min_learning_rate = 3e-4;
        c.warmup_steps = 2;
        c.seq_len = 96;
        c.eval_every = 3;
        c.checkpoint_every = 3;
        c.threads = 1;
        c.seed = 7;
        return c;
    }

private slots:
    void initTestCase() {
        base_ = fs::path(tmp_.path().toStdString()) / "base";
        testing::write_tiny_model_dir(base_);
        dataset_ = fs::path(tmp_.path().toStdString()) / "sft6.jsonl";
        testing::write_tiny_dataset(dataset_, base_, "sft-6", 8, 3);
    }

    void heldOutLossFalls() {
        auto c = config("plain");
        std::vector<double> eval_losses;
        std::size_t train_n = 0, eval_n = 0;
        auto result = train::fine_tune(c, [&](const train::FineTuneProgress& p) {
            if (p.event == "eval") eval_losses.push_back(*p.eval_loss);
            if (p.event == "start") {
                train_n = p.train_examples;
                eval_n = p.eval_examples;
            }
        });
        QCOMPARE(eval_n, std::size_t(10));  // 0.2 of 48
        QCOMPARE(train_n, std::size_t(38));
        QCOMPARE(result.steps_done, std::int64_t(30));  // ceil(38 / 4) * 3 epochs
        QVERIFY(eval_losses.size() >= 5);
        QVERIFY2(eval_losses.back() < eval_losses.front() - 0.5,
                 qPrintable(QString("eval loss %1 -> %2").arg(eval_losses.front()).arg(eval_losses.back())));
        auto tuned = lm::TransformerLanguageModel::load(c.out_dir);  // a complete model directory
        QCOMPARE(tuned->config().vocab_size, testing::tiny_model()->config().vocab_size);
    }

    // Mixed precision (bf16 products, float32 master weights), run here on libtorch's CPU bf16
    // kernels: the held-out loss falls as in float32, the parameters and their gradients stay
    // float32, and the checkpoint written is float32 and loads like any other.
    void bf16MixedPrecisionTrainsWithFloat32MasterWeights() {
        auto c = config("bf16");
        c.precision = "bf16";
        std::vector<double> eval_losses;
        std::string precision;
        train::fine_tune(c, [&](const train::FineTuneProgress& p) {
            if (p.event == "eval") eval_losses.push_back(*p.eval_loss);
            if (p.event == "start") precision = p.precision;
        });
        QCOMPARE(precision, std::string("bf16"));
        QVERIFY(eval_losses.size() >= 5);
        QVERIFY2(eval_losses.back() < eval_losses.front() - 0.5,
                 qPrintable(QString("eval loss %1 -> %2").arg(eval_losses.front()).arg(eval_losses.back())));
        const auto files = model::ModelDirectory::open(c.out_dir);
        auto m = model::Transformer::load(files.config, files.weights_path());
        QCOMPARE(m.matrix_dtype(), torch::kFloat32);  // stored float32

        // One step by hand: gradients reach the float32 weights through the bf16 casts, and the
        // mixed forward pass stays within bf16 rounding of the float32 one.
        m.set_requires_grad(true);
        auto ids = torch::randint(files.config.vocab_size, {2, 24}, torch::kInt64);
        const auto exact = m.forward(ids).detach();
        m.set_mixed_precision(torch::kBFloat16);
        auto logits = m.forward(ids);
        QCOMPARE(logits.scalar_type(), torch::kFloat32);
        const double worst = (logits.detach() - exact).abs().max().item<double>();
        QVERIFY2(worst < 0.05 && worst > 0, qPrintable(QString("max |logit difference| %1").arg(worst)));
        logits.sum().backward();
        for (const auto& p : m.parameters()) {
            QCOMPARE(p.scalar_type(), torch::kFloat32);
            QVERIFY(p.grad().defined());
            QCOMPARE(p.grad().scalar_type(), torch::kFloat32);
        }
    }

    void stoppedAndResumedEqualsUninterrupted() {
        auto straight = config("straight");
        straight.epochs = 1;
        train::fine_tune(straight, {});
        auto resumed = config("resumed");
        resumed.epochs = 1;
        std::atomic<bool> stop{false};
        auto first = train::fine_tune(resumed, [&](const train::FineTuneProgress& p) {
            if (p.event == "step" && p.step == 4) stop = true;
        }, &stop);
        QVERIFY(first.stopped_early);
        QCOMPARE(first.steps_done, std::int64_t(4));
        QVERIFY(train::find_checkpoint(resumed.out_dir / "checkpoint").has_value());
        auto second = train::fine_tune(resumed, {});
        QCOMPARE(second.steps_done, std::int64_t(10));
        QCOMPARE(second.final_eval_loss, train::fine_tune(straight, {}).final_eval_loss);  // resumes at the end: same number
        QCOMPARE(read_file(resumed.out_dir / "model.safetensors").substr(200), read_file(straight.out_dir / "model.safetensors").substr(200));
    }

    // transformers loads the fine-tune as it loads the base: tokenizer.json byte for byte (its
    // post_processor), tokenizer_config.json and generation_config.json copied, and config.json the
    // base's with every field kept (a list-valued eos_token_id, attention_bias: false, unknown keys).
    void outputKeepsTheBasesFiles() {
        const fs::path base = fs::path(tmp_.path().toStdString()) / "hf-base";
        fs::create_directories(base);
        for (const char* f : {"tokenizer.json", "model.safetensors"}) fs::copy_file(base_ / f, base / f);
        auto config = nlohmann::json::parse(read_file(base_ / "config.json"));
        const int eot = config["eos_token_id"].get<int>();
        config["eos_token_id"] = nlohmann::json::array({eot, 5, 6});
        config["attention_bias"] = false;
        config["initializer_range"] = 0.02;
        config["torch_dtype"] = "bfloat16";
        write_file_atomic(base / "config.json", config.dump(1));
        const std::string tokenizer_config = R"({"tokenizer_class": "PreTrainedTokenizerFast", "chat_template": "{{ messages[0].content }}", "eos_token": "<|endoftext|>"})";
        write_file_atomic(base / "tokenizer_config.json", tokenizer_config);
        write_file_atomic(base / "generation_config.json", R"({"do_sample": true, "temperature": 0.6, "eos_token_id": [1, 5, 6]})");

        auto c = config_for(base, "hf-out");
        c.epochs = 1;
        train::fine_tune(c, {});
        QCOMPARE(read_file(c.out_dir / "tokenizer.json"), read_file(base / "tokenizer.json"));
        QCOMPARE(read_file(c.out_dir / "tokenizer_config.json"), tokenizer_config);
        QCOMPARE(read_file(c.out_dir / "generation_config.json"), read_file(base / "generation_config.json"));
        auto written = nlohmann::json::parse(read_file(c.out_dir / "config.json"));
        QCOMPARE(written["eos_token_id"], nlohmann::json::array({eot, 5, 6}));
        QCOMPARE(written["attention_bias"], nlohmann::json(false));
        QCOMPARE(written["initializer_range"], nlohmann::json(0.02));
        QCOMPARE(written["torch_dtype"], nlohmann::json("float32"));  // what was saved
        auto reloaded = model::ModelDirectory::open(c.out_dir);
        QCOMPARE(reloaded.config.eos_token_ids, (std::vector<int>{eot, 5, 6}));
        QCOMPARE(reloaded.sequence, model::ModelDirectory::open(base).sequence);
        QVERIFY(lm::TransformerLanguageModel::load(c.out_dir)->chat_template());
    }

    void configsAreChecked() {
        QVERIFY_THROWS_EXCEPTION(Error, train::FineTuneConfig::from_json_text("{\"dataset\": \"x\"}", "run.json"));  // no out_dir
        try {
            train::FineTuneConfig::from_json_text(R"({"dataset": "x", "out_dir": "y", "learnig_rate": 1})", "run.json");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("learnig_rate"), e.what());
        }
        auto c = train::FineTuneConfig::from_json_text(config("x").to_json_text(), "run.json");
        QCOMPARE(c.batch_size, 4);
        QCOMPARE(c.precision, std::string("auto"));
        QCOMPARE(c.resolved_precision(false), std::string("fp32"));
        QCOMPARE(c.resolved_precision(true), std::string("bf16"));
        try {
            train::FineTuneConfig::from_json_text(R"({"dataset": "x", "out_dir": "y", "precision": "fp16"})", "run.json");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("precision must be auto, fp32 or bf16"), e.what());
        }
        QCOMPARE(c.seed, std::uint64_t(7));
        auto missing = config("missing");
        missing.dataset = fs::path(tmp_.path().toStdString()) / "nope.jsonl";
        QVERIFY_THROWS_EXCEPTION(Error, train::fine_tune(missing, {}));
        write_file_atomic(fs::path(tmp_.path().toStdString()) / "bad.jsonl", "{\"prefix\": \"a\", \"completion\": \"b\"}\n{\"prefix\": 1}\n");
        missing.dataset = fs::path(tmp_.path().toStdString()) / "bad.jsonl";
        try {
            train::fine_tune(missing, {});
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("line 2"), e.what());
        }
    }
};

QTEST_GUILESS_MAIN(TestFineTuner)
#include "test_fine_tuner.moc"

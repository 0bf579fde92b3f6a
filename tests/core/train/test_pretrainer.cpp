// Pretraining on a tiny corpus: the loss falls, the output is a loadable model directory,
// checkpoints are complete, and a run stopped half-way and resumed ends bit-identical to an
// uninterrupted one (CPU).
#include "lm/transformer_language_model.h"
#include "model/model_directory.h"
#include "model/transformer.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/tiny_model.h"
#include "train/pretrainer.h"

#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>
#include <torch/torch.h>

#include <algorithm>

using namespace ew;
namespace fs = std::filesystem;

class TestPretrainer : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path corpus_;

    train::PretrainOptions options(const std::string& out) {
        train::PretrainOptions o;
        o.corpus_dir = corpus_;
        o.out_dir = fs::path(tmp_.path().toStdString()) / out;
        o.model = testing::tiny_config(300);
        o.model.num_key_value_heads = 4;
        o.seq_len = 32;
        o.batch_size = 4;
        o.steps = 8;
        o.warmup_steps = 2;
        o.learning_rate = 3e-3;
        o.eval_every = 4;
        o.checkpoint_every = 4;
        o.threads = 1;
        return o;
    }

private slots:
    void initTestCase() {
        corpus_ = fs::path(tmp_.path().toStdString()) / "corpus";
        fs::create_directories(corpus_ / "pkg");
        int i = 0;
        for (int copy = 0; copy < 6; ++copy)
            for (const auto& doc : testing::tiny_corpus()) write_file_atomic(corpus_ / "pkg" / ("m" + std::to_string(i++) + ".py"), doc);
    }

    void lossFallsAndOutputIsAModelDirectory() {
        auto o = options("plain");
        o.steps = 30;
        o.eval_every = 10;
        std::vector<double> losses;
        auto result = train::pretrain(o, [&](const train::PretrainProgress& p) {
            if (p.event == "step") losses.push_back(p.loss);
        });
        QCOMPARE(result.steps_done, std::int64_t(30));
        QCOMPARE(losses.size(), std::size_t(30));
        const double first = (losses[0] + losses[1] + losses[2]) / 3, last = (losses[27] + losses[28] + losses[29]) / 3;
        QVERIFY2(last < first - 0.5, qPrintable(QString("loss %1 -> %2").arg(first).arg(last)));
        QVERIFY(result.heldout_bits_per_byte > 0);
        auto model = lm::TransformerLanguageModel::load(o.out_dir);  // config + weights + tokenizer agree
        QCOMPARE(model->config().vocab_size, model->tokenizer().vocab_size());
        QVERIFY(fs::exists(o.out_dir / "checkpoint" / "optimizer.pt"));
        QVERIFY(!fs::exists(o.out_dir / "checkpoint.tmp"));
        auto summary = nlohmann::json::parse(read_file(o.out_dir / "training.json"));
        QCOMPARE(summary["steps_done"].get<int>(), 30);
    }

    // bf16 mixed precision (libtorch's CPU bf16 kernels here; CUDA on a GPU): the loss falls as in
    // float32 and the checkpoint is float32.
    void bf16PretrainingLearnsAndSavesFloat32() {
        auto o = options("bf16");
        o.steps = 30;
        o.eval_every = 10;
        o.precision = "bf16";
        std::vector<double> losses;
        std::vector<std::string> messages;
        train::pretrain(o, [&](const train::PretrainProgress& p) {
            if (p.event == "step") losses.push_back(p.loss);
            else messages.push_back(p.event);
        });
        const double first = (losses[0] + losses[1] + losses[2]) / 3, last = (losses[27] + losses[28] + losses[29]) / 3;
        QVERIFY2(last < first - 0.5, qPrintable(QString("loss %1 -> %2").arg(first).arg(last)));
        QVERIFY(std::find(messages.begin(), messages.end(), std::string("training on cpu (bf16 products, fp32 weights)")) != messages.end());
        const auto dir = model::ModelDirectory::open(o.out_dir);
        QCOMPARE(model::Transformer::load(dir.config, dir.weights_path()).matrix_dtype(), torch::kFloat32);
    }

    void stoppedAndResumedEqualsUninterrupted() {
        auto straight = options("straight");
        train::pretrain(straight, {});
        auto resumed = options("resumed");
        std::atomic<bool> stop{false};
        auto first = train::pretrain(resumed, [&](const train::PretrainProgress& p) {
            if (p.event == "step" && p.step == 3) stop = true;  // checked before the next step begins
        }, &stop);
        QVERIFY(first.stopped_early);
        QCOMPARE(first.steps_done, std::int64_t(3));
        auto second = train::pretrain(resumed, {});
        QCOMPARE(second.steps_done, std::int64_t(8));
        QVERIFY(!second.stopped_early);
        QCOMPARE(read_file(resumed.out_dir / "model.safetensors").size(), read_file(straight.out_dir / "model.safetensors").size());
        auto a = lm::TransformerLanguageModel::load(straight.out_dir), b = lm::TransformerLanguageModel::load(resumed.out_dir);
        lm::ScoreRequest r{a->tokenizer().encode("for i in range("), a->tokenizer().encode("10):\n")};
        auto sa = a->score(std::span(&r, 1), 0).front(), sb = b->score(std::span(&r, 1), 0).front();
        for (std::size_t i = 0; i < sa.size(); ++i) QCOMPARE(sa[i].logprob, sb[i].logprob);
    }

    void continuesFromAModelDirectory() {
        // A later session continues from committed weights (no optimizer checkpoint).
        auto first = options("first");
        first.steps = 20;
        std::vector<double> first_losses;
        train::pretrain(first, [&](const train::PretrainProgress& p) {
            if (p.event == "step") first_losses.push_back(p.loss);
        });
        auto next = options("continued");
        next.init_from = first.out_dir;
        next.model = testing::tiny_config(999);  // ignored: the init model's config wins
        std::vector<double> losses;
        train::pretrain(next, [&](const train::PretrainProgress& p) {
            if (p.event == "step") losses.push_back(p.loss);
        });
        auto base = lm::TransformerLanguageModel::load(first.out_dir), cont = lm::TransformerLanguageModel::load(next.out_dir);
        QCOMPARE(cont->config().vocab_size, base->config().vocab_size);
        QCOMPARE(read_file(next.out_dir / "tokenizer.json"), read_file(first.out_dir / "tokenizer.json"));
        // It starts where the first run ended, not from random weights.
        QVERIFY2(losses.front() < first_losses.front() - 0.5,
                 qPrintable(QString("first run %1 -> %2, continued starts at %3").arg(first_losses.front()).arg(first_losses.back()).arg(losses.front())));
    }

    void badOptionsAreRejected() {
        auto o = options("bad");
        o.corpus_dir = fs::path(tmp_.path().toStdString()) / "no-such-corpus";
        QVERIFY_THROWS_EXCEPTION(Error, train::pretrain(o, {}));
        o = options("bad2");
        o.seq_len = 1000;  // longer than the model's context
        QVERIFY_THROWS_EXCEPTION(Error, train::pretrain(o, {}));
        o = options("bad3");
        o.precision = "fp16";
        QVERIFY_THROWS_EXCEPTION(Error, train::pretrain(o, {}));
        o = options("bad4");
        o.device = "tpu";
        QVERIFY_THROWS_EXCEPTION(Error, train::pretrain(o, {}));
    }

    void scheduleWarmsUpThenDecays() {
        auto o = options("schedule");
        o.steps = 100;
        o.warmup_steps = 10;
        QVERIFY(train::scheduled_learning_rate(o, 0) < train::scheduled_learning_rate(o, 9));
        QCOMPARE(train::scheduled_learning_rate(o, 9), o.learning_rate);
        QVERIFY(train::scheduled_learning_rate(o, 50) < o.learning_rate);
        QVERIFY(std::abs(train::scheduled_learning_rate(o, 100) - o.min_learning_rate) < 1e-12);
    }
};

QTEST_GUILESS_MAIN(TestPretrainer)
#include "test_pretrainer.moc"

// One copy of each model directory per process: the same directory gives the same object, a
// rewritten checkpoint gives a fresh load, concurrent callers share one load, a failed load is
// reported to each and not remembered, and the weights go when the last user lets go. The
// memory claim itself is measured: three more users of a ~250 MB model add under 5 % of its
// weight bytes to this process's resident set.
#include "lm/model_registry.h"
#include "support/error.h"
#include "support/tiny_model.h"

#include <QTemporaryDir>
#include <QtTest>
#include <fstream>
#include <thread>
#include <unistd.h>

using namespace ew;
namespace fs = std::filesystem;

namespace {
long resident_bytes() {
    std::ifstream in("/proc/self/statm");
    long pages = 0, resident = 0;
    in >> pages >> resident;
    return resident * ::sysconf(_SC_PAGESIZE);
}
}  // namespace

class TestModelRegistry : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path dir(const char* name) const { return fs::path(tmp_.path().toStdString()) / name; }

private slots:
    void sameDirectorySameModel() {
        testing::write_tiny_model_dir(dir("a"));
        auto first = lm::load_shared_model(dir("a"));
        auto second = lm::load_shared_model(dir("a") / "." );  // another spelling of the same folder
        QCOMPARE(first.get(), second.get());
        QCOMPARE(lm::shared_models_loaded(), std::size_t(1));
        // Every user gets its own session (KV cache) over the shared weights.
        QVERIFY(first->new_session().get() != second->new_session().get());
    }

    void lastUserUnloads() {
        testing::write_tiny_model_dir(dir("b"));
        std::weak_ptr<lm::TransformerLanguageModel> watch;
        {
            auto model = lm::load_shared_model(dir("b"));
            watch = model;
        }
        QVERIFY(watch.expired());
        auto again = lm::load_shared_model(dir("b"));
        QVERIFY(again);
    }

    void rewrittenCheckpointIsLoadedAfresh() {
        testing::write_tiny_model_dir(dir("c"), 1);
        auto before = lm::load_shared_model(dir("c"));
        std::this_thread::sleep_for(std::chrono::milliseconds(20));
        testing::write_tiny_model_dir(dir("c"), 2);  // new weights in place (atomic rename: new inode)
        auto after = lm::load_shared_model(dir("c"));
        QVERIFY(before.get() != after.get());
    }

    void concurrentCallersShareOneLoad() {
        testing::write_tiny_model_dir(dir("d"));
        std::vector<std::shared_ptr<lm::TransformerLanguageModel>> got(6);
        std::vector<std::thread> threads;
        for (std::size_t i = 0; i < got.size(); ++i) threads.emplace_back([&, i] { got[i] = lm::load_shared_model(dir("d")); });
        for (auto& t : threads) t.join();
        for (const auto& m : got) QCOMPARE(m.get(), got[0].get());
    }

    void failedLoadIsReportedAndNotRemembered() {
        fs::create_directories(dir("e"));
        QVERIFY_THROWS_EXCEPTION(Error, lm::load_shared_model(dir("e")));
        QVERIFY_THROWS_EXCEPTION(Error, lm::load_shared_model(dir("e")));  // tried again, not a cached failure
        testing::write_tiny_model_dir(dir("e"));
        QVERIFY(lm::load_shared_model(dir("e")));
    }

    void moreUsersAddAlmostNoMemory() {
        // ~63M parameters: big enough that a second copy could not hide in allocator noise.
        auto config = testing::tiny_config(8192);
        config.hidden_size = 768;
        config.intermediate_size = 2048;
        config.num_hidden_layers = 8;
        config.num_attention_heads = 12;
        config.num_key_value_heads = 12;
        text::BpeTokenizer tokenizer = testing::tiny_tokenizer();
        config.vocab_size = tokenizer.vocab_size();
        lm::TransformerLanguageModel::create_random(config, tokenizer, 3)->save(dir("big"));
        std::uintmax_t weight_bytes = fs::file_size(dir("big") / "model.safetensors");
        QVERIFY(weight_bytes > 150u << 20);
        auto main_window = lm::load_shared_model(dir("big"));
        const long before = resident_bytes();
        std::vector<std::shared_ptr<lm::TransformerLanguageModel>> users;  // three viewers and a study session
        for (int i = 0; i < 4; ++i) users.push_back(lm::load_shared_model(dir("big")));
        const long added = resident_bytes() - before;
        qInfo("weights %.1f MB; four more users added %.2f MB resident", weight_bytes / 1e6, added / 1e6);
        QVERIFY2(added < static_cast<long>(weight_bytes / 20), qPrintable(QString::number(added)));
    }
};

QTEST_GUILESS_MAIN(TestModelRegistry)
#include "test_model_registry.moc"

// Bits per byte on a tiny random model: a file that fits one window equals the plain sum of its
// teacher-forced NLLs from BOS; several files add up; a long file is scored in windows that each
// see context (so it differs from scoring it with no context); bad input is refused clearly.
#include "lm/bits_per_byte.h"
#include "support/error.h"
#include "support/tiny_model.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <fstream>

using namespace ew;

class TestBitsPerByte : public QObject {
    Q_OBJECT
    std::shared_ptr<lm::TransformerLanguageModel> model_ = testing::tiny_model(2);

    double direct_nll(const std::string& text) const {
        lm::ScoreRequest r{{}, model_->tokenizer().encode(text)};
        double nll = 0;
        const auto scored = model_->score(std::span(&r, 1), 0);
        for (const auto& t : scored.front()) nll -= t.logprob;
        return nll;
    }

private slots:
    void shortFilesAreTheirPlainNll() {
        const std::string a = "for i in range(3):\n    print(i)\n", b = "x = [1, 2]\n";
        const auto one = lm::bits_per_byte(*model_, {a});
        QVERIFY(std::abs(one.nll_nats - direct_nll(a)) < 1e-3);
        QCOMPARE(one.bytes, a.size());
        QVERIFY(std::abs(one.bits_per_byte - direct_nll(a) / (std::log(2.0) * a.size())) < 1e-6);
        const auto two = lm::bits_per_byte(*model_, {a, "", b});
        QCOMPARE(two.files, std::size_t(2));
        QVERIFY(std::abs(two.nll_nats - direct_nll(a) - direct_nll(b)) < 1e-3);
    }

    void longFilesAreScoredInWindowsWithContext() {
        std::string text;
        while (model_->tokenizer().encode(text).size() < static_cast<std::size_t>(model_->context_length()) * 3)
            text += "def f(a, b):\n    return a * b + 1\n";
        const auto bpb = lm::bits_per_byte(*model_, {text});
        QCOMPARE(bpb.tokens, model_->tokenizer().encode(text).size());
        QVERIFY(std::isfinite(bpb.bits_per_byte) && bpb.bits_per_byte > 0);
    }

    void refusesNothingToMeasure() {
        QVERIFY_THROWS_EXCEPTION(Error, lm::bits_per_byte(*model_, {}));
        QVERIFY_THROWS_EXCEPTION(Error, lm::bits_per_byte(*model_, {""}));
        QVERIFY_THROWS_EXCEPTION(Error, lm::python_files_under("/no/such/folder"));
    }

    void findsPythonFilesRecursivelyInOrder() {
        QTemporaryDir dir;
        const std::filesystem::path root = dir.path().toStdString();
        std::filesystem::create_directories(root / "b" / "c");
        for (const auto* f : {"b/c/z.py", "a.py", "notes.txt", "b/y.py"}) std::ofstream(root / f) << "x = 1\n";
        const auto files = lm::python_files_under(root);
        QCOMPARE(files.size(), std::size_t(3));
        QCOMPARE(files[0], root / "a.py");
        QCOMPARE(files[1], root / "b" / "c" / "z.py");
        QCOMPARE(files[2], root / "b" / "y.py");
        QCOMPARE(lm::python_files_under(root / "a.py").size(), std::size_t(1));
    }
};

QTEST_APPLESS_MAIN(TestBitsPerByte)
#include "test_bits_per_byte.moc"

// The "Build dataset" dialog runs the real `empower dataset` child process and shows the
// completion-length histogram it reports; failures are shown, not swallowed.
#include "dataset_dialog.h"
#include "support/file_io.h"
#include "support/tiny_model.h"

#include <QLabel>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QtTest>

using namespace ew;
using namespace ew::widgets;
namespace fs = std::filesystem;

class TestDatasetDialog : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private slots:
    void initTestCase() {
        qputenv("EW_EMPOWER", EW_EMPOWER_BINARY);
        const fs::path root = tmp_.path().toStdString();
        testing::write_tiny_model_dir(root / "model");
        fs::create_directories(root / "corpus");
        int i = 0;
        for (const auto& d : testing::tiny_corpus()) write_file_atomic(root / "corpus" / ("f" + std::to_string(i++) + ".py"), d);
    }

    void buildsAndShowsTheHistogram() {
        DatasetDialog dialog(tmp_.path() + "/model", tmp_.path());
        dialog.setCorpus(tmp_.path() + "/corpus");
        dialog.setMethod("sft-rand-2-5");
        QVERIFY(dialog.arguments().contains("sft-rand-2-5"));
        QSignalSpy done(&dialog, &DatasetDialog::finished);
        dialog.start();
        QVERIFY(done.wait(60000));
        QCOMPARE(done.first().first().toBool(), true);
        int total = 0;
        for (auto it = dialog.histogram().begin(); it != dialog.histogram().end(); ++it) {
            QVERIFY(it.key() <= 5);
            total += it.value();
        }
        QCOMPARE(total, static_cast<int>(testing::tiny_corpus().size()));
        QVERIFY(fs::exists(dialog.outputPath().toStdString()));
    }

    void failureIsReported() {
        DatasetDialog dialog(tmp_.path() + "/model", tmp_.path());
        dialog.setCorpus(tmp_.path() + "/no-such-corpus");
        QSignalSpy done(&dialog, &DatasetDialog::finished);
        dialog.start();
        QVERIFY(done.wait(60000));
        QCOMPARE(done.first().first().toBool(), false);
        bool shown = false;
        for (auto* label : dialog.findChildren<QLabel*>()) shown |= label->text().contains("no-such-corpus");
        QVERIFY(shown);
    }
};

QTEST_MAIN(TestDatasetDialog)
#include "test_dataset_dialog.moc"

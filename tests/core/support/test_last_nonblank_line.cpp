// last_nonblank_line (support/last_line.h): the line a failed child's log ends on, read from an
// offset so that only what one launch wrote counts.
#include "support/file_io.h"
#include "support/last_line.h"

#include <QTemporaryDir>
#include <QtTest>

namespace fs = std::filesystem;

class TestLastNonblankLine : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path file() const { return fs::path(tmp_.path().toStdString()) / "stderr.log"; }

private slots:
    void skipsTrailingBlankLinesAndCarriageReturns() {
        ew::write_file_atomic(file(), "loading\r\nerror: out of memory\r\n   \n\t\n");
        QCOMPARE(ew::last_nonblank_line(file()), std::string("error: out of memory"));
    }

    void readsOnlyAfterTheOffset() {
        const std::string earlier = "error: from the run before\n";
        ew::write_file_atomic(file(), earlier + "\n");
        QCOMPARE(ew::last_nonblank_line(file(), earlier.size()), std::string());
        ew::write_file_atomic(file(), earlier + "error: this run\n");
        QCOMPARE(ew::last_nonblank_line(file(), earlier.size()), std::string("error: this run"));
        QCOMPARE(ew::last_nonblank_line(file(), 0), std::string("error: this run"));
    }

    void aMissingFileOrAnOffsetPastItsEndIsEmpty() {
        QCOMPARE(ew::last_nonblank_line(file().string() + ".missing"), std::string());
        ew::write_file_atomic(file(), "short\n");
        QCOMPARE(ew::last_nonblank_line(file(), 1000), std::string());
    }
};

QTEST_GUILESS_MAIN(TestLastNonblankLine)
#include "test_last_nonblank_line.moc"

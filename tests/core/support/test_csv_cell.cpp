// CSV cells: every text survives a write → RFC 4180 read round trip (commas, quotes, CR, LF), and
// a text cell a spreadsheet would run as a formula carries one leading ' that the reader can undo.
#include "support/csv_cell.h"
#include "support/rfc4180_reader.h"

#include <QtTest>
#include <random>

using namespace ew;

namespace {
std::string undo_neutralising(const std::string& cell) { return !cell.empty() && cell.front() == '\'' ? cell.substr(1) : cell; }
}  // namespace

class TestCsvCell : public QObject {
    Q_OBJECT
private slots:
    void formulaCellsGetOneQuote_data() {
        QTest::addColumn<QString>("value");
        QTest::addColumn<QString>("written");
        QTest::newRow("equals") << "=1+1" << "'=1+1";
        QTest::newRow("hyperlink with quotes") << "=HYPERLINK(\"http://x\",\"y\")" << "\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"";
        QTest::newRow("plus") << "+1" << "'+1";
        QTest::newRow("minus") << "-2+3" << "'-2+3";
        QTest::newRow("at") << "@SUM(A1)" << "'@SUM(A1)";
        QTest::newRow("tab") << "\t=1" << "'\t=1";
        QTest::newRow("carriage return") << "\r=1" << "\"'\r=1\"";
        QTest::newRow("quote already") << "'x" << "''x";
        QTest::newRow("plain") << "x = 1" << "x = 1";
        QTest::newRow("equals later") << "a=b" << "a=b";
        QTest::newRow("empty") << "" << "";
        QTest::newRow("comma") << "a,b" << "\"a,b\"";
        QTest::newRow("newline and quote") << "say \"hi\"\nbye" << "\"say \"\"hi\"\"\nbye\"";
    }
    void formulaCellsGetOneQuote() {
        QFETCH(QString, value);
        QFETCH(QString, written);
        QCOMPARE(QString::fromStdString(csv_text_cell(value.toStdString())), written);
    }
    void randomCellsRoundTrip() {
        std::mt19937 rng(5);
        const std::string alphabet = ",\"\n\r=+-@\t' a\xc3\xa9";
        for (int trial = 0; trial < 2000; ++trial) {
            std::vector<std::string> cells(1 + rng() % 5);
            for (auto& c : cells)
                for (int i = 0, n = static_cast<int>(rng() % 8); i < n; ++i) c += alphabet[rng() % alphabet.size()];
            std::string line;
            for (std::size_t i = 0; i < cells.size(); ++i) line += (i ? "," : "") + csv_text_cell(cells[i]);
            const auto rows = testing::read_rfc4180(line + "\r\n");
            QCOMPARE(rows.size(), std::size_t(1));
            QCOMPARE(rows[0].size(), cells.size());
            for (std::size_t i = 0; i < cells.size(); ++i) {
                const auto& read = rows[0][i];
                QVERIFY2(read.empty() || std::string_view("=+-@\t\r").find(read.front()) == std::string_view::npos, read.c_str());
                QCOMPARE(undo_neutralising(read), cells[i]);
            }
        }
    }
    void quotedKeepsEverythingVerbatim() {
        const std::string value = "-3,\"x\"\r\n";
        QCOMPARE(testing::read_rfc4180(csv_quoted(value) + "\n").at(0).at(0), value);
    }
};

QTEST_GUILESS_MAIN(TestCsvCell)
#include "test_csv_cell.moc"

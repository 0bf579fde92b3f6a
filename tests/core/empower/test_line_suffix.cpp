// Mid-line suggestions: when the rest of the line allows one, and how a completion is fitted in
// front of the closers already on screen (they must never be doubled or swallowed).
#include "empower/line_suffix.h"

#include <QtTest>

using namespace ew::empower;

class TestLineSuffix : public QObject {
    Q_OBJECT
private slots:
    void allowsOnlyClosersQuotesAndSpace() {
        QVERIFY(allows_suggestion_before(""));
        QVERIFY(allows_suggestion_before("   \t"));
        QVERIFY(allows_suggestion_before(")"));
        QVERIFY(allows_suggestion_before("\")]"));
        QVERIFY(allows_suggestion_before("'} )"));
        QVERIFY(!allows_suggestion_before("x)"));
        QVERIFY(!allows_suggestion_before("):"));
        QVERIFY(!allows_suggestion_before("("));
        QVERIFY(!allows_suggestion_before(" + 1"));
        QVERIFY(!is_mid_line(""));
        QVERIFY(!is_mid_line("  \r"));
        QVERIFY(is_mid_line(" )"));
    }

    void fit_data() {
        QTest::addColumn<QString>("completion");
        QTest::addColumn<QString>("suffix");
        QTest::addColumn<QString>("ghost");
        QTest::newRow("end of line: unchanged") << "len(a))\n    x" << "" << "len(a))\n    x";
        QTest::newRow("whitespace suffix: unchanged") << "a)\nb" << "  " << "a)\nb";
        QTest::newRow("stops at the suffix's closer") << "len(a))\nprint(x)" << ")" << "len(a)";
        QTest::newRow("first line only") << "a, b\nc)" << ")" << "a, b";
        QTest::newRow("no closer: whole first line") << "input()" << ")" << "input()";
        QTest::newRow("strings are skipped") << "\"(\", b)" << ")" << "\"(\", b";
        QTest::newRow("escaped quote inside a string") << "'a\\'b', c]" << "]" << "'a\\'b', c";
        QTest::newRow("mismatched closer stops") << "a]" << ")" << "a";
        QTest::newRow("nested to two closers") << "f(g(x)))" << "))" << "f(g(x))";
        QTest::newRow("trailing space before the cut") << "x )" << ")" << "x";
        QTest::newRow("inside a string: first quote") << "hello\")" << "\")" << "hello";
        QTest::newRow("inside a string: brackets are text") << "a(b\"" << "\"" << "a(b";
        QTest::newRow("inside a string: escaped quote") << "say \\\"hi\\\"'" << "\"" << "say \\\"hi\\\"'";
        QTest::newRow("closer first: nothing to show") << ")\n" << ")" << "";
        QTest::newRow("unfinished string runs to the end") << "'abc" << ")" << "'abc";
    }

    void fit() {
        QFETCH(QString, completion);
        QFETCH(QString, suffix);
        QFETCH(QString, ghost);
        QCOMPARE(QString::fromStdString(fit_before_suffix(completion.toStdString(), suffix.toStdString())), ghost);
    }

    void acceptingTheFittedGhostBalancesTheLine() {
        // prefix + ghost + suffix has every bracket closed exactly once.
        const std::string prefix = "x = max(len(a), ";
        const std::string suffix = ")";
        const std::string ghost = fit_before_suffix("sum(b[i] for i in r)))\n", suffix);
        const std::string line = prefix + ghost + suffix;
        QCOMPARE(QString::fromStdString(line), QString("x = max(len(a), sum(b[i] for i in r))"));
    }
};

QTEST_APPLESS_MAIN(TestLineSuffix)
#include "test_line_suffix.moc"

// The conductor's panel on a real workspace: creating and listing studies, enrolment, a blinded
// running view that names no arm anywhere on screen, a participant window opened with the
// bundled model loaded off the UI thread, unblinding, results and export.
#include "code_editor.h"
#include "participant_window.h"
#include "study_panel.h"
#include "support/resource_paths.h"

#include <QChart>
#include <QChartView>
#include <QLabel>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QtTest>

using namespace ew;
using namespace ew::widgets;

namespace {

// Every piece of text the panel shows: labels, table cells and headers, chart titles and legends.
QString visibleText(QWidget* root) {
    QStringList parts;
    for (auto* label : root->findChildren<QLabel*>()) parts << label->text();
    for (auto* table : root->findChildren<QTableWidget*>()) {
        for (int c = 0; c < table->columnCount(); ++c)
            if (table->horizontalHeaderItem(c)) parts << table->horizontalHeaderItem(c)->text();
        for (int r = 0; r < table->rowCount(); ++r)
            for (int c = 0; c < table->columnCount(); ++c)
                if (table->item(r, c)) parts << table->item(r, c)->text();
    }
    for (auto* view : root->findChildren<QChartView*>())
        if (view->chart()) {
            parts << view->chart()->title();
            for (auto* series : view->chart()->series()) parts << series->name();
        }
    return parts.join('\n');
}

}  // namespace

class TestStudyPanel : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private slots:
    void blindedRunningViewThenUnblindAndExport() {
        StudyPanel panel(tmp_.filePath("ws.sqlite"));
        panel.resize(1100, 900);
        panel.show();
        auto design = study::StudyDesign::paper_default("pilot", {"lava-trap", "special-keyboard"});
        design.arms[0].name = "ARM-EMPOWER-SECRET";
        design.arms[1].name = "ARM-BASE-SECRET";
        QVERIFY(panel.createStudy(design));
        QString error;
        QVERIFY(!panel.createStudy(design, &error));  // a duplicate name is refused with a message
        QVERIFY(error.contains("already exists"));
        QCOMPARE(panel.currentStudy(), QString("pilot"));
        QCOMPARE(panel.enrolParticipant(), QString("P01"));
        QCOMPARE(panel.enrolParticipant(), QString("P02"));
        QCOMPARE(panel.participantsTable()->rowCount(), 2);
        QCOMPARE(panel.participantsTable()->item(0, 2)->text(), QString("not started"));

        panel.openSession("P01", false);
        QTRY_VERIFY_WITH_TIMEOUT(panel.openWindow() != nullptr, 60000);
        auto* w = panel.openWindow();
        w->startOrResume();
        QTest::keyClicks(w->editor(), "n = int(input())");
        w->finishPhase();
        w->startOrResume();  // part 2: an assistant slot
        QVERIFY(w->eventLog()->flush());  // the log commits on its own thread; the panel reads the database
        panel.refresh();
        QVERIFY(panel.participantsTable()->item(0, 2)->text().contains("part 2 of 3 — Assistant 1"));
        const QString blinded = visibleText(&panel) + visibleText(w);
        QVERIFY2(!blinded.contains("SECRET"), qPrintable(blinded));
        QVERIFY(blinded.contains("Assistant 1"));
        w->close();  // WA_DeleteOnClose; the phase pauses and can resume later
        QTRY_VERIFY(panel.openWindow() == nullptr);
        panel.refresh();
        QVERIFY(panel.participantsTable()->item(0, 2)->text().contains("paused"));

        panel.unblindCurrent();
        QCOMPARE(panel.participantsTable()->columnCount(), 6);  // + Assistant 1, Assistant 2
        QVERIFY(visibleText(&panel).contains("ARM-EMPOWER-SECRET"));
        QCOMPARE(panel.report().blinded, false);
        const QString bundle = panel.exportCurrent(tmp_.filePath("export"));
        QVERIFY2(QFileInfo::exists(bundle), qPrintable(bundle));
    }
};

QTEST_MAIN(TestStudyPanel)
#include "test_study_panel.moc"

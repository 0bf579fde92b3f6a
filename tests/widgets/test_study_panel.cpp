// The conductor's panel on a real workspace: creating and listing studies, enrolment, a blinded
// running view that names no arm anywhere on screen, a participant window opened with the
// bundled model loaded off the UI thread, unblinding, results and export; refreshes that read
// the logs off the UI thread and only what is new.
#include "code_editor.h"
#include "participant_window.h"
#include "store/workspace.h"
#include "study/study_store.h"
#include "study_panel.h"
#include "support/resource_paths.h"

#include <QApplication>
#include <QChart>
#include <QDialog>
#include <QDialogButtonBox>
#include <QLineEdit>
#include <QMessageBox>
#include <QPushButton>
#include <QTimer>
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
    // The New study dialog as a conductor uses it: a hypothesis naming no arm is refused with the
    // reason, the dialog comes back as it was filled in, and the corrected hypothesis is stored
    // with the design (it makes the report's tests one-sided in its direction).
    void newStudyDialogStoresTheHypothesisAndKeepsWhatWasTyped() {
        StudyPanel panel(tmp_.filePath("dialog.sqlite"));
        panel.show();
        QStringList refusals, reopenedWith;
        int step = 0;
        QTimer driver;  // plays the conductor inside the dialogs' own event loops
        connect(&driver, &QTimer::timeout, this, [&] {
            auto* modal = QApplication::activeModalWidget();
            if (!modal) return;
            if (auto* box = qobject_cast<QMessageBox*>(modal)) {
                refusals << box->text();
                box->accept();
                return;
            }
            auto* dialog = qobject_cast<QDialog*>(modal);
            auto* hypothesis = dialog ? dialog->findChild<QLineEdit*>("hypothesis") : nullptr;
            if (!hypothesis) return;
            if (step == 0) {
                dialog->findChild<QLineEdit*>("studyName")->setText("preregistered");
                hypothesis->setText("empower-99 > base-20");  // no such arm
            } else {
                reopenedWith << dialog->findChild<QLineEdit*>("studyName")->text() << hypothesis->text();
                hypothesis->setText("empower-4 > base-20");
            }
            ++step;
            dialog->findChild<QDialogButtonBox*>()->button(QDialogButtonBox::Ok)->click();
        });
        driver.start(20);
        panel.findChild<QPushButton*>("newStudy")->click();  // returns when the dialog is done
        driver.stop();
        QCOMPARE(step, 2);
        QCOMPARE(refusals.size(), 1);
        QVERIFY2(refusals[0].contains("empower-99"), qPrintable(refusals[0]));
        QCOMPARE(reopenedWith, (QStringList{"preregistered", "empower-99 > base-20"}));  // nothing typed was lost
        QCOMPARE(panel.currentStudy(), QString("preregistered"));
        store::Workspace ws(tmp_.filePath("dialog.sqlite").toStdString(), false);
        const auto stored = study::StudyStore(ws).study("preregistered");
        QVERIFY(stored.has_value());
        QCOMPARE(stored->design.expectation, std::string("empower-4 > base-20"));
    }

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
        QVERIFY(panel.waitForRefresh());
        QCOMPARE(panel.participantsTable()->rowCount(), 2);
        QVERIFY(!panel.findChild<QChartView*>("etaChart")->isVisibleTo(&panel));  // no empower-auto arm: no η chart
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
        QVERIFY(panel.waitForRefresh());
        QVERIFY(panel.participantsTable()->item(0, 2)->text().contains("part 2 of 3 — Assistant 1"));
        const QString blinded = visibleText(&panel) + visibleText(w);
        QVERIFY2(!blinded.contains("SECRET"), qPrintable(blinded));
        QVERIFY(blinded.contains("Assistant 1"));
        w->close();  // WA_DeleteOnClose; the phase pauses and can resume later
        QTRY_VERIFY(panel.openWindow() == nullptr);
        panel.refresh();
        QVERIFY(panel.waitForRefresh());
        QVERIFY(panel.participantsTable()->item(0, 2)->text().contains("paused"));

        panel.unblindCurrent();
        QVERIFY(panel.waitForRefresh());
        QCOMPARE(panel.participantsTable()->columnCount(), 6);  // + Assistant 1, Assistant 2
        QVERIFY(visibleText(&panel).contains("ARM-EMPOWER-SECRET"));
        QCOMPARE(panel.report().blinded, false);
        const QString bundle = panel.exportCurrent(tmp_.filePath("export"));
        QVERIFY2(QFileInfo::exists(bundle), qPrintable(bundle));
    }

    // A refresh never replays on the UI thread: refresh() returns before anything is read (the
    // report on screen is still the old one), the result arrives through the event loop, and
    // the next refresh applies only the events logged since.
    void refreshReadsOffTheUiThreadAndIncrementally() {
        const QString path = tmp_.filePath("big.sqlite");
        StudyPanel panel(path);
        panel.show();
        QVERIFY(panel.createStudy(study::StudyDesign::paper_default("big", {"lava-trap"})));
        QCOMPARE(panel.enrolParticipant(), QString("P01"));
        QVERIFY(panel.waitForRefresh());
        QCOMPARE(panel.report().events, 0L);

        store::Workspace ws(path.toStdString(), false);
        study::StudyStore store(ws);
        const auto p = store.participants(store.study("big")->id).at(0);
        const auto session = store.open_session(p.id).id;
        std::int64_t seq = 0;
        auto typeChars = [&](int n) {
            std::vector<study::StudyEvent> events;
            if (seq == 0) events.push_back({session, ++seq, 1.7e9, 0, 0, study::event::kPhaseStarted, -1, "", 0, ""});
            for (int i = 0; i < n; ++i)
                events.push_back({session, ++seq, 1.7e9 + static_cast<double>(seq), 0, 0, study::event::kTyped,
                                  static_cast<std::int64_t>(seq - 2), "x", 0, ""});
            store.insert_events(events);
        };
        typeChars(19999);

        panel.refresh();
        QCOMPARE(panel.report().events, 0L);  // not read yet: the UI thread went straight on
        QVERIFY(panel.waitForRefresh());
        QCOMPARE(panel.report().events, 20000L);
        QCOMPARE(panel.participantsTable()->item(0, 3)->text(), QString("20000"));
        QVERIFY(panel.participantsTable()->item(0, 2)->text().contains("part 1 of 3"));

        typeChars(500);
        panel.refresh();
        panel.refresh();  // asked twice while one runs: one more read, then it settles
        QVERIFY(panel.waitForRefresh());
        QCOMPARE(panel.report().events, 20500L);
        QCOMPARE(panel.report().warnings.size(), std::size_t(0));
    }
};

QTEST_MAIN(TestStudyPanel)
#include "test_study_panel.moc"

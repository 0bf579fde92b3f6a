// The main window, for real under QT_QPA_PLATFORM=offscreen: it opens the sample project's
// starter code in a QScintilla editor with the Python lexer and loads the model off-thread.
#include "code_editor.h"
#include "decision_map_panel.h"
#include "decision_marks.h"
#include "empower/decision_map.h"
#include "empower/decision_points.h"
#include "help_dialogs.h"
#include "keep_curve_chart.h"
#include "lm/document_windows.h"
#include "main_window.h"
#include "model_status.h"
#include "adaptive_eta_controller.h"
#include "store/workspace.h"
#include "suggestion_controller.h"
#include "suggestion_settings_panel.h"
#ifdef EW_WITH_SERVE
#include "serve_assistant_box.h"
#endif
#include "support/resource_paths.h"
#include "support/tiny_model.h"

#include <Qsci/qscilexerpython.h>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProgressBar>
#include <QPushButton>
#include <QToolButton>
#include <QToolTip>
#include <QTreeView>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>
#include <cmath>
#include <memory>

using namespace ew;

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

    // A project (lava-trap's manifest) whose solution.py is `count` small functions: a file of many
    // scoring windows for the tiny model. Returns the code.
    static QString writeProjectOfFunctions(const QString& folder, int count) {
        QFile::copy(QString::fromStdString((projects_dir() / "lava-trap" / "project.json").string()), folder + "/project.json");
        QString code;
        for (int i = 0; i < count; ++i) code += QString("def f%1(x):\n    return x * %1 + read_grid()\n\n").arg(i);
        QFile starter(folder + "/solution.py");
        if (!starter.open(QIODevice::WriteOnly)) qFatal("cannot write %s", qPrintable(starter.fileName()));
        starter.write(code.toUtf8());
        return code;
    }

    // The main window on `projectDir` with a fresh tiny model, shown, once the model has loaded (null if it did not).
    std::unique_ptr<widgets::MainWindow> windowWithTinyModel(const QString& projectDir, const QString& modelName) {
        const auto modelDir = tmp_.path() + "/" + modelName;
        testing::write_tiny_model_dir(modelDir.toStdString());
        auto window = std::make_unique<widgets::MainWindow>(projectDir, modelDir);
        window->show();
        QSignalSpy loaded(window->modelStatus(), &widgets::ModelStatus::loaded);
        if (!loaded.wait(30000)) return nullptr;
        return window;
    }

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

    // The Suggestions dock's "Serve on port" (issue 17): the editor's assistant served over HTTP;
    // η moves reach the server without a restart; Empower-auto is refused and stops it.
    void servesTheEditorsAssistantToOtherEditors() {
#ifndef EW_WITH_SERVE
        QSKIP("built without EW_WITH_SERVE");
#else
        if (QStandardPaths::findExecutable("curl").isEmpty()) QSKIP("curl is needed");
        auto window = windowWithTinyModel(QString::fromStdString((projects_dir() / "lava-trap").string()), "tiny-serve");
        QVERIFY(window);
        auto* box = window->serveBox();
        QVERIFY(box && box->isVisibleTo(window.get()));
        box->setPort(0);
        auto* button = box->findChild<QPushButton*>();
        QVERIFY(button && button->isCheckable());
        QTest::mouseClick(button, Qt::LeftButton);
        QVERIFY2(box->serving(), qPrintable(box->statusText()));
        QVERIFY(box->statusText().contains(box->url()));
        auto get = [](const QStringList& args) {
            QProcess curl;
            curl.start("curl", QStringList{"-sS", "--max-time", "30"} + args);
            curl.waitForFinished(40000);
            return curl.exitCode() == 0 ? QJsonDocument::fromJson(curl.readAllStandardOutput()) : QJsonDocument();
        };
        window->settingsPanel()->setAdaptive(false);
        window->settingsPanel()->setEta(3.0);
        const auto health = get({box->url() + "/health"}).object();
        QVERIFY2(health["policy"].toString().contains("3"), qPrintable(health["policy"].toString()));
        const auto answer = get({"-X", "POST", "-H", "Content-Type: application/json", "--data-binary", "[\"def f(x):\\n    return\"]", box->url() + "/"});
        QVERIFY(answer.isArray());
        QVERIFY(answer.array()[0].toString().startsWith("def f(x):\n    return"));
        const QString url = box->url();
        window->settingsPanel()->setEta(5.0);
        QCOMPARE(box->url(), url);  // no restart for an η move
        QVERIFY(get({url + "/health"}).object()["policy"].toString().contains("5"));

        window->settingsPanel()->setAdaptive(true);  // Empower-auto cannot be served
        QVERIFY(!box->serving());
        QVERIFY2(box->statusText().contains("Empower-auto"), qPrintable(box->statusText()));
        QVERIFY(!button->isChecked());
        QVERIFY(get({url + "/health"}).isNull());  // nothing listens there any more
        window->settingsPanel()->setAdaptive(false);
#endif
    }

    void opensSampleProjectInPythonEditor() {
        const auto project = QString::fromStdString((projects_dir() / "lava-trap").string());
        const auto modelDir = tmp_.path() + "/tiny";
        testing::write_tiny_model_dir(modelDir.toStdString());
        widgets::MainWindow window(project, modelDir);
        window.show();
        auto* editor = window.currentEditor();
        QVERIFY(editor);
        QVERIFY(editor->filePath().endsWith("solution.py"));
        QVERIFY(editor->text().contains("def read_grid():"));
        QVERIFY(qobject_cast<QsciLexerPython*>(editor->lexer()));
        QVERIFY(window.windowTitle().contains("Lava Trap"));
        QSignalSpy loaded(window.modelStatus(), &widgets::ModelStatus::loaded);
        QVERIFY(loaded.wait(30000));
        QVERIFY(window.modelStatus()->description().contains("tiny"));

        // Help: the shortcut list is read from the menus (so it includes Ctrl+Space and Save);
        // About names the versions and the loaded model.
        widgets::ShortcutsDialog keys(&window);
        QVERIFY2(keys.text().contains("Suggest Now\tCtrl+Space"), qPrintable(keys.text()));
        QVERIFY(keys.text().contains(QKeySequence(QKeySequence::Save).toString(QKeySequence::NativeText)));
        QVERIFY(keys.text().contains("Ctrl+Alt+P"));
        widgets::AboutDialog about(window.modelStatus()->description());
        QVERIFY(about.text().contains(QString("Qt ") + qVersion()));
        QVERIFY(about.text().contains("libtorch 1.") || about.text().contains("libtorch 2."));
        QVERIFY(about.text().contains("tiny"));
    }

    void wholeFileColouringShowsProgressAndStops() {
        // A file of many scoring windows: the colouring covers every token, progress is shown while
        // it runs and hidden after; Stop cancels, clears the colours and nothing arrives later.
        QTemporaryDir project;
        const QString code = writeProjectOfFunctions(project.path(), 60);
        auto windowOwner = windowWithTinyModel(project.path(), "tiny-colour");
        QVERIFY(windowOwner);
        auto& window = *windowOwner;
        auto* editor = window.currentEditor();
        const auto model = window.modelStatus()->model();
        const auto tokens = model->tokenizer().encode(code.toStdString()).size();
        const auto fresh = lm::whole_file_window(model->context_length());
        QVERIFY2((tokens + fresh - 1) / fresh >= 5, qPrintable(QString("%1 tokens, %2 per window").arg(tokens).arg(fresh)));

        QSignalSpy progress(window.wholeFileProgress(), &QProgressBar::valueChanged);
        window.wholeFileAction()->setChecked(true);
        QVERIFY(window.wholeFileProgress()->isVisibleTo(&window));
        QTRY_COMPARE_WITH_TIMEOUT(editor->likelihoodColouredRanges(), int(tokens), 30000);
        QTRY_VERIFY(!window.wholeFileProgress()->isVisibleTo(&window));
        QVERIFY(!window.wholeFileStopButton()->isVisibleTo(&window));
        QVERIFY2(progress.size() >= 2, qPrintable(QString::number(progress.size())));  // partial steps, not just 0 and done

        // Again, and Stop at once: colours cleared, progress hidden, and no late window repaints.
        window.wholeFileAction()->setChecked(false);
        QVERIFY(!editor->hasLikelihoodColouring());
        window.wholeFileAction()->setChecked(true);
        QVERIFY(window.wholeFileStopButton()->isVisibleTo(&window));
        window.wholeFileStopButton()->click();
        QVERIFY(!window.wholeFileAction()->isChecked());
        QVERIFY(!window.wholeFileProgress()->isVisibleTo(&window));
        QTest::qWait(500);
        QVERIFY(!editor->hasLikelihoodColouring());
    }

    // The decision-point map: the whole file scored once (several windows), the marks and the dock
    // agree with decision_map at η; moving η re-walks the same cached scores (no model call); F8
    // goes to the next decision token and its hover names it; an edit has the file scored again;
    // turning it off clears the marks.
    void decisionPointsFollowEtaWithoutRescoring() {
        QTemporaryDir project;
        const QString code = writeProjectOfFunctions(project.path(), 30);
        auto windowOwner = windowWithTinyModel(project.path(), "tiny-decisions");
        QVERIFY(windowOwner);
        auto& window = *windowOwner;
        auto* editor = window.currentEditor();
        auto* marks = editor->decisionMarks();
        auto* panel = window.decisionMapPanel();
        window.settingsPanel()->setEta(4.0);

        window.decisionPointsAction()->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(editor->fileScores() && editor->fileScores()->complete, 30000);
        const auto scores = editor->fileScores();
        QCOMPARE(scores->tokens.size(), window.modelStatus()->model()->tokenizer().encode(code.toStdString()).size());
        const auto at4 = empower::decision_map(*scores, 4.0);
        QVERIFY(!at4.points.empty());
        QTRY_COMPARE(marks->count(), int(at4.points.size()));
        QVERIFY(marks->markedLines() > 0 && marks->markedLines() <= marks->count());
        QCOMPARE(panel->listedPoints(), marks->count());
        QCOMPARE(panel->curvePoints(), int(empower::share_curve_etas().size()));
        QCOMPARE(panel->markedEta(), 4.0);
        QVERIFY2(panel->summary().contains(QString::number(at4.points.size())), qPrintable(panel->summary()));

        // The list's rows are made as they are shown: the first one's hover describes it.
        const auto firstRow = panel->list()->model()->index(0, 1);
        QVERIFY2(firstRow.data(Qt::ToolTipRole).toString().startsWith("Decision point"), qPrintable(firstRow.data(Qt::ToolTipRole).toString()));
        QCOMPARE(panel->list()->model()->index(0, 0).data().toString(), QString::number(scores->tokens[at4.points.front()].line));

        // η moves: the same scores walked again. A burst of moves (a drag) is drawn once, at the
        // last η, when the event loop next runs — nothing is drawn in between.
        window.settingsPanel()->setEta(12.0);
        window.settingsPanel()->setEta(2.0);
        window.settingsPanel()->setEta(16.0);
        QCOMPARE(marks->count(), int(at4.points.size()));
        QCOMPARE(panel->markedEta(), 4.0);
        QTRY_COMPARE(panel->markedEta(), 16.0);
        QCOMPARE(editor->fileScores(), scores);
        QCOMPARE(marks->count(), int(empower::decision_map(*scores, 16.0).points.size()));
        QCOMPARE(panel->listedPoints(), marks->count());
        QVERIFY(marks->count() < int(at4.points.size()));

        // F8 from the top: the caret goes to the first decision token, whose hover describes it.
        editor->SendScintilla(QsciScintilla::SCI_GOTOPOS, 0);
        const auto first = scores->tokens[empower::decision_map(*scores, 16.0).points.front()];
        QVERIFY(marks->goNext());
        QCOMPARE(editor->SendScintilla(QsciScintilla::SCI_GETCURRENTPOS), long(first.byte_offset));
        QVERIFY2(marks->tooltipAt(long(first.byte_offset)).startsWith("Decision point"), qPrintable(marks->tooltipAt(long(first.byte_offset))));
        QVERIFY(marks->tooltipAt(long(first.byte_offset + first.bytes)).isEmpty() || first.bytes == 0 ||
                marks->tooltipAt(long(first.byte_offset + first.bytes)) != marks->tooltipAt(long(first.byte_offset)));
        QVERIFY(!marks->goPrevious());
        // Hovering over it shows that text as a tooltip.
        const long middle = long(first.byte_offset + first.bytes / 2);
        const QPoint at(int(editor->SendScintilla(QsciScintilla::SCI_POINTXFROMPOSITION, 0, middle)) + 2,
                        int(editor->SendScintilla(QsciScintilla::SCI_POINTYFROMPOSITION, 0, middle)) + 4);
        QTest::mouseMove(editor->viewport(), at - QPoint(6, 0));
        QTest::mouseMove(editor->viewport(), at);
        QTRY_VERIFY2_WITH_TIMEOUT(QToolTip::isVisible() && QToolTip::text().startsWith("Decision point"), qPrintable(QToolTip::text()), 3000);

        // An edit drops the scores; the file is scored again.
        editor->SendScintilla(QsciScintilla::SCI_GOTOPOS, 0);
        editor->insert("import sys\n");
        QVERIFY(!editor->fileScores());
        QTRY_VERIFY_WITH_TIMEOUT(editor->fileScores() && editor->fileScores()->complete, 30000);
        QVERIFY(editor->fileScores()->tokens.size() > scores->tokens.size());

        // The marks on screen do not keep a replaced model alive: loading another frees the first
        // at once, before the file is scored again (with a real model that takes minutes, and
        // the replaced one can be gigabytes).
        QTRY_VERIFY(marks->count() > 0);
        std::weak_ptr<const lm::LanguageModel> firstModel = window.modelStatus()->model();
        const QString otherDir = tmp_.path() + "/tiny-decisions-other";
        testing::write_tiny_model_dir(otherDir.toStdString(), 5);
        QSignalSpy loaded(window.modelStatus(), &widgets::ModelStatus::loaded);
        window.modelStatus()->load(otherDir);
        QVERIFY(loaded.wait(30000));
        QVERIFY(!editor->fileScores() && marks->count() > 0);  // not scored again yet; the old marks still show
        QVERIFY(firstModel.expired());

        window.decisionPointsAction()->setChecked(false);
        QCOMPARE(marks->count(), 0);
        QCOMPARE(marks->markedLines(), 0);
        QCOMPARE(panel->listedPoints(), 0);
    }

    // Empower-auto in the editor: every suggestion the person rejects (Esc) is judged; after 8 the
    // learned η leaves the prior (8 nats) and the η box follows it; the state is in the workspace,
    // so a new window of the same profile continues from it, and Reset forgets it.
    void empowerAutoLearnsFromWhatIsKeptAndRemembersIt() {
        QTemporaryDir project;
        writeProjectOfFunctions(project.path(), 3);
        const auto modelDir = tmp_.path() + "/tiny-auto";
        testing::write_tiny_model_dir(modelDir.toStdString(), 3);
        const QString workspace = tmp_.path() + "/auto.sqlite";
        std::size_t learnedFrom = 0;
        double learnedEta = 0;
        {
            widgets::MainWindow window(project.path(), modelDir, nullptr, workspace);
            window.show();
            QSignalSpy loaded(window.modelStatus(), &widgets::ModelStatus::loaded);
            QVERIFY(loaded.wait(30000));
            auto* settings = window.settingsPanel();
            settings->setAdaptive(true);
            QCOMPARE(settings->policy().eta, 8.0);  // the prior
            QVERIFY(settings->policy().adaptive);
            auto* editor = window.currentEditor();
            auto* controller = window.controllerFor(editor);
            editor->SendScintilla(QsciScintilla::SCI_DOCUMENTEND);
            for (int attempt = 0; attempt < 30 && window.adaptiveEta()->state().curve().suggestions() < 8; ++attempt) {
                controller->requestNow();
                if (!QTest::qWaitFor([&] { return editor->hasGhostText(); }, 5000)) {  // nothing shown here at this η: another prefix
                    editor->insert("\n");
                    editor->SendScintilla(QsciScintilla::SCI_DOCUMENTEND);
                    continue;
                }
                QTest::keyClick(editor, Qt::Key_Escape);
            }
            const auto& state = window.adaptiveEta()->state();
            QCOMPARE(state.curve().suggestions(), std::size_t{8});
            QVERIFY2(state.eta() < 8.0, qPrintable(QString::number(state.eta())));  // every suggestion was rejected
            QVERIFY(std::abs(settings->policy().eta - state.eta()) < 0.05);  // the η box shows one decimal
            QVERIFY2(settings->adaptiveSummary().contains("learned from 8"), qPrintable(settings->adaptiveSummary()));
            QCOMPARE(settings->keepCurveChart()->markedEta(), state.eta());
            learnedFrom = state.curve().suggestions();
            learnedEta = state.eta();
            settings->setAdaptive(false);  // the next tests start from Empower-η
        }
        widgets::MainWindow again(project.path(), modelDir, nullptr, workspace);
        QCOMPARE(again.adaptiveEta()->state().curve().suggestions(), learnedFrom);
        QCOMPARE(again.adaptiveEta()->state().eta(), learnedEta);
        again.adaptiveEta()->reset();
        QCOMPARE(again.adaptiveEta()->state().curve().suggestions(), std::size_t{0});
        QCOMPARE(again.adaptiveEta()->state().eta(), 8.0);
        QVERIFY(store::Workspace(workspace.toStdString(), false).adaptive_eta_state(again.settingsPanel()->adaptiveProfile().toStdString()).empty());
    }

    void badModelIsReportedNotFatal() {
        const auto project = QString::fromStdString((projects_dir() / "lava-trap").string());
        widgets::MainWindow window(project, tmp_.path() + "/missing-model");
        QSignalSpy failed(window.modelStatus(), &widgets::ModelStatus::failed);
        QVERIFY(failed.wait(30000));
        QVERIFY(failed.first().first().toString().contains("missing-model"));
        QVERIFY(window.currentEditor());  // the editor still works without a model
    }

    void savingWritesTheFileAtomically() {
        QTemporaryDir project;
        QFile::copy(QString::fromStdString((projects_dir() / "lava-trap" / "project.json").string()), project.path() + "/project.json");
        QFile starter(project.path() + "/solution.py");
        QVERIFY(starter.open(QIODevice::WriteOnly));
        starter.write("print(1)\n");
        starter.close();
        widgets::MainWindow window(project.path(), tmp_.path() + "/missing-model");
        auto* editor = window.currentEditor();
        QVERIFY(editor);
        editor->append("print(2)\n");
        QString error;
        QVERIFY2(editor->saveFile(&error), qPrintable(error));
        QVERIFY(starter.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(starter.readAll()), QString("print(1)\nprint(2)\n"));
    }
};

QTEST_MAIN(TestMainWindow)
#include "test_main_window.moc"

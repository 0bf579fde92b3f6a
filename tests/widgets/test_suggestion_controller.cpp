// Live suggestions for real: the main window under QT_QPA_PLATFORM=offscreen with the bundled
// model, keystrokes typed into the QScintilla editor, and every check against what core computes.
#include "code_editor.h"
#include "cumulative_nll_chart.h"
#include "empower/suggestion_policy.h"
#include "empower/threshold_cut.h"
#include "likelihood_view.h"
#include "lm/continuation_scoring.h"
#include "lm/transformer_language_model.h"
#include "main_window.h"
#include "model_status.h"
#include "model_worker.h"
#include "suggestion_controller.h"
#include "suggestion_settings_panel.h"
#include "support/resource_paths.h"
#include "token_chips_view.h"

#include <QSignalSpy>
#include <fstream>
#include <QSlider>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace ew;
using namespace ew::widgets;

class TestSuggestionController : public QObject {
    Q_OBJECT
    QTemporaryDir project_;
    std::unique_ptr<MainWindow> window_;
    CodeEditor* editor_ = nullptr;
    SuggestionController* controller_ = nullptr;

    // A fresh copy of the sample project per test run: saving must not touch the repository.
    void copyProject() {
        const auto src = QString::fromStdString((projects_dir() / "lava-trap").string());
        for (const auto& f : {"project.json", "problem.md"}) QFile::copy(src + "/" + f, project_.path() + "/" + f);
        QFile starter(project_.path() + "/solution.py");
        QVERIFY(starter.open(QIODevice::WriteOnly));
        starter.write("import sys\n\n\nclass Point:\n");
        starter.close();
    }

    std::string expectedSuggestion(const QByteArray& prefix) {
        auto model = window_->modelStatus()->model();
        auto session = model->new_session();
        return empower::suggest(*model, *session, {std::string_view(prefix.constData(), prefix.size()), controller_->policy(), 5, nullptr})
            .text;
    }

    // Types at the end of the document and waits for a suggestion that is not empty.
    void typeAndWait(const QString& keys) {
        editor_->SendScintilla(QsciScintilla::SCI_DOCUMENTEND);
        QTest::keyClicks(editor_, keys);
        QTRY_VERIFY_WITH_TIMEOUT(controller_->current() != nullptr, 20000);
    }

private slots:
    void initTestCase() {
        QStandardPaths::setTestModeEnabled(true);
        copyProject();
        window_ = std::make_unique<MainWindow>(project_.path(), QString::fromStdString(default_model_dir().string()));
        window_->show();
        QSignalSpy loaded(window_->modelStatus(), &ModelStatus::loaded);
        QVERIFY(loaded.wait(60000));
        editor_ = window_->currentEditor();
        QVERIFY(editor_);
        controller_ = window_->controllerFor(editor_);
        QVERIFY(controller_);
        // A generous η so that the bundled model's suggestion is not empty at these prefixes.
        window_->likelihoodView()->setEta(12.0);
        QCOMPARE(controller_->policy().eta, 12.0);
    }

    void prefillAtOpenIsReusedByTheFirstSuggestion() {
        // The file was opened with the caret at its top: the prompt for its end was computed in the
        // background, so the first suggestion there starts from the cached prefix.
        QVERIFY(controller_->prefillsStarted() >= 1);
        QTRY_VERIFY_WITH_TIMEOUT(controller_->prefillsFinished() >= 1, 20000);
        editor_->SendScintilla(QsciScintilla::SCI_DOCUMENTEND);
        controller_->requestNow();
        QTRY_VERIFY_WITH_TIMEOUT(controller_->current() != nullptr, 20000);
        const auto prompt = window_->modelStatus()->model()->tokenizer().encode(editor_->bytesBeforeCaret().toStdString());
        const auto reused = controller_->current()->suggestion.reused_prefix_tokens;
        QVERIFY2(reused + 2 >= static_cast<std::int64_t>(prompt.size()), qPrintable(QString("reused %1 of %2").arg(reused).arg(prompt.size())));
        // A caret that comes to rest mid-line (where no suggestion is asked for) is prefilled there
        // too; the same place is not computed twice.
        const int started = controller_->prefillsStarted();
        editor_->setCursorPosition(0, 3);  // "imp|ort sys"
        QTRY_COMPARE_WITH_TIMEOUT(controller_->prefillsStarted(), started + 1, 5000);
        editor_->setCursorPosition(0, 4);
        editor_->setCursorPosition(0, 3);
        QTest::qWait(600);
        QCOMPARE(controller_->prefillsStarted(), started + 1);
        controller_->setEnabled(false);  // the next tests start from a clean state
        controller_->setEnabled(true);
    }

    void returnUnderAMultiLineGhostLeavesNoAnnotation() {
        // A multi-line ghost puts its later lines in a Scintilla annotation; typing into it and
        // then Return must not leave a grey line behind. (The stale line seen when typing fast
        // under Xvfb came from a timing this test does not reproduce; it guards the paths it can.)
        controller_->setEnabled(false);
        editor_->setText("x = 1\n\n\ndef count(grid");
        editor_->SendScintilla(QsciScintilla::SCI_DOCUMENTEND);
        editor_->showGhostText("):\n    \"\"\"Count the cells.\"\"\"");
        QVERIFY(editor_->hasGhostText());
        QTest::keyClicks(editor_, "):");  // typed as the ghost says: consumed, the rest stays
        QVERIFY(editor_->hasGhostText());
        QTest::keyClick(editor_, Qt::Key_Return);
        QTest::keyClicks(editor_, "total = 0");
        for (int line = 0; line < editor_->lines(); ++line)
            QCOMPARE(static_cast<int>(editor_->SendScintilla(QsciScintilla::SCI_ANNOTATIONGETLINES, line)), 0);
        controller_->setEnabled(true);
    }

    void healedGhostAtTheLoopVariable() {
        // What a new user meets first: "for row in grid:" ⏎ "for " — the ghost text must start
        // with the loop variable, not a second space (token healing), and equal core's suggestion.
        std::ifstream in(projects_dir() / "lava-trap" / "solution.py");
        const std::string starter((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
        editor_->setText(QString::fromStdString(starter + "\n\ndef count(grid):\n    total = 0\n    for row in grid:\n        "));
        typeAndWait("for ");
        QTRY_VERIFY_WITH_TIMEOUT(editor_->hasGhostText() && editor_->bytesBeforeCaret() == controller_->current()->prefix, 20000);
        QVERIFY(editor_->bytesBeforeCaret().endsWith("for "));  // the document's text, no terminator
        const auto& shown = controller_->current()->suggestion;
        QCOMPARE(QString::fromStdString(shown.typed_prefix), QString(" for "));
        qInfo("ghost after 'for ': \"%s\"", qPrintable(editor_->ghostText().section('\n', 0, 0)));
        const QString ghost = editor_->ghostText();
        QVERIFY2(!ghost.isEmpty() && !ghost.front().isSpace(), qPrintable(ghost));
        QCOMPARE(ghost.toStdString(), expectedSuggestion(editor_->bytesBeforeCaret()));
    }

    void ghostTextEqualsCoreAndTabInsertsExactlyIt() {
        typeAndWait("    def __init__(self");
        QTRY_VERIFY_WITH_TIMEOUT(editor_->hasGhostText(), 20000);
        const QByteArray prefix = editor_->bytesBeforeCaret();
        const std::string expected = expectedSuggestion(prefix);
        QCOMPARE(editor_->ghostText().toStdString(), expected);
        QVERIFY2(!editor_->text().contains(editor_->ghostText()) || expected.size() < 3, "ghost text is not in the document");
        const QString before = editor_->text();
        QTest::keyClick(editor_, Qt::Key_Tab);
        QCOMPARE(editor_->text(), before + QString::fromStdString(expected));
        QVERIFY(!editor_->hasGhostText());
        // One undo restores the exact text before the accept.
        editor_->undo();
        QCOMPARE(editor_->text(), before);
    }

    void savedFileNeverContainsGhostText() {
        editor_->setText("import sys\n\n\nclass Point:\n");
        typeAndWait("    def __init__(self, x");
        QTRY_VERIFY_WITH_TIMEOUT(editor_->hasGhostText(), 20000);
        const QString documentText = editor_->text();
        QString error;
        QVERIFY2(editor_->saveFile(&error), qPrintable(error));
        QFile saved(project_.path() + "/solution.py");
        QVERIFY(saved.open(QIODevice::ReadOnly));
        QCOMPARE(QString::fromUtf8(saved.readAll()), documentText);
        QVERIFY(editor_->hasGhostText());  // saving does not disturb the suggestion
        // Copy sees only the document.
        editor_->selectAll();
        QVERIFY(!editor_->selectedText().endsWith(editor_->ghostText()) || editor_->ghostText().isEmpty());
        editor_->SendScintilla(QsciScintilla::SCI_DOCUMENTEND);
    }

    void partialAcceptWordAndLine() {
        editor_->setText("import sys\n\n\ndef main():\n");
        typeAndWait("    for i in ");
        QTRY_VERIFY_WITH_TIMEOUT(editor_->hasGhostText(), 20000);
        const QString ghost = editor_->ghostText();
        const QString before = editor_->text();
        const QString word = CodeEditor::nextWord(ghost);
        QTest::keyClick(editor_, Qt::Key_Right, Qt::ControlModifier);
        QCOMPARE(editor_->text(), before + word);
        QCOMPARE(editor_->ghostText(), ghost.mid(word.size()));
        if (editor_->hasGhostText()) {
            const QString rest = editor_->ghostText();
            const QString line = CodeEditor::nextLine(rest);
            QTest::keyClick(editor_, Qt::Key_Down, Qt::ControlModifier);
            QCOMPARE(editor_->text(), before + word + line);
            QCOMPARE(editor_->ghostText(), rest.mid(line.size()));
        }
    }

    void escapeRejectsWithoutAskingAgain() {
        editor_->setText("import sys\n\n\ndef main():\n");
        typeAndWait("    n = int(");
        QTRY_VERIFY_WITH_TIMEOUT(editor_->hasGhostText(), 20000);
        const QString before = editor_->text();
        const int calls = controller_->modelCalls();
        QSignalSpy requested(controller_, &SuggestionController::requested);
        QTest::keyClick(editor_, Qt::Key_Escape);
        QVERIFY(!editor_->hasGhostText());
        QCOMPARE(editor_->text(), before);
        QVERIFY(!controller_->requestPending());  // nothing scheduled: no request can follow
        QCoreApplication::processEvents();
        QCOMPARE(requested.count(), 0);
        QCOMPARE(controller_->modelCalls(), calls);
    }

    void typingTheGhostConsumesIt() {
        editor_->setText("import sys\n\n\ndef main():\n");
        typeAndWait("    for i in ");
        QTRY_VERIFY_WITH_TIMEOUT(editor_->ghostText().size() >= 2, 20000);
        const QString ghost = editor_->ghostText();
        const int calls = controller_->modelCalls();
        QSignalSpy requested(controller_, &SuggestionController::requested);
        QTest::keyClicks(editor_, ghost.left(1));
        QCOMPARE(editor_->ghostText(), ghost.mid(1));
        // No new request while the user types the suggestion: none scheduled, none started.
        QVERIFY(!controller_->requestPending());
        QCoreApplication::processEvents();
        QCOMPARE(requested.count(), 0);
        QCOMPARE(controller_->modelCalls(), calls);
        QTest::keyClicks(editor_, "#");  // a different character dismisses and asks again
        QVERIFY(!editor_->hasGhostText() || editor_->ghostText() != ghost.mid(1));
        QTRY_VERIFY_WITH_TIMEOUT(controller_->modelCalls() > calls, 5000);
    }

    void visualizerCutEqualsCoreAndSliderMakesNoModelCall() {
        editor_->setText("import sys\n\n\ndef main():\n");
        typeAndWait("    n = int(sys.");
        auto* view = window_->likelihoodView();
        const auto shown = controller_->current();
        QVERIFY(shown);
        QTRY_COMPARE_WITH_TIMEOUT(view->chips()->tokenCount(), static_cast<int>(shown->suggestion.tokens.size()), 5000);
        std::vector<double> lp;
        for (const auto& t : shown->suggestion.tokens) lp.push_back(t.logprob);
        const int calls = controller_->modelCalls();
        const int jobs = window_->worker()->jobsRun();
        // Within lookahead × η (12 nats × 2) every η is answered from the tokens already scored.
        for (double eta : {0.0, 1.5, 3.0, 6.0, 9.0, 12.0}) {
            view->slider()->setValue(static_cast<int>(eta * 10));
            QCOMPARE(view->eta(), eta);
            const auto expected = empower::threshold_cut(std::span<const double>(lp), eta);
            QCOMPARE(view->cut(), static_cast<int>(expected));
            QCOMPARE(view->chips()->cut(), static_cast<int>(expected));
            QCOMPARE(controller_->current()->suggestion.cut, expected);
            QCOMPARE(view->chart()->etaLineLevel(), eta);
            // The ghost text follows the slider: the kept tokens, re-cut without the model.
            QCOMPARE(editor_->ghostText().toStdString(), controller_->current()->suggestion.text);
        }
        QVERIFY(!controller_->requestPending());  // the slider scheduled no model call
        QCoreApplication::processEvents();
        QCOMPARE(controller_->modelCalls(), calls);
        QCOMPARE(window_->worker()->jobsRun(), jobs);
        // The hover text names probability, rank and alternatives.
        if (view->chips()->tokenCount() > 0) {
            const QString tip = view->chips()->toolTipFor(0);
            QVERIFY(tip.contains("p = "));
            QVERIFY(tip.contains("rank"));
            QVERIFY(tip.contains("alternatives"));
        }
    }

    // The Context setting is part of the generation: changing it asks the model again, and the
    // ghost is then what core suggests with that cap.
    void contextCapChangeAsksAgain() {
        editor_->setText("import sys\n\n\ndef main():\n    data = sys.stdin.read().split()\n");
        typeAndWait("    n = int(data[");
        QTRY_VERIFY_WITH_TIMEOUT(!controller_->requestPending() && controller_->current(), 20000);
        const int calls = controller_->modelCalls();
        auto policy = controller_->policy();
        QCOMPARE(policy.context_tokens, 1024);  // the default
        policy.context_tokens = 12;
        controller_->setPolicy(policy);
        QTRY_VERIFY_WITH_TIMEOUT(controller_->modelCalls() > calls && controller_->current() && !controller_->requestPending(), 20000);
        // Polled, not read once: under load (the fresh-clone CI, 2 cores) the first read once saw a
        // different text — the ghost posted when its cut was final, before the lookahead's post.
        const auto expected = expectedSuggestion(editor_->bytesBeforeCaret());
        QTRY_COMPARE_WITH_TIMEOUT(controller_->current()->suggestion.text, expected, 20000);
        policy.context_tokens = 1024;
        controller_->setPolicy(policy);
        QTRY_VERIFY_WITH_TIMEOUT(controller_->current() && !controller_->requestPending(), 20000);
    }

    void midLineBeforeClosersKeepsThem() {
        // `n = int(|)`: suggested in front of the closer, which stays after the ghost once accepted.
        editor_->setText("import sys\n\n\ndef main():\n    n = int()\n");
        editor_->setCursorPosition(4, 12);
        QCOMPARE(editor_->restOfCaretLine(), QByteArray(")"));
        controller_->requestNow();
        QTRY_VERIFY_WITH_TIMEOUT(controller_->current() != nullptr, 20000);
        const QByteArray prefix = editor_->bytesBeforeCaret();
        auto model = window_->modelStatus()->model();
        auto session = model->new_session();
        empower::SuggestRequest request{std::string_view(prefix.constData(), prefix.size()), controller_->policy(), 5, nullptr};
        request.line_suffix = ")";
        const std::string expected = empower::suggest(*model, *session, request).text;
        qInfo("ghost at 'n = int(|)': \"%s\"", expected.c_str());
        QCOMPARE(editor_->ghostText().toStdString(), expected);
        QVERIFY2(!editor_->ghostText().contains('\n'), "a mid-line ghost is one line");
        QCOMPARE(QString::fromStdString(controller_->current()->suggestion.line_suffix), QString(")"));
        if (expected.empty()) QSKIP("the bundled model suggests nothing here at this η");
        QTest::keyClick(editor_, Qt::Key_Tab);
        const QString line = editor_->text(4);
        QCOMPARE(line, QString("    n = int(") + QString::fromStdString(expected) + ")\n");
        QCOMPARE(line.count('('), line.count(')'));  // the closer was not doubled
    }

    void noSuggestionBeforeOtherText() {
        editor_->setText("import sys\n\n\ndef main():\n    print('hello')\n");
        editor_->setCursorPosition(4, 4);  // before "print": the person is editing, not writing
        QSignalSpy requested(controller_, &SuggestionController::requested);
        const int calls = controller_->modelCalls();
        controller_->requestNow();
        QCOMPARE(requested.count(), 0);
        QCOMPARE(controller_->modelCalls(), calls);
        QVERIFY(!editor_->hasGhostText());
    }

    void textAfterCaretIsScoredLikeCore() {
        editor_->setText("import sys\n\n\ndef main():\n    print('hello')\n");
        editor_->setCursorPosition(4, 4);  // before "print"
        auto* view = window_->likelihoodView();
        QSignalSpy source(view, &LikelihoodView::sourceChanged);
        view->setSource(LikelihoodView::Source::TextAfterCaret);
        QCOMPARE(source.count(), 1);
        const QByteArray all = editor_->textBytes(0, editor_->length());
        QVERIFY(!all.contains('\0'));  // QsciScintilla::bytes() appends a NUL: the model must never see it
        const long caret = editor_->caretByteOffset();
        auto model = window_->modelStatus()->model();
        // Healed like a suggestion: the indentation before the caret is re-spelled with "print" (typed chips, 0 nats).
        const auto expected = lm::score_continuation(*model, std::string_view(all.constData(), caret),
                                                     std::string_view(all.constData() + caret, all.size() - caret), {64, 5, true});
        QVERIFY(!expected.typed_prefix.empty() && QByteArray(all.constData(), caret).endsWith(expected.typed_prefix.c_str()));
        QTRY_COMPARE_WITH_TIMEOUT(view->chips()->tokenCount(), static_cast<int>(expected.tokens.size()), 10000);
        std::vector<double> lp;
        for (const auto& t : expected.tokens) lp.push_back(t.logprob);
        QCOMPARE(view->cut(), static_cast<int>(empower::threshold_cut(std::span<const double>(lp), view->eta())));
        view->setSource(LikelihoodView::Source::Suggestion);
    }

    void wholeFileColouring() {
        editor_->setText("import sys\n\n\ndef main():\n    print('hello')\n");
        window_->wholeFileAction()->setChecked(true);
        QTRY_VERIFY_WITH_TIMEOUT(editor_->hasLikelihoodColouring(), 10000);
        window_->wholeFileAction()->setChecked(false);
        QVERIFY(!editor_->hasLikelihoodColouring());
    }

    void cleanupTestCase() {
        editor_->setModified(false);  // no save prompt on close
        window_.reset();
    }
};

QTEST_MAIN(TestSuggestionController)
#include "test_suggestion_controller.moc"

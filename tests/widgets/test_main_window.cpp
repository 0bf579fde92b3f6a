// The main window, for real under QT_QPA_PLATFORM=offscreen: it opens the sample project's
// starter code in a QScintilla editor with the Python lexer and loads the model off-thread.
#include "code_editor.h"
#include "help_dialogs.h"
#include "main_window.h"
#include "model_status.h"
#include "support/resource_paths.h"
#include "support/tiny_model.h"

#include <Qsci/qscilexerpython.h>
#include <QProgressBar>
#include <QToolButton>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QtTest>

using namespace ew;

class TestMainWindow : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private slots:
    void initTestCase() { QStandardPaths::setTestModeEnabled(true); }

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
        QFile::copy(QString::fromStdString((projects_dir() / "lava-trap" / "project.json").string()), project.path() + "/project.json");
        QString code;
        for (int i = 0; i < 60; ++i) code += QString("def f%1(x):\n    return x * %1 + read_grid()\n\n").arg(i);
        QFile starter(project.path() + "/solution.py");
        QVERIFY(starter.open(QIODevice::WriteOnly));
        starter.write(code.toUtf8());
        starter.close();
        const auto modelDir = tmp_.path() + "/tiny-colour";
        testing::write_tiny_model_dir(modelDir.toStdString());
        widgets::MainWindow window(project.path(), modelDir);
        window.show();
        QSignalSpy loaded(window.modelStatus(), &widgets::ModelStatus::loaded);
        QVERIFY(loaded.wait(30000));
        auto* editor = window.currentEditor();
        const auto model = window.modelStatus()->model();
        const auto tokens = model->tokenizer().encode(code.toStdString()).size();
        const auto fresh = std::size_t(std::clamp(model->context_length() / 2 - 1, 8, 512));  // as MainWindow windows it
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

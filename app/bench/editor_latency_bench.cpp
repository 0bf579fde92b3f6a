// empower-editor-bench: replays a real Python file typed character by character into the
// workbench's editor (offscreen, real model) and prints suggestion latency — debounce fire to
// ghost text shown — as p50/p95/max, plus the longest UI-thread stall while suggestions are
// computed. Prints figures; asserts nothing.
//
// Usage: empower-editor-bench [--file F] [--model DIR] [--chars N] [--key-interval-ms MS] [--word-pause-ms MS] [--json]
#include "code_editor.h"
#include "main_window.h"
#include "model_status.h"
#include "suggestion_controller.h"
#include "support/resource_paths.h"
#include "train/source_corpus.h"

#include "ui_stall_probe.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>

using namespace ew;

namespace {

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * (v.size() - 1) + 0.5))];
}

void typeChar(QWidget* w, QChar c) {
    int key = c == '\n' ? Qt::Key_Return : c == '\t' ? Qt::Key_Tab : c.unicode();
    QString text = c == '\n' ? QString("\r") : QString(c);
    QKeyEvent press(QEvent::KeyPress, key, Qt::NoModifier, text);
    QKeyEvent release(QEvent::KeyRelease, key, Qt::NoModifier, text);
    QApplication::sendEvent(w, &press);
    QApplication::sendEvent(w, &release);
}

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    QApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);  // do not touch the user's settings
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption fileOpt("file", "Python file to replay (default: the stdlib's textwrap.py)", "file");
    QCommandLineOption modelOpt("model", "Model directory (default: bundled)", "dir", QString::fromStdString(default_model_dir().string()));
    QCommandLineOption charsOpt("chars", "Characters to type", "n", "1500");
    QCommandLineOption intervalOpt("key-interval-ms", "Pause between keystrokes", "ms", "60");
    QCommandLineOption pauseOpt("word-pause-ms", "Extra pause after whitespace (people pause between words)", "ms", "250");
    QCommandLineOption jsonOpt("json", "Print JSON");
    parser.addOptions({fileOpt, modelOpt, charsOpt, intervalOpt, pauseOpt, jsonOpt});
    parser.process(app);

    QString path = parser.value(fileOpt);
    if (path.isEmpty()) path = QString::fromStdString((train::default_python_stdlib() / "textwrap.py").string());
    QFile source(path);
    if (!source.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "empower-editor-bench: cannot read %s\n", qPrintable(path));
        return 1;
    }
    const QString text = QString::fromUtf8(source.readAll()).left(parser.value(charsOpt).toInt());

    QTemporaryDir project;
    QFile manifest(project.path() + "/project.json");
    manifest.open(QIODevice::WriteOnly);
    manifest.write(R"({"title": "bench", "starter": "typed.py"})");
    manifest.close();
    QFile typed(project.path() + "/typed.py");
    typed.open(QIODevice::WriteOnly);
    typed.close();

    widgets::MainWindow window(project.path(), parser.value(modelOpt));
    window.show();
    bool loaded = false, failed = false;
    QObject::connect(window.modelStatus(), &widgets::ModelStatus::loaded, [&] { loaded = true; });
    QObject::connect(window.modelStatus(), &widgets::ModelStatus::failed, [&](const QString& m) {
        std::fprintf(stderr, "empower-editor-bench: %s\n", qPrintable(m));
        failed = true;
    });
    while (!loaded && !failed) QApplication::processEvents(QEventLoop::WaitForMoreEvents, 50);
    if (failed) return 1;
    auto* editor = window.currentEditor();
    editor->setAutoIndent(false);  // the file carries its own indentation
    auto* controller = window.controllerFor(editor);
    std::vector<double> latencies;
    QObject::connect(controller, &widgets::SuggestionController::suggestionShown,
                     [&](const std::shared_ptr<const widgets::ShownSuggestion>& s) { latencies.push_back(s->latencyMs); });

    UiStallProbe probe;  // the UI thread's longest busy stretch

    const int interval = parser.value(intervalOpt).toInt();
    const int wordPause = parser.value(pauseOpt).toInt();
    QElapsedTimer wall;
    wall.start();
    for (QChar c : text) {
        typeChar(editor, c);
        QElapsedTimer pause;
        pause.start();
        const int wait = interval + (c.isSpace() ? wordPause : 0);
        while (pause.elapsed() < wait) QApplication::processEvents(QEventLoop::AllEvents, 5);
    }
    // Let the last suggestion arrive.
    QElapsedTimer tail;
    tail.start();
    while (tail.elapsed() < 1500) QApplication::processEvents(QEventLoop::AllEvents, 5);
    probe.stop();

    QJsonObject out{{"file", path},
                    {"chars_typed", text.size()},
                    {"key_interval_ms", interval},
                    {"word_pause_ms", wordPause},
                    {"debounce_ms", controller->debounceMs()},
                    {"requests", controller->modelCalls()},
                    {"suggestions_shown", static_cast<int>(latencies.size())},
                    {"latency_ms_p50", percentile(latencies, 0.50)},
                    {"latency_ms_p95", percentile(latencies, 0.95)},
                    {"latency_ms_max", latencies.empty() ? 0.0 : *std::max_element(latencies.begin(), latencies.end())},
                    {"longest_ui_stall_ms", probe.longestStallMs()},
                    {"wall_s", double(wall.elapsed()) / 1000.0}};
    if (parser.isSet(jsonOpt)) {
        std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    } else {
        for (auto it = out.begin(); it != out.end(); ++it)
            std::printf("%s: %s\n", qPrintable(it.key()), qPrintable(it.value().toVariant().toString()));
    }
    editor->setModified(false);
    return 0;
}

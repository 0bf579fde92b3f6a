// empower-study-bench: a long study session as a conductor runs it — the study panel open and
// refreshing while a participant types into the participant window with suggestions on (the
// bundled model), in one process and one UI thread, as the workbench runs them. Keys arrive on a
// schedule, like a keyboard: a busy UI thread delays them, it does not slow the typist. The
// typist makes typos and backspaces them, accepts every few suggestions with Tab, and once the
// program reaches --max-doc-chars revises it (deletes a line and types it again).
// Prints the participant window's longest UI stall (a 5 ms probe timer's largest lateness) and
// key-to-paint latency (a key's scheduled time to the editor's next paint), and what one full
// replay of the finished log costs against the incremental one. Prints figures; asserts nothing.
//
// Defaults: 20,000 events at about 13 events/s, i.e. a 25-minute session. --time-scale S runs
// the same session S times faster (keys, pauses, refresh interval and suggestion debounce all
// divided by S); what a refresh costs depends on the log's length, not on the pace.
//
// Usage: empower-study-bench [--events N] [--time-scale S] [--key-interval-ms MS] [--word-pause-ms MS]
//        [--refresh-ms MS] [--max-doc-chars N] [--accept-every K] [--model DIR] [--file F] [--json]
#include "code_editor.h"
#include "participant_window.h"
#include "store/workspace.h"
#include "study/session_replay.h"
#include "study/session_replay_cache.h"
#include "study/study_report.h"
#include "study/study_store.h"
#include "study_panel.h"
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
#include <deque>
#include <random>

using namespace ew;

namespace {

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, static_cast<std::size_t>(p * static_cast<double>(v.size() - 1) + 0.5))];
}

struct Key {
    int code;
    QString text;
};

Key keyFor(QChar c) {
    if (c == '\n') return {Qt::Key_Return, "\r"};
    if (c == '\t') return {Qt::Key_Tab, "\t"};
    return {c.unicode(), QString(c)};
}

// Decides the next key from what the editor shows now.
class Typist {
public:
    Typist(QString source, widgets::CodeEditor* editor, int maxDocChars, int acceptEvery)
        : source_(std::move(source)), editor_(editor), maxDoc_(maxDocChars), acceptEvery_(acceptEvery) {}

    Key next() {
        if (!queued_.empty()) {
            Key k = queued_.front();
            queued_.pop_front();
            return k;
        }
        if (editor_->hasGhostText() && ++ghosts_ % acceptEvery_ == 0) {
            ++accepts_;
            return {Qt::Key_Tab, "\t"};
        }
        if (editor_->text().size() >= maxDoc_) return revise();
        const QChar c = source_.at(next_++ % source_.size());
        if (c.isLetter() && rng_() % 30 == 0) {  // a typo, noticed at once
            queued_.push_back({Qt::Key_Backspace, {}});
            queued_.push_back(keyFor(c));
            return {'q', "q"};
        }
        return keyFor(c);
    }
    int accepts() const { return accepts_; }

private:
    // Deletes a line from its end and queues typing it again.
    Key revise() {
        const int lines = std::max(1, editor_->lines() - 1);
        const int line = static_cast<int>(rng_() % static_cast<unsigned>(lines));
        QString text = editor_->text(line);
        if (text.endsWith('\n')) text.chop(1);
        if (text.isEmpty()) return keyFor(' ');
        editor_->setCursorPosition(line, text.size());  // a click at the line's end
        for (int i = 1; i < text.size(); ++i) queued_.push_back({Qt::Key_Backspace, {}});
        for (QChar c : text) queued_.push_back(keyFor(c == '\t' ? ' ' : c));
        return {Qt::Key_Backspace, {}};
    }

    QString source_;
    widgets::CodeEditor* editor_;
    int maxDoc_, acceptEvery_;
    qsizetype next_ = 0;
    std::deque<Key> queued_;
    int ghosts_ = 0, accepts_ = 0;
    std::mt19937 rng_{12345};
};

// Key-to-paint: a key counts from its scheduled time until the first editor paint after it was handled.
class PaintClock : public QObject {
public:
    PaintClock(QWidget* editor, QWidget* viewport, const QElapsedTimer& clock) : editor_(editor), viewport_(viewport), clock_(clock) {
        editor->installEventFilter(this);
        viewport->installEventFilter(this);
    }
    void posted(qint64 dueNs) { posted_.push_back(dueNs); }
    std::vector<double> latenciesMs;

protected:
    bool eventFilter(QObject* o, QEvent* e) override {
        if (o == editor_ && e->type() == QEvent::KeyPress && !posted_.empty()) {
            handled_.push_back(posted_.front());
            posted_.pop_front();
        } else if (o == viewport_ && e->type() == QEvent::Paint) {
            const qint64 now = clock_.nsecsElapsed();
            for (qint64 due : handled_) latenciesMs.push_back(double(now - due) / 1e6);
            handled_.clear();
        }
        return false;
    }

private:
    QWidget* editor_;
    QWidget* viewport_;
    const QElapsedTimer& clock_;
    std::deque<qint64> posted_, handled_;
};

// --trace-stalls: times every event the UI thread delivers (outermost only) and keeps the slowest,
// named by receiver class and event type — where a stall comes from, not just how long it was.
class TracingApplication : public QApplication {
public:
    using QApplication::QApplication;
    bool tracing = false;
    struct Slow {
        double ms;
        QString what;
    };
    std::vector<Slow> slowest;

    bool notify(QObject* receiver, QEvent* event) override {
        if (!tracing || depth_ > 0) return QApplication::notify(receiver, event);
        ++depth_;
        QElapsedTimer t;
        t.start();
        const QString what = QString("%1 (%2) event %3")
                                 .arg(receiver->metaObject()->className(), receiver->objectName())
                                 .arg(static_cast<int>(event->type()));
        const bool r = QApplication::notify(receiver, event);
        --depth_;
        const double ms = double(t.nsecsElapsed()) / 1e6;
        if (ms > 15) {
            slowest.push_back({ms, what});
            std::sort(slowest.begin(), slowest.end(), [](const Slow& a, const Slow& b) { return a.ms > b.ms; });
            if (slowest.size() > 12) slowest.pop_back();
        }
        return r;
    }

private:
    int depth_ = 0;
};

}  // namespace

int main(int argc, char** argv) {
    qputenv("QT_QPA_PLATFORM", qgetenv("QT_QPA_PLATFORM").isEmpty() ? QByteArray("offscreen") : qgetenv("QT_QPA_PLATFORM"));
    TracingApplication app(argc, argv);
    QStandardPaths::setTestModeEnabled(true);  // do not touch the user's settings
    QCommandLineParser parser;
    parser.addHelpOption();
    QCommandLineOption eventsOpt("events", "Stop when the session's log holds this many events", "n", "20000");
    QCommandLineOption scaleOpt("time-scale", "Run the session this many times faster than real time", "s", "1");
    QCommandLineOption intervalOpt("key-interval-ms", "Pause between keystrokes (real time)", "ms", "55");
    QCommandLineOption pauseOpt("word-pause-ms", "Extra pause after whitespace (real time)", "ms", "180");
    QCommandLineOption refreshOpt("refresh-ms", "How often the conductor's view is refreshed (real time)", "ms", "5000");
    QCommandLineOption maxDocOpt("max-doc-chars", "Program length after which the typist revises lines", "n", "8000");
    QCommandLineOption acceptOpt("accept-every", "Press Tab on every K-th key that finds a suggestion showing", "k", "4");
    QCommandLineOption modelOpt("model", "Model directory (default: bundled)", "dir", QString::fromStdString(default_model_dir().string()));
    QCommandLineOption fileOpt("file", "Python source the typist types (default: the stdlib's textwrap.py)", "file");
    QCommandLineOption jsonOpt("json", "Print JSON");
    QCommandLineOption traceOpt("trace-stalls", "Print the slowest UI-thread events (receiver class, event type) to stderr");
    parser.addOptions({traceOpt, eventsOpt, scaleOpt, intervalOpt, pauseOpt, refreshOpt, maxDocOpt, acceptOpt, modelOpt, fileOpt, jsonOpt});
    parser.process(app);

    const double scale = std::max(0.01, parser.value(scaleOpt).toDouble());
    const qint64 targetEvents = parser.value(eventsOpt).toLongLong();
    const double keyNs = parser.value(intervalOpt).toDouble() * 1e6 / scale;
    const double wordPauseNs = parser.value(pauseOpt).toDouble() * 1e6 / scale;
    const int refreshMs = std::max(1, static_cast<int>(parser.value(refreshOpt).toDouble() / scale));

    QString path = parser.value(fileOpt);
    if (path.isEmpty()) path = QString::fromStdString((train::default_python_stdlib() / "textwrap.py").string());
    QFile source(path);
    if (!source.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "empower-study-bench: cannot read %s\n", qPrintable(path));
        return 1;
    }
    const QString text = QString::fromUtf8(source.readAll());

    // One assistant phase long enough for any pace; the bundled (or given) model suggests.
    QTemporaryDir dir;
    const QString workspace = dir.filePath("workspace.sqlite");
    study::StudyDesign design;
    design.name = "bench";
    design.problems = {"lava-trap"};
    design.arms = {study::Arm{"empower-4", "empower", 4.0, parser.value(modelOpt).toStdString(), 48}};
    design.phases = {study::Phase{"assistant", 1, 24 * 60, false}};

    widgets::StudyPanel panel(workspace);
    panel.resize(1100, 900);
    panel.show();
    QString error;
    if (!panel.createStudy(design, &error)) {
        std::fprintf(stderr, "empower-study-bench: %s\n", qPrintable(error));
        return 1;
    }
    const QString code = panel.enrolParticipant();
    panel.openSession(code, false);
    QElapsedTimer opening;
    opening.start();
    while (!panel.openWindow() && opening.elapsed() < 300000) QApplication::processEvents(QEventLoop::AllEvents, 20);
    auto* window = panel.openWindow();
    if (!window) {
        std::fprintf(stderr, "empower-study-bench: the participant window did not open (model %s)\n", qPrintable(parser.value(modelOpt)));
        return 1;
    }
    window->resize(1200, 800);
    window->startOrResume();
    auto* editor = window->editor();
    editor->setAutoIndent(false);  // the source carries its own indentation
    window->controller()->setDebounceMs(std::max(1, static_cast<int>(window->controller()->debounceMs() / scale)));
    int shown = 0;
    QObject::connect(window->controller(), &widgets::SuggestionController::suggestionShown, [&] { ++shown; });

    QElapsedTimer clock;
    clock.start();
    PaintClock paints(editor, editor->viewport(), clock);
    Typist typist(text, editor, parser.value(maxDocOpt).toInt(), std::max(1, parser.value(acceptOpt).toInt()));

    UiStallProbe probe;  // the UI thread's longest busy stretch
    app.tracing = parser.isSet(traceOpt);

    // The conductor's view refreshes on this schedule (on top of the panel's own 5 s poll);
    // what the call itself takes on the UI thread is measured too.
    int refreshes = 0;
    double longestRefreshCallMs = 0;
    QTimer refresher;
    QObject::connect(&refresher, &QTimer::timeout, [&] {
        QElapsedTimer t;
        t.start();
        panel.refresh();
        longestRefreshCallMs = std::max(longestRefreshCallMs, double(t.nsecsElapsed()) / 1e6);
        ++refreshes;
    });
    refresher.start(refreshMs);

    // The keyboard: every key due by now is posted, in order, like input queued by the window system.
    double dueNs = double(clock.nsecsElapsed()) + keyNs;
    int keys = 0;
    QTimer keyboard;
    keyboard.setTimerType(Qt::PreciseTimer);
    QObject::connect(&keyboard, &QTimer::timeout, [&] {
        const qint64 now = clock.nsecsElapsed();
        while (dueNs <= double(now) && window->eventLog()->durable_seq() < targetEvents) {
            const Key k = typist.next();
            QCoreApplication::postEvent(editor, new QKeyEvent(QEvent::KeyPress, k.code, Qt::NoModifier, k.text));
            QCoreApplication::postEvent(editor, new QKeyEvent(QEvent::KeyRelease, k.code, Qt::NoModifier, k.text));
            paints.posted(static_cast<qint64>(dueNs));
            ++keys;
            const bool space = k.text == " " || k.code == Qt::Key_Return;
            dueNs += keyNs + (space ? wordPauseNs : 0);
        }
        if (window->eventLog()->durable_seq() >= targetEvents) QCoreApplication::exit(0);
    });
    keyboard.start(1);
    app.exec();
    app.tracing = false;
    keyboard.stop();
    refresher.stop();
    for (const auto& slow : app.slowest) std::fprintf(stderr, "slow event %.1f ms: %s\n", slow.ms, qPrintable(slow.what));
    QElapsedTimer tail;  // the last paint and refresh
    tail.start();
    while (tail.elapsed() < 1000) QApplication::processEvents(QEventLoop::AllEvents, 5);
    probe.stop();
    const double wallS = double(clock.nsecsElapsed()) / 1e9;
    const auto docChars = editor->text().size();
    window->eventLog()->flush();

    // What a full replay of this log costs, against the incremental cache's refresh.
    store::Workspace ws(workspace.toStdString(), false);
    study::StudyStore store(ws);
    const auto s = *store.study("bench");
    const auto participant = store.participants(s.id).at(0);
    const auto session = store.sessions(participant.id).back();
    QElapsedTimer t;
    t.start();
    const auto events = store.events(session.id);
    const double readMs = double(t.nsecsElapsed()) / 1e6;
    t.restart();
    study::SessionReplay replay;
    replay.apply_all(events);
    const double replayMs = double(t.nsecsElapsed()) / 1e6;
    t.restart();
    study::compute_study_report(store, s);
    const double fullReportMs = double(t.nsecsElapsed()) / 1e6;
    study::SessionReplayCache cache;
    cache.report(store, s);
    t.restart();
    cache.report(store, s);
    const double cachedReportMs = double(t.nsecsElapsed()) / 1e6;

    const auto& lat = paints.latenciesMs;
    QJsonObject out{{"events", static_cast<qint64>(events.size())},
                    {"keys", keys},
                    {"doc_chars_final", static_cast<qint64>(docChars)},
                    {"suggestions_shown", shown},
                    {"suggestions_accepted_by_tab", typist.accepts()},
                    {"time_scale", scale},
                    {"wall_s", wallS},
                    {"session_minutes", wallS * scale / 60},
                    {"refreshes", refreshes},
                    {"refresh_call_ms_max", longestRefreshCallMs},
                    {"longest_ui_stall_ms", probe.longestStallMs()},
                    {"key_to_paint_ms_p50", percentile(lat, 0.50)},
                    {"key_to_paint_ms_p99", percentile(lat, 0.99)},
                    {"key_to_paint_ms_max", lat.empty() ? 0.0 : *std::max_element(lat.begin(), lat.end())},
                    {"log_read_ms", readMs},
                    {"replay_ms", replayMs},
                    {"replay_us_per_event", events.empty() ? 0.0 : replayMs * 1000 / double(events.size())},
                    {"full_report_ms", fullReportMs},
                    {"cached_report_ms_nothing_new", cachedReportMs}};
    if (parser.isSet(jsonOpt)) {
        std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    } else {
        for (auto it = out.begin(); it != out.end(); ++it)
            std::printf("%s: %s\n", qPrintable(it.key()), qPrintable(it.value().toVariant().toString()));
    }
    std::fflush(stdout);
    window->close();
    return 0;
}

// empower-editor-bench: replays a real Python file typed character by character into the
// workbench's editor (offscreen, real model) and prints suggestion latency — debounce fire to
// ghost text shown — as p50/p95/max, plus the longest UI-thread stall while suggestions are
// computed. Then, so that quality is printed with speed, the first-character accuracy of the
// suggestions at held-out pauses (first_character_accuracy.h), with token healing on and off.
// Prints figures; asserts nothing.
//
// --start-at N opens the file with its first N characters already written and types on from there
// with the caret at the end (a suggestion after a keystroke "once the file is open", with N
// characters of context); --weights picks how the model's weights are held (Preferences' choice).
//
// Usage: empower-editor-bench [--file F] [--model DIR] [--weights auto|fp32|bf16|int8] [--start-at N] [--policy P]
//                             [--chars N] [--key-interval-ms MS] [--word-pause-ms MS]
//                             [--accuracy-projects a,b,...] [--accuracy-per-file N] [--accuracy-policy P]
//                             [--eta-drag MOVES] [--eta-drag-text-after-caret] [--json]
//
// --eta-drag MOVES then turns the decision map on, scores the whole file and drags the η slider
// (eta_drag.h): what moving η costs the UI thread on that file; --eta-drag-text-after-caret also
// has the visualizer show the text after the caret (at the file's start) while it drags.
#include "code_editor.h"
#include "eta_drag.h"
#include "first_character_accuracy.h"
#include "main_window.h"
#include "model_status.h"
#include "suggestion_controller.h"
#include "support/resource_paths.h"
#include "train/source_corpus.h"

#include "idle_wait.h"
#include "ui_stall_probe.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QElapsedTimer>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QKeyEvent>
#include <QSettings>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTimer>
#include <algorithm>
#include <cstdio>
#include <filesystem>

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
    QCommandLineOption startOpt("start-at", "Characters of the file already written when it is opened", "n", "0");
    QCommandLineOption policyOpt("policy",
                                 "Suggestion policy while typing (default: the settings panel's, Empower-η); a random "
                                 "checkpoint's tokens all exceed η, so time it with an uncut one such as base-8", "policy");
    QCommandLineOption weightsOpt("weights", "How the model's weights are held: auto, fp32, bf16, int8", "kind", "auto");
    QCommandLineOption intervalOpt("key-interval-ms", "Pause between keystrokes", "ms", "60");
    QCommandLineOption pauseOpt("word-pause-ms", "Extra pause after whitespace (people pause between words)", "ms", "250");
    QCommandLineOption jsonOpt("json", "Print JSON");
    QCommandLineOption etaDragOpt("eta-drag", "After typing, score the whole file with the decision map on and drag the η slider "
                                              "this many steps (0: skip)", "moves", "0");
    QCommandLineOption etaDragCaretOpt("eta-drag-text-after-caret", "While dragging, the visualizer shows the text after the caret (at the file's start)");
    QCommandLineOption accuracyProjectsOpt("accuracy-projects",
                                           "Projects whose reference.py is cut for first-character accuracy (comma-separated; "
                                           "default: every bundled project with a reference.py; \"none\" skips it)", "names");
    QCommandLineOption accuracyPerFileOpt("accuracy-per-file", "Cuts of each kind per file", "n", "10");
    QCommandLineOption accuracyPolicyOpt("accuracy-policy", "Policy for the accuracy cuts (base: the uncut generation)", "policy", "base");
    parser.addOptions({fileOpt, modelOpt, charsOpt, startOpt, policyOpt, weightsOpt, intervalOpt, pauseOpt, accuracyProjectsOpt, accuracyPerFileOpt, accuracyPolicyOpt, etaDragOpt, etaDragCaretOpt, jsonOpt});
    parser.process(app);

    QString path = parser.value(fileOpt);
    if (path.isEmpty()) path = QString::fromStdString((train::default_python_stdlib() / "textwrap.py").string());
    QFile source(path);
    if (!source.open(QIODevice::ReadOnly)) {
        std::fprintf(stderr, "empower-editor-bench: cannot read %s\n", qPrintable(path));
        return 1;
    }
    const QString whole = QString::fromUtf8(source.readAll());
    const int startAt = std::clamp(parser.value(startOpt).toInt(), 0, int(whole.size()));
    const QString written = whole.left(startAt);
    const QString text = whole.mid(startAt, parser.value(charsOpt).toInt());
    QSettings().setValue("model/weights", parser.value(weightsOpt));  // test-mode settings: never the user's

    QTemporaryDir project;
    QFile manifest(project.path() + "/project.json");
    manifest.open(QIODevice::WriteOnly);
    manifest.write(R"({"title": "bench", "starter": "typed.py"})");
    manifest.close();
    QFile typed(project.path() + "/typed.py");
    typed.open(QIODevice::WriteOnly);
    typed.write(written.toUtf8());
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
    editor->setCursorPosition(editor->lines() - 1, editor->text(editor->lines() - 1).size());
    auto* controller = window.controllerFor(editor);
    if (parser.isSet(policyOpt)) {
        const auto policy = empower::SuggestionPolicy::parse(parser.value(policyOpt).toStdString());
        if (!policy || policy->adaptive) {
            std::fprintf(stderr, "empower-editor-bench: --policy must be a fixed policy (empower, base, base-N)\n");
            return 1;
        }
        controller->setPolicy(*policy);
    }
    // latency: debounce fire -> shown; model: the time inside suggest(), so that the rest is waiting
    // (a cancelled request still finishing its token, a prefill) or delivery.
    std::vector<double> latencies, modelMs, reusedTokens;
    QObject::connect(controller, &widgets::SuggestionController::suggestionShown,
                     [&](const std::shared_ptr<const widgets::ShownSuggestion>& s) {
                         latencies.push_back(s->latencyMs);
                         modelMs.push_back(s->suggestion.latency_ms);
                         reusedTokens.push_back(double(s->suggestion.reused_prefix_tokens));
                     });

    UiStallProbe probe;  // the UI thread's longest busy stretch

    const int interval = parser.value(intervalOpt).toInt();
    const int wordPause = parser.value(pauseOpt).toInt();
    QElapsedTimer wall;
    wall.start();
    for (QChar c : text) {
        typeChar(editor, c);
        idle_for_ms(interval + (c.isSpace() ? wordPause : 0));
    }
    // Let the last suggestion arrive.
    idle_for_ms(1500);
    probe.stop();

    QJsonObject out{{"file", path},
                    {"model", parser.value(modelOpt)},
                    {"weights", parser.value(weightsOpt)},
                    {"policy", parser.isSet(policyOpt) ? parser.value(policyOpt) : QString("settings panel")},
                    {"chars_written_before", startAt},
                    {"chars_typed", text.size()},
                    {"key_interval_ms", interval},
                    {"word_pause_ms", wordPause},
                    {"debounce_ms", controller->debounceMs()},
                    {"requests", controller->modelCalls()},
                    {"suggestions_shown", static_cast<int>(latencies.size())},
                    {"latency_ms_p50", percentile(latencies, 0.50)},
                    {"latency_ms_p95", percentile(latencies, 0.95)},
                    {"latency_ms_max", latencies.empty() ? 0.0 : *std::max_element(latencies.begin(), latencies.end())},
                    {"model_ms_p50", percentile(modelMs, 0.50)},
                    {"model_ms_p95", percentile(modelMs, 0.95)},
                    {"reused_prefix_tokens_p50", percentile(reusedTokens, 0.50)},
                    {"reused_prefix_tokens_min", reusedTokens.empty() ? 0.0 : *std::min_element(reusedTokens.begin(), reusedTokens.end())},
                    {"longest_ui_stall_ms", probe.longestStallMs()},
                    {"wall_s", double(wall.elapsed()) / 1000.0}};
    if (const int moves = parser.value(etaDragOpt).toInt(); moves > 0) {
        const auto drag = measure_eta_drag(window, editor, moves, parser.isSet(etaDragCaretOpt));
        for (auto it = drag.begin(); it != drag.end(); ++it) out[it.key()] = it.value();
    }
    // First-character accuracy, after the latency replay so that it cannot disturb it.
    std::vector<std::filesystem::path> referenceFiles;
    const QString wanted = parser.value(accuracyProjectsOpt);
    if (wanted != "none") {
        for (const auto& entry : std::filesystem::directory_iterator(projects_dir())) {
            const auto name = QString::fromStdString(entry.path().filename().string());
            if (!wanted.isEmpty() && !wanted.split(',').contains(name)) continue;
            if (std::filesystem::exists(entry.path() / "reference.py")) referenceFiles.push_back(entry.path() / "reference.py");
        }
        std::sort(referenceFiles.begin(), referenceFiles.end());
    }
    if (!referenceFiles.empty()) {
        auto policy = empower::SuggestionPolicy::parse(parser.value(accuracyPolicyOpt).toStdString());
        if (!policy || policy->adaptive) {
            std::fprintf(stderr, "empower-editor-bench: --accuracy-policy must be a fixed policy (empower, base, base-N)\n");
            return 1;
        }
        policy->max_tokens = std::min(policy->max_tokens, 8);  // the first character is what is measured
        const int perFile = parser.value(accuracyPerFileOpt).toInt();
        auto model = window.modelStatus()->model();
        out["accuracy_files"] = static_cast<int>(referenceFiles.size());
        out["accuracy_policy"] = QString::fromStdString(policy->label());
        for (const bool heal : {true, false}) {
            const auto r = bench::measure_first_character(*model, referenceFiles, *policy, heal, perFile);
            const QString tag = heal ? "healed" : "unhealed";
            out["after_space_cuts"] = r.after_space.cuts;
            out["mid_word_cuts"] = r.mid_word.cuts;
            out["after_space_first_char_right_" + tag] = r.after_space.right_share();
            out["after_space_starts_with_space_" + tag] = r.after_space.space_share();
            out["after_space_empty_" + tag] = r.after_space.empty_share();
            out["mid_word_first_char_right_" + tag] = r.mid_word.right_share();
            out["mid_word_empty_" + tag] = r.mid_word.empty_share();
        }
    }
    if (parser.isSet(jsonOpt)) {
        std::printf("%s\n", QJsonDocument(out).toJson(QJsonDocument::Compact).constData());
    } else {
        for (auto it = out.begin(); it != out.end(); ++it)
            std::printf("%s: %s\n", qPrintable(it.key()), qPrintable(it.value().toVariant().toString()));
    }
    editor->setModified(false);
    return 0;
}

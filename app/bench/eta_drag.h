// Dragging the η slider over a scored file, as a person explores η: the decision map is turned on,
// the whole file scored, then the visualizer's slider is moved from its low end to its high end and
// back, one step every ~16 ms (a 60 Hz drag). Each move re-walks the cached scores and redraws the
// marks, the dock's list and the curve on the UI thread, so its cost is what a drag feels like.
// With `textAfterCaret` the visualizer also shows the text after the caret (placed at the file's
// start: a context's worth of chips to re-cut per step). Prints how long each move kept the UI
// thread and its longest stall; asserts nothing.
#pragma once

#include "code_editor.h"
#include "decision_map_panel.h"
#include "likelihood_view.h"
#include "main_window.h"
#include "token_chips_view.h"

#include "idle_wait.h"
#include "ui_stall_probe.h"

#include <QAction>
#include <QApplication>
#include <QElapsedTimer>
#include <QJsonObject>
#include <QSlider>
#include <algorithm>
#include <cmath>
#include <vector>

inline QJsonObject measure_eta_drag(ew::widgets::MainWindow& window, ew::widgets::CodeEditor* editor, int moves, bool textAfterCaret) {
    QElapsedTimer scoring;
    scoring.start();
    window.decisionPointsAction()->setChecked(true);
    while (!(editor->fileScores() && editor->fileScores()->complete) && scoring.elapsed() < 30 * 60 * 1000) idle_for_ms(100);
    if (!editor->fileScores() || !editor->fileScores()->complete) return {{"eta_drag_error", "the file was not scored within 30 minutes"}};
    const double scoredS = double(scoring.elapsed()) / 1000.0;
    if (textAfterCaret) {
        editor->setCursorPosition(0, 0);
        window.likelihoodView()->setSource(ew::widgets::LikelihoodView::Source::TextAfterCaret);
        QElapsedTimer waited;
        waited.start();
        while (window.likelihoodView()->chips()->tokenCount() == 0 && waited.elapsed() < 10 * 60 * 1000) idle_for_ms(100);
    }
    idle_for_ms(500);  // let the first map's redraw finish

    QSlider* slider = window.likelihoodView()->slider();
    // Half the moves up, half down, spaced evenly on a log scale of η (the slider's own scale is
    // linear; people drag slowly where η is small).
    const double lo = std::max(1, slider->minimum()), hi = slider->maximum();
    std::vector<int> values;
    const int half = std::max(1, moves / 2);
    for (int i = 0; i < half; ++i) values.push_back(int(std::lround(lo * std::pow(hi / lo, double(i) / std::max(1, half - 1)))));
    for (int i = half - 1; i >= 0; --i) values.push_back(values[std::size_t(i)]);

    UiStallProbe probe;
    std::vector<double> moveMs;
    int mostPoints = 0;
    for (int v : values) {
        QElapsedTimer t;
        t.start();
        slider->setValue(v);
        QApplication::processEvents();  // whatever the move posted (a coalesced redraw) counts too
        moveMs.push_back(double(t.nsecsElapsed()) / 1e6);
        mostPoints = std::max(mostPoints, window.decisionMapPanel()->listedPoints());
        idle_for_ms(16);
    }
    idle_for_ms(300);  // a redraw the last move left queued
    probe.stop();
    std::sort(moveMs.begin(), moveMs.end());
    const auto at = [&](double p) { return moveMs[std::min(moveMs.size() - 1, std::size_t(p * double(moveMs.size() - 1) + 0.5))]; };
    return {{"eta_drag_moves", int(moveMs.size())},
            {"eta_drag_file_tokens", int(editor->fileScores()->tokens.size())},
            {"eta_drag_most_decision_points", mostPoints},
            {"eta_drag_visualizer_tokens", window.likelihoodView()->chips()->tokenCount()},
            {"eta_drag_scoring_s", scoredS},
            {"eta_move_ms_p50", at(0.5)},
            {"eta_move_ms_max", moveMs.back()},
            {"eta_drag_longest_ui_stall_ms", probe.longestStallMs()}};
}

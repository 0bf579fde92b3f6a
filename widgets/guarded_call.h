// The GUI's one exception boundary. Qt calls std::terminate when an exception leaves a slot, a
// lambda connected to a signal, or a queued invocation, so a damaged workspace, a garbage log or a
// truncated model file would take the whole window down. Every slot, lambda and worker callback
// that can reach core runs through guarded(): the error (core's errors name the file) is shown
// where the user is looking, and the window and every other panel keep working.
#pragma once
#include "message_bar.h"

#include <QCoreApplication>
#include <QString>
#include <exception>
#include <functional>
#include <type_traits>
#include <utility>

namespace ew::widgets {

// Runs f(); on an exception, reports "<what>: <error>" through report(QString) and returns false.
// `what` says what was being done ("Opening the session"), already translated.
template <class Report, class F>
    requires std::is_invocable_v<Report&, const QString&>
bool guarded(Report&& report, const QString& what, F&& f) noexcept {
    QString error;
    try {
        std::invoke(std::forward<F>(f));
        return true;
    } catch (const std::exception& e) {
        error = QString::fromUtf8(e.what());
    } catch (...) {
        error = QCoreApplication::translate("ew::widgets::guarded", "unknown error");
    }
    try {
        report(what.isEmpty() ? error : QStringLiteral("%1: %2").arg(what, error));
    } catch (...) {  // reporting itself failed (out of memory): nothing more can be done safely
    }
    return false;
}

// The usual sink: the panel's message bar. A success clears the bar's earlier error of the same
// `what`, so "Reading the workspace failed" goes away once the workspace reads again.
template <class F>
bool guarded(MessageBar* bar, const QString& what, F&& f) noexcept {
    const bool ok = guarded([bar, &what](const QString& message) { if (bar) bar->showError(what, message); }, what,
                            std::forward<F>(f));
    if (ok && bar) bar->clearError(what);
    return ok;
}

// For connect(): a callable that runs f(args...) inside guarded(sink, what, ...).
template <class Sink, class F>
auto guard(Sink sink, QString what, F f) {
    // The constraint lets Qt find how many of the signal's arguments f takes, as for a plain lambda.
    return [sink, what = std::move(what), f = std::move(f)](auto&&... args) -> void
               requires std::is_invocable_v<const F&, decltype(args)...>
    { guarded(sink, what, [&] { f(std::forward<decltype(args)>(args)...); }); };
}

}  // namespace ew::widgets

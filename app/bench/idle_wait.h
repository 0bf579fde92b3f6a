// Waiting in a bench the way a person's idle GUI waits: inside the event loop, asleep until a timer
// or an event. A loop of processEvents(AllEvents, 5) returns at once when nothing is queued and so
// spins a core — on a 2-core machine that is half of what the model's threads should have had
// (measured: editor suggestions 0.99 s instead of 0.6 s with the 0.6B shape).
#pragma once

#include <QEventLoop>
#include <QTimer>

inline void idle_for_ms(int ms) {
    QEventLoop loop;
    QTimer::singleShot(ms, &loop, &QEventLoop::quit);
    loop.exec();
}

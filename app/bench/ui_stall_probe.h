// The UI-thread stall probe both GUI benchmarks use: a 5 ms precise timer whose lateness is time
// the UI thread was busy elsewhere (a model result applied, a panel refreshed, a paint).
#pragma once
#include <QElapsedTimer>
#include <QTimer>
#include <algorithm>

class UiStallProbe {
public:
    UiStallProbe() {
        clock_.start();
        timer_.setTimerType(Qt::PreciseTimer);
        QObject::connect(&timer_, &QTimer::timeout, [this] {
            const qint64 now = clock_.nsecsElapsed();
            if (lastTick_) longestStallMs_ = std::max(longestStallMs_, double(now - lastTick_) / 1e6 - kPeriodMs);
            lastTick_ = now;
        });
        timer_.start(static_cast<int>(kPeriodMs));
    }
    double longestStallMs() const { return longestStallMs_; }
    void stop() { timer_.stop(); }  // before the work whose stalls must not count (shutdown, reports)

private:
    static constexpr double kPeriodMs = 5.0;
    QElapsedTimer clock_;
    QTimer timer_;
    qint64 lastTick_ = 0;
    double longestStallMs_ = 0;
};

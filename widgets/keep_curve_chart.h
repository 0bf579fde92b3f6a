// The adaptive η's estimate drawn small (issue 16 §2): the probability that this user keeps the
// next suggested token against its cumulative −log p, with the η chosen from it marked. Shown in
// the Suggestions dock while the policy is Empower-auto.
#pragma once
#include "empower/keep_curve.h"

#include <QChartView>

class QLineSeries;
class QScatterSeries;

namespace ew::widgets {

class KeepCurveChart : public QChartView {
    Q_OBJECT
public:
    explicit KeepCurveChart(QWidget* parent = nullptr);
    void show(const empower::KeepCurve& curve, double etaNats);
    int points() const;
    double markedEta() const;  // nats; -1 when none

private:
    QLineSeries* curve_;
    QScatterSeries* eta_;
};

}  // namespace ew::widgets

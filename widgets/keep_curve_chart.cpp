#include "keep_curve_chart.h"

#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>

namespace ew::widgets {

namespace {
constexpr double kMaxNats = 24;
}

KeepCurveChart::KeepCurveChart(QWidget* parent) : QChartView(parent), curve_(new QLineSeries), eta_(new QScatterSeries) {
    auto* chart = new QChart;
    chart->legend()->hide();
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->addSeries(curve_);
    chart->addSeries(eta_);
    auto* x = new QValueAxis;
    x->setRange(0, kMaxNats);
    x->setLabelFormat("%g");
    x->setTitleText(tr("cumulative −log p (nats)"));
    auto* y = new QValueAxis;
    y->setRange(0, 1);
    y->setLabelFormat("%.1f");
    y->setTitleText(tr("p(keep)"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* s : {static_cast<QXYSeries*>(curve_), static_cast<QXYSeries*>(eta_)}) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    eta_->setMarkerSize(9);
    eta_->setColor(QColor("#d9480f"));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(150);
    setToolTip(tr("How likely you are to keep the next suggested token, by how surprising the suggestion is so far "
                  "(learned from what you kept). The dot is the η suggestions are cut at now"));
}

void KeepCurveChart::show(const empower::KeepCurve& curve, double etaNats) {
    QList<QPointF> points;
    for (double c = 0; c <= kMaxNats + 1e-9; c += 0.5) points << QPointF(c, curve.keep_probability(c));
    curve_->replace(points);
    eta_->clear();
    if (etaNats >= 0 && etaNats <= kMaxNats) eta_->append(etaNats, curve.keep_probability(etaNats));
}

int KeepCurveChart::points() const { return curve_->count(); }
double KeepCurveChart::markedEta() const { return eta_->count() ? eta_->at(0).x() : -1; }

}  // namespace ew::widgets

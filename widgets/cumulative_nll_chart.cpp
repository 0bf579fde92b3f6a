#include "cumulative_nll_chart.h"
#include "app_theme.h"

#include <QChart>
#include <QLineSeries>
#include <QScatterSeries>
#include <QValueAxis>
#include <algorithm>

namespace ew::widgets {

CumulativeNllChart::CumulativeNllChart(QWidget* parent)
    : QChartView(parent), curve_(new QLineSeries), etaLine_(new QLineSeries), cutMarker_(new QScatterSeries),
      xAxis_(new QValueAxis), yAxis_(new QValueAxis) {
    auto* chart = new QChart;
    styleChart(chart);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    curve_->setName(tr("cumulative −log p"));
    curve_->setPointsVisible(true);
    etaLine_->setName(tr("η"));
    QPen etaPen(QColor(230, 120, 0));
    etaPen.setStyle(Qt::DashLine);
    etaPen.setWidth(2);
    etaLine_->setPen(etaPen);
    cutMarker_->setName(tr("cut"));
    cutMarker_->setMarkerSize(12);
    cutMarker_->setColor(QColor(230, 120, 0));
    for (auto* s : {static_cast<QAbstractSeries*>(curve_), static_cast<QAbstractSeries*>(etaLine_), static_cast<QAbstractSeries*>(cutMarker_)})
        chart->addSeries(s);
    xAxis_->setTitleText(tr("suffix tokens"));
    xAxis_->setLabelFormat("%d");
    chart->addAxis(xAxis_, Qt::AlignBottom);
    chart->addAxis(yAxis_, Qt::AlignLeft);
    for (auto* s : chart->series()) {
        s->attachAxis(xAxis_);
        s->attachAxis(yAxis_);
    }
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(140);
}

void CumulativeNllChart::setCurve(const std::vector<double>& cumulative, const QString& unitName) {
    values_ = cumulative;
    QList<QPointF> points{{0, 0}};
    for (std::size_t i = 0; i < cumulative.size(); ++i) points.append({double(i + 1), cumulative[i]});
    curve_->replace(points);
    yAxis_->setTitleText(unitName);  // short: the legend names the curve
    rescale();
}

void CumulativeNllChart::setThreshold(double eta, int cut) {
    eta_ = eta;
    const double right = std::max<double>(1.0, double(values_.size()));
    etaLine_->replace({{0, eta}, {right, eta}});
    const double y = cut <= 0 || values_.empty() ? 0.0 : values_[std::min<std::size_t>(cut, values_.size()) - 1];
    cutMarker_->replace({{double(cut), y}});
    rescale();
}

void CumulativeNllChart::rescale() {
    const double top = std::max({eta_, values_.empty() ? 1.0 : values_.back(), 1.0});
    yAxis_->setRange(0, top * 1.1);
    const int n = std::max<int>(1, static_cast<int>(values_.size()));
    xAxis_->setRange(0, n);
    // Integer ticks only: a token index of 6.3 would mislabel the cut.
    xAxis_->setTickType(QValueAxis::TicksDynamic);
    xAxis_->setTickAnchor(0);
    xAxis_->setTickInterval(std::max(1, (n + 9) / 10));
}

int CumulativeNllChart::pointCount() const { return static_cast<int>(values_.size()); }
double CumulativeNllChart::etaLineLevel() const { return etaLine_->count() ? etaLine_->at(0).y() : 0.0; }

}  // namespace ew::widgets

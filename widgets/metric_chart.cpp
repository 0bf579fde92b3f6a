#include "metric_chart.h"
#include "app_theme.h"

#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QSvgGenerator>
#include <QValueAxis>
#include <cmath>

namespace ew::widgets {

MetricChart::MetricChart(const QString& title, QWidget* parent) : QChartView(parent) {
    auto* chart = new QChart;
    styleChart(chart);
    chart->setTitle(title);
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    setChart(chart);
    setRenderHint(QPainter::Antialiasing);
    setMinimumHeight(180);
}

QVector<QPointF> MetricChart::smoothed(const QVector<QPointF>& points, double weight) {
    // Debiased EMA (as TensorBoard does), so early points are not pulled towards zero.
    QVector<QPointF> out;
    double ema = 0, norm = 0;
    for (const auto& p : points) {
        ema = weight * ema + (1 - weight) * p.y();
        norm = weight * norm + (1 - weight);
        out.append({p.x(), norm > 0 ? ema / norm : p.y()});
    }
    return out;
}

void MetricChart::setSeries(const QString& name, const QVector<QPointF>& points) {
    raw_[name] = points;
    rebuild();
}

void MetricChart::clear() {
    raw_.clear();
    rebuild();
}

void MetricChart::setSmoothing(double weight) {
    smoothing_ = std::clamp(weight, 0.0, 0.999);
    rebuild();
}

void MetricChart::setLogScale(bool on) {
    log_ = on;
    rebuild();
}

void MetricChart::rebuild() {
    auto* c = chart();
    c->removeAllSeries();
    for (auto* axis : c->axes()) {
        c->removeAxis(axis);
        delete axis;
    }
    auto* x = new QValueAxis;
    x->setTitleText(tr("step"));
    x->setLabelFormat("%d");
    c->addAxis(x, Qt::AlignBottom);
    QAbstractAxis* y = nullptr;
    if (log_) {
        auto* logAxis = new QLogValueAxis;
        logAxis->setBase(10);
        logAxis->setLabelFormat("%.3g");
        y = logAxis;
    } else {
        auto* linear = new QValueAxis;
        linear->setLabelFormat("%.3g");
        y = linear;
    }
    c->addAxis(y, Qt::AlignLeft);
    double xmin = 0, xmax = 1, ymin = std::numeric_limits<double>::max(), ymax = std::numeric_limits<double>::lowest();
    int colourIndex = 0;
    static const QColor palette[] = {QColor(31, 119, 180), QColor(255, 127, 14), QColor(44, 160, 44), QColor(214, 39, 40),
                                     QColor(148, 103, 189), QColor(140, 86, 75)};
    for (auto it = raw_.begin(); it != raw_.end(); ++it, ++colourIndex) {
        QVector<QPointF> points;
        for (const auto& p : it.value())
            if (!log_ || p.y() > 0) points.append(p);  // a log axis cannot show <= 0
        if (points.isEmpty()) continue;
        const QColor colour = palette[colourIndex % 6];
        if (smoothing_ > 0 && points.size() > 2) {
            auto* faint = new QLineSeries;
            faint->replace(points);
            QColor light = colour;
            light.setAlpha(60);
            faint->setPen(QPen(light, 1));
            c->addSeries(faint);
            faint->attachAxis(x);
            faint->attachAxis(y);
            c->legend()->markers(faint).first()->setVisible(false);
        }
        auto* line = new QLineSeries;
        line->setName(it.key());
        line->replace(smoothing_ > 0 ? smoothed(points, smoothing_) : points);
        line->setPen(QPen(colour, 2));
        c->addSeries(line);
        line->attachAxis(x);
        line->attachAxis(y);
        for (const auto& p : points) {
            xmin = std::min(xmin, p.x());
            xmax = std::max(xmax, p.x());
            ymin = std::min(ymin, p.y());
            ymax = std::max(ymax, p.y());
        }
    }
    x->setRange(xmin, std::max(xmax, xmin + 1));
    if (ymin <= ymax) {
        if (log_) y->setRange(ymin * 0.9, ymax * 1.1);
        else y->setRange(std::min(0.0, ymin), ymax * 1.05 + 1e-12);
    }
}

bool MetricChart::savePng(const QString& path) { return grab().save(path, "PNG"); }

bool MetricChart::saveSvg(const QString& path) {
    QSvgGenerator svg;
    svg.setFileName(path);
    svg.setSize(size());
    svg.setViewBox(rect());
    svg.setTitle(chart()->title());
    QPainter painter;
    if (!painter.begin(&svg)) return false;
    render(&painter);
    return painter.end();
}

}  // namespace ew::widgets

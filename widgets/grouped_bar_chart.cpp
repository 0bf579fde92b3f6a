#include "grouped_bar_chart.h"
#include "app_theme.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPen>
#include <QValueAxis>
#include <algorithm>
#include <cmath>

namespace ew::widgets {

QChart* makeGroupedBarChart(const QString& title, const QStringList& categories, const std::vector<BarSeriesData>& series,
                            double yMax, const QString& yFormat) {
    auto* chart = new QChart;
    styleChart(chart);
    chart->setTitle(title);
    auto* bars = new QBarSeries;
    double top = 0;
    for (const auto& s : series) {
        auto* set = new QBarSet(s.name);
        for (std::size_t c = 0; c < static_cast<std::size_t>(categories.size()); ++c) {
            const double v = c < s.values.size() && std::isfinite(s.values[c]) ? s.values[c] : 0.0;
            *set << v;
            top = std::max(top, v);
            if (c < s.upper.size() && std::isfinite(s.upper[c])) top = std::max(top, s.upper[c]);
        }
        bars->append(set);
    }
    chart->addSeries(bars);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    chart->addAxis(x, Qt::AlignBottom);
    bars->attachAxis(x);
    auto* y = new QValueAxis;
    y->setRange(0, yMax > 0 ? yMax : (top > 0 ? top * 1.15 : 1.0));
    y->setTickCount(6);
    if (yMax <= 0) y->applyNiceNumbers();  // round tick labels for data-driven ranges
    y->setLabelFormat(yFormat);
    chart->addAxis(y, Qt::AlignLeft);
    bars->attachAxis(y);
    // Whiskers on a hidden numeric axis aligned with the categories (category i at x = i).
    auto* xv = new QValueAxis;
    xv->setRange(-0.5, categories.size() - 0.5);
    xv->setVisible(false);
    chart->addAxis(xv, Qt::AlignBottom);
    const double group = bars->barWidth();
    const int n = static_cast<int>(series.size());
    for (int k = 0; k < n; ++k) {
        const auto& s = series[static_cast<std::size_t>(k)];
        for (std::size_t c = 0; c < s.lower.size() && c < s.upper.size() && c < static_cast<std::size_t>(categories.size()); ++c) {
            if (!std::isfinite(s.lower[c]) || !std::isfinite(s.upper[c]) || (c < s.values.size() && !std::isfinite(s.values[c])))
                continue;
            const double cx = static_cast<double>(c) - group / 2 + group * (k + 0.5) / n;
            auto* whisker = new QLineSeries;
            whisker->append(cx, s.lower[c]);
            whisker->append(cx, s.upper[c]);
            whisker->setPen(QPen(Qt::black, 1.5));
            chart->addSeries(whisker);
            whisker->attachAxis(xv);
            whisker->attachAxis(y);
            chart->legend()->markers(whisker).first()->setVisible(false);
        }
    }
    chart->legend()->setAlignment(Qt::AlignBottom);
    return chart;
}

}  // namespace ew::widgets

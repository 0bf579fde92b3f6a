// Grouped bar charts with whiskers, in the style of the paper's Figures 2 and 3: one group of bars
// per category (a metric, or a questionnaire item), one bar per series (an assistant), each bar
// with an interval drawn as a vertical whisker (±1 standard error, or a confidence interval).
#pragma once
#include <QString>
#include <QStringList>
#include <vector>

class QChart;

namespace ew::widgets {

struct BarSeriesData {
    QString name;
    std::vector<double> values;         // one per category; NaN draws as 0 without a whisker
    std::vector<double> lower, upper;   // whisker ends per category; empty: no whiskers
};

// Builds a new chart (the caller owns it, e.g. through QChartView::setChart). yMax <= 0 picks a
// range from the data.
QChart* makeGroupedBarChart(const QString& title, const QStringList& categories, const std::vector<BarSeriesData>& series,
                            double yMax = 0, const QString& yFormat = "%.1f");

}  // namespace ew::widgets

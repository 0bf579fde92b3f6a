// The paper's Figure 1, live: cumulative NLL of the suffix tokens (Qt Charts), the η line and a
// marker at the cut.
#pragma once
#include <QChartView>
#include <vector>

class QLineSeries;
class QScatterSeries;
class QValueAxis;

namespace ew::widgets {

class CumulativeNllChart : public QChartView {
    Q_OBJECT
public:
    explicit CumulativeNllChart(QWidget* parent = nullptr);
    void setCurve(const std::vector<double>& cumulative, const QString& unitName);  // in display units
    void setThreshold(double eta, int cut);
    int pointCount() const;
    double etaLineLevel() const;

private:
    void rescale();
    QLineSeries* curve_;
    QLineSeries* etaLine_;
    QScatterSeries* cutMarker_;
    QValueAxis* xAxis_;
    QValueAxis* yAxis_;
    std::vector<double> values_;
    double eta_ = 0;
};

}  // namespace ew::widgets

// A line chart of training metrics (Qt Charts): several named series over steps, exponential
// smoothing (raw points kept faint behind), a log-scale y axis toggle, PNG and SVG export.
#pragma once
#include <QChartView>
#include <QMap>
#include <QVector>
#include <QPointF>

class QLineSeries;
class QValueAxis;
class QLogValueAxis;

namespace ew::widgets {

class MetricChart : public QChartView {
    Q_OBJECT
public:
    explicit MetricChart(const QString& title, QWidget* parent = nullptr);

    void setSeries(const QString& name, const QVector<QPointF>& points);  // replaces
    void clear();
    void setSmoothing(double weight);  // 0 = raw, 0.99 = very smooth
    void setLogScale(bool on);
    bool logScale() const { return log_; }
    int pointCount(const QString& name) const { return raw_.value(name).size(); }
    bool savePng(const QString& path);
    bool saveSvg(const QString& path);

    static QVector<QPointF> smoothed(const QVector<QPointF>& points, double weight);

private:
    void rebuild();
    QMap<QString, QVector<QPointF>> raw_;
    double smoothing_ = 0.6;
    bool log_ = false;
};

}  // namespace ew::widgets

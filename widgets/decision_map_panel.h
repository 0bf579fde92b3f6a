// The open file's decision map (issue 16 §1) as a dock: one summary line — how many decision
// points the file has at η and the share of its characters an Empower-η assistant could have
// completed — the "how much could an assistant write here" curve (that share against η, 0.5 … 32
// nats on a log axis, the current η marked), and the decision points listed; activating one moves
// the editor's caret to it. It never calls a model: it is handed the file's cached scores and
// re-walks them when η moves (empower/decision_map.h).
#pragma once
#include "decision_points_at_eta.h"

#include <QWidget>
#include <memory>

class QChartView;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QTreeView;

namespace ew::widgets {

class DecisionMapPanel : public QWidget {
    Q_OBJECT
public:
    explicit DecisionMapPanel(QWidget* parent = nullptr);

    // The list reads its rows from `points` as they are painted: showing a map costs the same for
    // ten points as for ten thousand.
    void showMap(std::shared_ptr<const DecisionPointsAtEta> points);
    void clear(const QString& why);
    QString summary() const;
    int listedPoints() const;
    int curvePoints() const;
    double markedEta() const;  // nats; the current η on the curve (-1: none)
    QChartView* chart() const { return chart_; }
    QTreeView* list() const { return list_; }

signals:
    void pointActivated(long bytePosition);

private:
    QLabel* summary_;
    QChartView* chart_;
    QLineSeries* curve_;
    QScatterSeries* current_;
    QTreeView* list_;
    class PointsModel;
    PointsModel* model_;
};

}  // namespace ew::widgets

// The open file's decision map (issue 16 §1) as a dock: one summary line — how many decision
// points the file has at η and the share of its characters an Empower-η assistant could have
// completed — the "how much could an assistant write here" curve (that share against η, 0.5 … 32
// nats on a log axis, the current η marked), and the decision points listed; activating one moves
// the editor's caret to it. It never calls a model: it is handed the file's cached scores and
// re-walks them when η moves (empower/decision_map.h).
#pragma once
#include "empower/decision_map.h"
#include "empower/nll_units.h"
#include "text/bpe_tokenizer.h"

#include <QWidget>
#include <vector>

class QChartView;
class QLabel;
class QLineSeries;
class QScatterSeries;
class QTreeWidget;

namespace ew::widgets {

class DecisionMapPanel : public QWidget {
    Q_OBJECT
public:
    explicit DecisionMapPanel(QWidget* parent = nullptr);

    // map.eta is in nats; `unit` is how η and −log p are written; `tooltips[k]` is describe() of
    // map.points[k], made once for the list and the editor's hover.
    void showMap(const empower::DecisionMap& map, const empower::FileScores& scores, const text::BpeTokenizer& tokenizer,
                 empower::NllUnit unit, const std::vector<QString>& tooltips);
    void clear(const QString& why);
    QString summary() const;
    int listedPoints() const;
    int curvePoints() const;
    double markedEta() const;  // nats; the current η on the curve (-1: none)
    QChartView* chart() const { return chart_; }

    // Tooltip text for the decision token map.points[k] (shared with the editor's hover): its −log p,
    // the running sum it took above η, its rank and the model's likeliest tokens there.
    static QString describe(const empower::DecisionMap& map, std::size_t k, const empower::FileScores& scores,
                            const text::BpeTokenizer& tokenizer, empower::NllUnit unit);

signals:
    void pointActivated(long bytePosition);

private:
    QLabel* summary_;
    QChartView* chart_;
    QLineSeries* curve_;
    QScatterSeries* current_;
    QTreeWidget* list_;
};

}  // namespace ew::widgets

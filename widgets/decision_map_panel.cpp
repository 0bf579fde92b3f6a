#include "decision_map_panel.h"

#include <QAbstractTableModel>
#include <QChart>
#include <QChartView>
#include <QFontMetrics>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QTreeView>
#include <QValueAxis>
#include <QVBoxLayout>
#include <cmath>

namespace ew::widgets {

namespace {
enum Column { kLine, kToken, kNll, kRank, kColumns };
}  // namespace

// The decision points as rows, each cell made when the view asks for it (only the rows on screen).
class DecisionMapPanel::PointsModel : public QAbstractTableModel {
public:
    using QAbstractTableModel::QAbstractTableModel;
    void show(std::shared_ptr<const DecisionPointsAtEta> points) {
        beginResetModel();
        points_ = std::move(points);
        endResetModel();
    }
    int rowCount(const QModelIndex& parent = {}) const override { return parent.isValid() || !points_ ? 0 : int(points_->count()); }
    int columnCount(const QModelIndex& parent = {}) const override { return parent.isValid() ? 0 : kColumns; }
    QVariant headerData(int section, Qt::Orientation orientation, int role) const override {
        if (orientation != Qt::Horizontal || role != Qt::DisplayRole) return {};
        switch (section) {
            case kLine: return DecisionMapPanel::tr("Line");
            case kToken: return DecisionMapPanel::tr("Token");
            case kNll: return DecisionMapPanel::tr("−log p");
            case kRank: return DecisionMapPanel::tr("Rank");
            default: return {};
        }
    }
    QVariant data(const QModelIndex& index, int role) const override {
        if (!points_ || !index.isValid() || index.row() >= rowCount()) return {};
        const auto k = static_cast<std::size_t>(index.row());
        const auto& t = points_->token(k);
        if (role == Qt::UserRole) return static_cast<qlonglong>(t.byte_offset);
        if (role == Qt::ToolTipRole && index.column() == kToken) return points_->describe(k);
        if (role != Qt::DisplayRole) return {};
        switch (index.column()) {
            case kLine: return QString::number(t.line);
            case kToken: return points_->tokenText(k);
            case kNll: return QString::number(empower::from_nats(t.nll, points_->unit()), 'f', 2);
            case kRank: return t.rank > 0 ? QString::number(t.rank) : QStringLiteral(">%1").arg(t.top.size());
            default: return {};
        }
    }

private:
    std::shared_ptr<const DecisionPointsAtEta> points_;
};

DecisionMapPanel::DecisionMapPanel(QWidget* parent)
    : QWidget(parent), summary_(new QLabel(this)), chart_(new QChartView(this)), curve_(new QLineSeries), current_(new QScatterSeries),
      list_(new QTreeView(this)), model_(new PointsModel(this)) {
    summary_->setWordWrap(true);
    summary_->setText(tr("Turn on View → Decision Points to see where an Empower-η assistant would have stopped in this file."));
    auto* chart = new QChart;
    chart->setTitle(tr("Completable share by η"));
    chart->setMargins(QMargins(2, 2, 2, 2));
    chart->legend()->hide();
    chart->addSeries(curve_);
    chart->addSeries(current_);
    auto* x = new QLogValueAxis;
    x->setBase(2);
    x->setRange(0.5, 32);
    x->setLabelFormat("%g");
    x->setTitleText(tr("η (nats)"));
    auto* y = new QValueAxis;
    y->setRange(0, 1);
    y->setLabelFormat("%.1f");
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    for (auto* s : {static_cast<QXYSeries*>(curve_), static_cast<QXYSeries*>(current_)}) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    current_->setMarkerSize(9);
    current_->setColor(QColor("#d9480f"));
    chart_->setChart(chart);
    chart_->setRenderHint(QPainter::Antialiasing);
    chart_->setMinimumHeight(180);
    chart_->setToolTip(tr("The share of the file's characters outside decision tokens, at each η: how much an Empower-η assistant "
                          "could have written here. The dot is the current η"));
    list_->setModel(model_);
    list_->setRootIsDecorated(false);
    list_->setUniformRowHeights(true);  // the view need not measure every row to scroll
    // Widths from the font, not from the rows' contents: ResizeToContents measured every row's text
    // on every η move (thousands of rows on a long file).
    const QFontMetrics metrics(list_->font());
    list_->header()->setStretchLastSection(false);
    list_->header()->setSectionResizeMode(QHeaderView::Interactive);
    list_->header()->setSectionResizeMode(kToken, QHeaderView::Stretch);
    list_->header()->resizeSection(kLine, metrics.horizontalAdvance(QStringLiteral("00000")) + 16);
    list_->header()->resizeSection(kNll, metrics.horizontalAdvance(QStringLiteral("−log p")) + 16);
    list_->header()->resizeSection(kRank, metrics.horizontalAdvance(QStringLiteral(">Rank")) + 16);
    list_->setToolTip(tr("The decision points in file order; activate one to go there (F8 / Shift+F8 in the editor)"));
    connect(list_, &QTreeView::activated, this, [this](const QModelIndex& index) {
        emit pointActivated(index.data(Qt::UserRole).toLongLong());
    });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(chart_, 2);
    layout->addWidget(list_, 3);
    setMinimumWidth(300);
}

void DecisionMapPanel::showMap(std::shared_ptr<const DecisionPointsAtEta> points) {
    const auto& map = points->map();
    const auto unit = points->unit();
    const double share = map.total_chars ? double(map.completable_chars) / double(map.total_chars) : 1.0;
    QString text = tr("%n decision point(s) at η = %1 %2: an Empower-η assistant could have completed %3 % of %4 characters", "",
                      static_cast<int>(map.points.size()))
                       .arg(empower::from_nats(map.eta, unit))
                       .arg(QString::fromLatin1(empower::unit_name(unit)))
                       .arg(100 * share, 0, 'f', 1)
                       .arg(map.total_chars);
    if (!points->scores().complete) text += tr(" (scored so far)");
    summary_->setText(text);
    QList<QPointF> curve;
    for (const auto& p : map.by_eta) curve << QPointF(p.eta, p.completable_share);
    if (curve != curve_->points()) curve_->replace(curve);  // the same for every η of one file's scores
    current_->clear();
    if (map.eta >= 0.5 && map.eta <= 32) current_->append(map.eta, share);
    model_->show(std::move(points));
}

void DecisionMapPanel::clear(const QString& why) {
    summary_->setText(why);
    curve_->clear();
    current_->clear();
    model_->show(nullptr);
}

QString DecisionMapPanel::summary() const { return summary_->text(); }
int DecisionMapPanel::listedPoints() const { return model_->rowCount(); }
int DecisionMapPanel::curvePoints() const { return curve_->count(); }
double DecisionMapPanel::markedEta() const { return current_->count() ? current_->at(0).x() : -1; }

}  // namespace ew::widgets

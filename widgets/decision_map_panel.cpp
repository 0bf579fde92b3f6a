#include "decision_map_panel.h"

#include <QChart>
#include <QChartView>
#include <QHeaderView>
#include <QLabel>
#include <QLineSeries>
#include <QLogValueAxis>
#include <QScatterSeries>
#include <QTreeWidget>
#include <QValueAxis>
#include <QVBoxLayout>
#include <cmath>

namespace ew::widgets {

namespace {
// A token as a person reads it in a list: visible whitespace, no raw line breaks.
QString shown(const std::string& bytes) {
    QString s = QString::fromUtf8(bytes.data(), static_cast<int>(bytes.size()));
    s.replace('\n', QStringLiteral("⏎")).replace('\t', QStringLiteral("→")).replace(' ', QStringLiteral("·"));
    return s;
}
enum Column { kLine, kToken, kNll, kRank };
}  // namespace

DecisionMapPanel::DecisionMapPanel(QWidget* parent)
    : QWidget(parent), summary_(new QLabel(this)), chart_(new QChartView(this)), curve_(new QLineSeries), current_(new QScatterSeries),
      list_(new QTreeWidget(this)) {
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
    list_->setColumnCount(4);
    list_->setHeaderLabels({tr("Line"), tr("Token"), tr("−log p"), tr("Rank")});
    list_->setRootIsDecorated(false);
    list_->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    list_->header()->setSectionResizeMode(kToken, QHeaderView::Stretch);
    list_->setToolTip(tr("The decision points in file order; activate one to go there (F8 / Shift+F8 in the editor)"));
    connect(list_, &QTreeWidget::itemActivated, this, [this](QTreeWidgetItem* item) {
        emit pointActivated(item->data(kLine, Qt::UserRole).toLongLong());
    });
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(summary_);
    layout->addWidget(chart_, 2);
    layout->addWidget(list_, 3);
    setMinimumWidth(300);
}

QString DecisionMapPanel::describe(const empower::DecisionMap& map, std::size_t k, const empower::FileScores& scores,
                                   const text::BpeTokenizer& tokenizer, empower::NllUnit unit) {
    const auto& t = scores.tokens[map.points[k]];
    const auto in_unit = [&](double nats) { return QString::number(empower::from_nats(nats, unit), 'f', 2); };
    const QString name = QString::fromLatin1(empower::unit_name(unit));
    double running = 0;  // since the token after the previous decision point
    for (std::size_t i = k == 0 ? 0 : map.points[k - 1] + 1; i <= map.points[k]; ++i) running += scores.tokens[i].nll;
    QString text = tr("Decision point: “%1” −log p = %2 %3").arg(shown(tokenizer.token_bytes(t.id)), in_unit(t.nll), name);
    text += tr(", taking the running −log p to %1 > η = %2").arg(in_unit(running), in_unit(map.eta));
    text += t.rank > 0 ? tr(", rank %1").arg(t.rank) : tr(", not among the model's %1 likeliest").arg(t.top.size());
    if (!t.top.empty()) {
        QStringList likelier;
        for (const auto& alt : t.top) likelier << tr("“%1” %2").arg(shown(tokenizer.token_bytes(alt.id)), in_unit(-double(alt.logprob)));
        text += "\n" + tr("The model expected (−log p): %1").arg(likelier.join(QStringLiteral(", ")));
    }
    return text;
}

void DecisionMapPanel::showMap(const empower::DecisionMap& map, const empower::FileScores& scores, const text::BpeTokenizer& tokenizer,
                               empower::NllUnit unit, const std::vector<QString>& tooltips) {
    const double share = map.total_chars ? double(map.completable_chars) / double(map.total_chars) : 1.0;
    QString text = tr("%n decision point(s) at η = %1 %2: an Empower-η assistant could have completed %3 % of %4 characters", "",
                      static_cast<int>(map.points.size()))
                       .arg(empower::from_nats(map.eta, unit))
                       .arg(QString::fromLatin1(empower::unit_name(unit)))
                       .arg(100 * share, 0, 'f', 1)
                       .arg(map.total_chars);
    if (!scores.complete) text += tr(" (scored so far)");
    summary_->setText(text);
    QList<QPointF> points;
    for (const auto& p : map.by_eta) points << QPointF(p.eta, p.completable_share);
    curve_->replace(points);
    current_->clear();
    if (map.eta >= 0.5 && map.eta <= 32) current_->append(map.eta, share);
    list_->clear();
    QList<QTreeWidgetItem*> items;
    for (std::size_t k = 0; k < map.points.size(); ++k) {
        const auto& t = scores.tokens[map.points[k]];
        auto* item = new QTreeWidgetItem;
        item->setText(kLine, QString::number(t.line));
        item->setData(kLine, Qt::UserRole, static_cast<qlonglong>(t.byte_offset));
        item->setText(kToken, shown(tokenizer.token_bytes(t.id)));
        item->setText(kNll, QString::number(empower::from_nats(t.nll, unit), 'f', 2));
        item->setText(kRank, t.rank > 0 ? QString::number(t.rank) : QStringLiteral(">%1").arg(t.top.size()));
        if (k < tooltips.size()) item->setToolTip(kToken, tooltips[k]);
        items << item;
    }
    list_->addTopLevelItems(items);
}

void DecisionMapPanel::clear(const QString& why) {
    summary_->setText(why);
    curve_->clear();
    current_->clear();
    list_->clear();
}

QString DecisionMapPanel::summary() const { return summary_->text(); }
int DecisionMapPanel::listedPoints() const { return list_->topLevelItemCount(); }
int DecisionMapPanel::curvePoints() const { return curve_->count(); }
double DecisionMapPanel::markedEta() const { return current_->count() ? current_->at(0).x() : -1; }

}  // namespace ew::widgets

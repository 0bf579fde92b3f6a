#include "decision_points_at_eta.h"

#include "lm/language_model.h"

#include <QStringList>

namespace ew::widgets {

DecisionPointsAtEta::DecisionPointsAtEta(std::shared_ptr<const empower::FileScores> scores, double eta,
                                         std::shared_ptr<const lm::LanguageModel> model, empower::NllUnit unit)
    : scores_(std::move(scores)), model_(std::move(model)), unit_(unit), map_(empower::decision_map(*scores_, eta)) {}

QString DecisionPointsAtEta::shown(lm::TokenId id) const {
    const auto model = model_.lock();
    if (!model) return QStringLiteral("#%1").arg(id);  // replaced: this map is about to be redrawn
    const auto& bytes = model->tokenizer().token_bytes(id);
    QString s = QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size()));
    s.replace('\n', QStringLiteral("⏎")).replace('\t', QStringLiteral("→")).replace(' ', QStringLiteral("·"));
    return s;
}

QString DecisionPointsAtEta::tokenText(std::size_t k) const { return shown(token(k).id); }

QString DecisionPointsAtEta::describe(std::size_t k) const {
    const auto& t = token(k);
    const auto in_unit = [&](double nats) { return QString::number(empower::from_nats(nats, unit_), 'f', 2); };
    const QString name = QString::fromLatin1(empower::unit_name(unit_));
    double running = 0;  // since the token after the previous decision point
    for (std::size_t i = k == 0 ? 0 : map_.points[k - 1] + 1; i <= map_.points[k]; ++i) running += scores_->tokens[i].nll;
    QString text = tr("Decision point: “%1” −log p = %2 %3").arg(shown(t.id), in_unit(t.nll), name);
    text += tr(", taking the running −log p to %1 > η = %2").arg(in_unit(running), in_unit(map_.eta));
    text += t.rank > 0 ? tr(", rank %1").arg(t.rank) : tr(", not among the model's %1 likeliest").arg(t.top.size());
    if (!t.top.empty()) {
        QStringList likelier;
        for (const auto& alt : t.top) likelier << tr("“%1” %2").arg(shown(alt.id), in_unit(-double(alt.logprob)));
        text += "\n" + tr("The model expected (−log p): %1").arg(likelier.join(QStringLiteral(", ")));
    }
    return text;
}

}  // namespace ew::widgets

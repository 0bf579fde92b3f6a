// One file's decision map at one η, with what it takes to describe any of its points when asked:
// the cached scores stay alive with it; the model (for its tokenizer) is only watched, so marks
// left on screen never keep a replaced model — hundreds of MB — in memory. A drag of the η slider makes one
// of these per step, so nothing per point is built up front — the dock's list and the editor's
// hover ask for a point's text only when a row is painted or a token hovered (4,700 tooltips
// built on every move kept the UI thread 40-110 ms per step on a 5,000-token file).
#pragma once
#include "empower/decision_map.h"
#include "empower/nll_units.h"

#include <QCoreApplication>
#include <QString>
#include <memory>

namespace ew::lm {
class LanguageModel;
}

namespace ew::widgets {

class DecisionPointsAtEta {
    Q_DECLARE_TR_FUNCTIONS(DecisionPointsAtEta)

public:
    // eta in nats; `unit` is how η and −log p are written.
    DecisionPointsAtEta(std::shared_ptr<const empower::FileScores> scores, double eta, std::shared_ptr<const lm::LanguageModel> model,
                        empower::NllUnit unit);

    const empower::DecisionMap& map() const { return map_; }
    const empower::FileScores& scores() const { return *scores_; }
    empower::NllUnit unit() const { return unit_; }
    std::size_t count() const { return map_.points.size(); }
    const empower::FileToken& token(std::size_t k) const { return scores_->tokens[map_.points[k]]; }

    // The k-th point's token as a person reads it in a list: visible whitespace, no raw line breaks
    // (its id, "#123", once the model is gone).
    QString tokenText(std::size_t k) const;
    // Its −log p, the running sum it took above η, its rank and the model's likeliest tokens there.
    QString describe(std::size_t k) const;

private:
    QString shown(lm::TokenId id) const;
    std::shared_ptr<const empower::FileScores> scores_;
    std::weak_ptr<const lm::LanguageModel> model_;
    empower::NllUnit unit_;
    empower::DecisionMap map_;
};

}  // namespace ew::widgets

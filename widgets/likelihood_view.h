// The token-likelihood visualizer: η slider + spin box, the source of the suffix (the current
// suggestion, or the real text after the caret as Algorithm 1 sees a human's code), the token
// chips and the cumulative-NLL chart. It never calls a model: it is handed the editor's suggestion
// with the cumulative NLL and cut the suggester computed (so the view and the ghost text never
// disagree, whatever the policy), or scored tokens, and re-cuts locally when η moves.
#pragma once
#include "empower/nll_units.h"
#include "empower/suggestion_policy.h"
#include "lm/language_model.h"
#include "text/bpe_tokenizer.h"

#include <QWidget>
#include <vector>

class QComboBox;
class QDoubleSpinBox;
class QSlider;
class QLabel;

namespace ew::widgets {

class TokenChipsView;
class CumulativeNllChart;

class LikelihoodView : public QWidget {
    Q_OBJECT
public:
    enum class Source { Suggestion, TextAfterCaret };

    explicit LikelihoodView(QWidget* parent = nullptr);

    // `typedBytes`: how many leading bytes of the tokens' text the person had typed (token healing).
    void setTokens(const text::BpeTokenizer& tokenizer, const std::vector<lm::ScoredToken>& tokens, std::size_t typedBytes = 0);
    // The editor's suggestion as it was cut: its cumulative NLL and cut are shown as they are
    // until η moves; from then on the view shows where an Empower cut at the new η would fall.
    void setSuggestion(const text::BpeTokenizer& tokenizer, const empower::Suggestion& suggestion);
    void clearTokens(const QString& why);
    void setEta(double eta);  // in the current unit; updates slider, spin box and cut
    double eta() const { return eta_; }
    void setUnit(empower::NllUnit unit);
    empower::NllUnit unit() const { return unit_; }
    Source source() const;
    void setSource(Source source);
    // Hides the suffix-source choice where only suggestions make sense (the episode viewer).
    void setSourceSelectable(bool on);
    int cut() const { return cut_; }

    TokenChipsView* chips() const { return chips_; }
    CumulativeNllChart* chart() const { return chart_; }
    QSlider* slider() const { return slider_; }
    QDoubleSpinBox* spinBox() const { return spin_; }

signals:
    void etaChanged(double eta);
    void sourceChanged(Source source);

private:
    void showTokens(const text::BpeTokenizer& tokenizer, const std::vector<lm::ScoredToken>& tokens, std::size_t typedBytes);
    void recut();

    QComboBox* sourceBox_;
    QLabel* sourceLabel_ = nullptr;
    QSlider* slider_;
    QDoubleSpinBox* spin_;
    QLabel* unitLabel_;
    QLabel* summary_;
    TokenChipsView* chips_;
    CumulativeNllChart* chart_;
    std::vector<double> logprobs_;
    std::vector<double> cumulativeNats_;  // after each token
    int givenCut_ = -1;                   // the suggestion's own cut, while η is where it was made; -1: none
    QString promptEngine_;                // instruct suggestions: how the chat prompt was rendered
    double eta_ = 8.0;
    empower::NllUnit unit_ = empower::NllUnit::Nats;
    int cut_ = 0;
};

}  // namespace ew::widgets

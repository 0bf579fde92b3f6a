#include "likelihood_view.h"

#include "cumulative_nll_chart.h"
#include "empower/threshold_cut.h"
#include "token_chips_view.h"

#include <QComboBox>
#include <QDoubleSpinBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QScrollArea>
#include <QSignalBlocker>
#include <QSlider>
#include <QSplitter>
#include <QVBoxLayout>
#include <cmath>

namespace ew::widgets {

namespace {
constexpr int kSliderSteps = 10;  // slider ticks per unit: 0.1 resolution
constexpr double kEtaMax = 40.0;
}  // namespace

LikelihoodView::LikelihoodView(QWidget* parent)
    : QWidget(parent), sourceBox_(new QComboBox(this)), slider_(new QSlider(Qt::Horizontal, this)),
      spin_(new QDoubleSpinBox(this)), unitLabel_(new QLabel(this)), summary_(new QLabel(this)),
      chips_(new TokenChipsView), chart_(new CumulativeNllChart(this)) {
    sourceBox_->addItem(tr("Current suggestion"));
    sourceBox_->addItem(tr("Text after the caret"));
    sourceBox_->setToolTip(tr("Score the assistant's suggestion, or the real text after the caret as Algorithm 1 scores a human's code"));
    slider_->setRange(0, static_cast<int>(kEtaMax * kSliderSteps));
    spin_->setRange(0, kEtaMax);
    spin_->setDecimals(1);
    spin_->setSingleStep(0.5);
    auto* etaLabel = new QLabel(tr("η"), this);
    etaLabel->setToolTip(tr("Threshold on the cumulative negative log-likelihood (Eq. 2)"));

    auto* controls = new QHBoxLayout;
    sourceLabel_ = new QLabel(tr("Suffix:"), this);
    controls->addWidget(sourceLabel_);
    controls->addWidget(sourceBox_);
    controls->addSpacing(12);
    controls->addWidget(etaLabel);
    controls->addWidget(slider_, 1);
    controls->addWidget(spin_);
    controls->addWidget(unitLabel_);

    auto* scroll = new QScrollArea(this);
    scroll->setWidget(chips_);
    scroll->setWidgetResizable(true);
    scroll->setFrameShape(QFrame::NoFrame);
    auto* split = new QSplitter(Qt::Vertical, this);
    split->addWidget(scroll);
    split->addWidget(chart_);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);

    auto* layout = new QVBoxLayout(this);
    layout->addLayout(controls);
    layout->addWidget(summary_);
    layout->addWidget(split, 1);

    connect(slider_, &QSlider::valueChanged, this, [this](int v) { setEta(double(v) / kSliderSteps); });
    connect(spin_, &QDoubleSpinBox::valueChanged, this, [this](double v) { setEta(v); });
    connect(sourceBox_, &QComboBox::currentIndexChanged, this, [this](int i) { emit sourceChanged(Source(i)); });
    setUnit(empower::NllUnit::Nats);
    clearTokens(tr("Type in the editor: suggestions and their token likelihoods appear here."));
    setEta(eta_);
}

LikelihoodView::Source LikelihoodView::source() const { return Source(sourceBox_->currentIndex()); }
void LikelihoodView::setSource(Source source) { sourceBox_->setCurrentIndex(static_cast<int>(source)); }

void LikelihoodView::setUnit(empower::NllUnit unit) {
    unit_ = unit;
    unitLabel_->setText(QString::fromLatin1(empower::unit_name(unit)));
    std::vector<double> cumulative;
    for (double nats : cumulativeNats_) cumulative.push_back(empower::from_nats(nats, unit_));
    chart_->setCurve(cumulative, unitLabel_->text());
    recut();
}

void LikelihoodView::setTokens(const text::BpeTokenizer& tokenizer, const std::vector<lm::ScoredToken>& tokens, std::size_t typedBytes) {
    showTokens(tokenizer, tokens, typedBytes);
    cumulativeNats_ = empower::cumulative_nll(std::span<const double>(logprobs_));
    givenCut_ = -1;
    promptEngine_.clear();
    setUnit(unit_);  // redraws the curve in the current unit and re-cuts
}

void LikelihoodView::setSuggestion(const text::BpeTokenizer& tokenizer, const empower::Suggestion& suggestion) {
    showTokens(tokenizer, suggestion.tokens, suggestion.typed_prefix.size());
    const bool carriesItsNumbers = suggestion.cumulative_nll.size() == suggestion.tokens.size() && suggestion.cut <= suggestion.tokens.size();
    cumulativeNats_ = carriesItsNumbers ? suggestion.cumulative_nll : empower::cumulative_nll(std::span<const double>(logprobs_));
    givenCut_ = carriesItsNumbers ? static_cast<int>(suggestion.cut) : -1;
    promptEngine_ = QString::fromStdString(suggestion.prompt_engine);
    setUnit(unit_);
}

void LikelihoodView::showTokens(const text::BpeTokenizer& tokenizer, const std::vector<lm::ScoredToken>& tokens, std::size_t typedBytes) {
    std::vector<ChipToken> chips;
    logprobs_.clear();
    auto display = [&](lm::TokenId id) {
        const auto& bytes = tokenizer.token_bytes(id);
        return TokenChipsView::visibleWhitespace(QString::fromUtf8(bytes.data(), static_cast<qsizetype>(bytes.size())));
    };
    std::size_t offset = 0;
    for (const auto& t : tokens) {
        ChipToken c{display(t.id), t, {}};
        const auto& bytes = tokenizer.token_bytes(t.id);
        if (offset < typedBytes) {
            const std::size_t typed = std::min(bytes.size(), typedBytes - offset);
            c.typedChars = static_cast<int>(TokenChipsView::visibleWhitespace(QString::fromUtf8(bytes.data(), static_cast<qsizetype>(typed))).size());
        }
        offset += bytes.size();
        for (const auto& a : t.top) c.alternatives << display(a.id);
        chips.push_back(std::move(c));
        logprobs_.push_back(t.logprob);
    }
    chips_->setTokens(std::move(chips));
}

void LikelihoodView::clearTokens(const QString& why) {
    logprobs_.clear();
    cumulativeNats_.clear();
    givenCut_ = -1;
    promptEngine_.clear();
    chips_->setTokens({});
    chart_->setCurve({}, unitLabel_->text());
    summary_->setText(why);
    recut();
}

void LikelihoodView::setEta(double eta) {
    if (std::isnan(eta) || eta < 0) return;
    const bool changed = std::abs(eta - eta_) > 1e-12;
    eta_ = eta;
    if (changed) givenCut_ = -1;  // the suggestion was cut at the old η
    {
        const QSignalBlocker b1(slider_), b2(spin_);
        slider_->setValue(static_cast<int>(std::lround(eta * kSliderSteps)));
        spin_->setValue(eta);
    }
    recut();
    if (changed) emit etaChanged(eta_);
}

void LikelihoodView::recut() {
    // Local and instant: a prefix scan over the NLLs we already have. No model call.
    cut_ = givenCut_ >= 0 ? givenCut_ : static_cast<int>(empower::threshold_cut(std::span<const double>(logprobs_), eta_, unit_));
    chips_->setCut(cut_);
    chart_->setThreshold(eta_, cut_);
    if (!logprobs_.empty()) {
        const double kept = cut_ > 0 ? cumulativeNats_[static_cast<std::size_t>(cut_) - 1] : 0.0;
        QString summary = tr("%1 of %2 tokens kept at η = %3 %4 (kept −log p = %5)")
                              .arg(cut_)
                              .arg(logprobs_.size())
                              .arg(eta_, 0, 'f', 1)
                              .arg(unitLabel_->text())
                              .arg(empower::from_nats(kept, unit_), 0, 'f', 2);
        // An instruct suggestion says how its prompt was rendered (the checkpoint's template or the fallback).
        if (!promptEngine_.isEmpty()) summary += "\n" + tr("Prompt: %1").arg(promptEngine_);
        summary_->setText(summary);
    }
}

void LikelihoodView::setSourceSelectable(bool on) {
    sourceLabel_->setVisible(on);
    sourceBox_->setVisible(on);
}

}  // namespace ew::widgets

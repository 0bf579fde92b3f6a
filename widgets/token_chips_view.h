// Suffix tokens as chips coloured by −log p (with a legend), wrapped like text; tokens past the
// Empower cut are dimmed behind a cut marker. Hovering a chip shows its probability, its rank
// among the model's top-k and the alternatives.
#pragma once
#include "lm/language_model.h"

#include <QWidget>
#include <vector>

namespace ew::widgets {

struct ChipToken {
    QString text;   // display text (whitespace made visible)
    lm::ScoredToken scored;
    QStringList alternatives;  // display text of scored.top, same order
};

class TokenChipsView : public QWidget {
    Q_OBJECT
public:
    explicit TokenChipsView(QWidget* parent = nullptr);
    void setTokens(std::vector<ChipToken> tokens);
    void setCut(int cut);
    int cut() const { return cut_; }
    int tokenCount() const { return static_cast<int>(tokens_.size()); }
    QString toolTipFor(int index) const;  // the hover text of one chip
    QSize sizeHint() const override;
    int heightForWidth(int width) const override;
    bool hasHeightForWidth() const override { return true; }

    static QString visibleWhitespace(const QString& text);

protected:
    void paintEvent(QPaintEvent*) override;
    bool event(QEvent* e) override;
    void resizeEvent(QResizeEvent*) override;

private:
    std::vector<QRect> layoutChips(int width) const;
    int legendHeight() const;

    std::vector<ChipToken> tokens_;
    std::vector<QRect> rects_;
    int cut_ = 0;
};

}  // namespace ew::widgets

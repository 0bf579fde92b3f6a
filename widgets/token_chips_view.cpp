#include "token_chips_view.h"

#include "nll_colour_scale.h"

#include <QHelpEvent>
#include <QPainter>
#include <QToolTip>
#include <cmath>

namespace ew::widgets {

namespace {
constexpr int kPad = 3, kGap = 3, kMargin = 6;
}

TokenChipsView::TokenChipsView(QWidget* parent) : QWidget(parent) {
    setMouseTracking(true);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Preferred);
    QFont f = font();
    f.setFamily("monospace");
    f.setStyleHint(QFont::Monospace);
    setFont(f);
}

QString TokenChipsView::visibleWhitespace(const QString& text) {
    QString out;
    for (QChar c : text) {
        if (c == ' ') out += QChar(0x00B7);        // ·
        else if (c == '\n') out += QChar(0x21B5);  // ↵
        else if (c == '\t') out += QChar(0x2192);  // →
        else if (c.isPrint()) out += c;
        else out += QChar(0xFFFD);
    }
    return out.isEmpty() ? QStringLiteral("∅") : out;
}

void TokenChipsView::setTokens(std::vector<ChipToken> tokens) {
    tokens_ = std::move(tokens);
    rects_ = layoutChips(width());
    updateGeometry();
    update();
}

void TokenChipsView::setCut(int cut) {
    cut_ = cut;
    update();
}

int TokenChipsView::legendHeight() const { return fontMetrics().height() + 2 * kPad + kMargin; }

std::vector<QRect> TokenChipsView::layoutChips(int width) const {
    std::vector<QRect> rects;
    const QFontMetrics fm(font());
    const int h = fm.height() + 2 * kPad;
    int x = kMargin, y = legendHeight() + kMargin;
    for (const auto& t : tokens_) {
        const int w = fm.horizontalAdvance(t.text) + 2 * kPad;
        if (x + w > width - kMargin && x > kMargin) {
            x = kMargin;
            y += h + kGap;
        }
        rects.emplace_back(x, y, w, h);
        x += w + kGap;
        // A newline token ends the visual line, as in the code.
        if (t.scored.id >= 0 && t.text.endsWith(QChar(0x21B5))) {
            x = kMargin;
            y += h + kGap;
        }
    }
    return rects;
}

int TokenChipsView::heightForWidth(int width) const {
    auto rects = layoutChips(width);
    return (rects.empty() ? legendHeight() + kMargin : rects.back().bottom()) + kMargin;
}

QSize TokenChipsView::sizeHint() const { return {400, heightForWidth(400)}; }

void TokenChipsView::resizeEvent(QResizeEvent*) { rects_ = layoutChips(width()); }

void TokenChipsView::paintEvent(QPaintEvent*) {
    QPainter p(this);
    p.setRenderHint(QPainter::Antialiasing);
    const QFontMetrics fm(font());
    // Legend: the colour scale from certain to surprising.
    const int lh = fm.height() + 2 * kPad;
    QString label = tr("−log p:");
    int x = kMargin;
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(x, kMargin, fm.horizontalAdvance(label) + 4, lh), Qt::AlignVCenter, label);
    x += fm.horizontalAdvance(label) + 8;
    for (int nats = 0; nats <= 8; nats += 2) {
        const QString text = nats == 8 ? QStringLiteral("≥8") : QString::number(nats);
        const QRect r(x, kMargin, fm.horizontalAdvance(text) + 2 * kPad + 6, lh);
        p.fillRect(r, nllColour(nats));
        p.setPen(Qt::black);
        p.drawText(r, Qt::AlignCenter, text);
        x += r.width();
    }
    p.setPen(palette().color(QPalette::WindowText));
    p.drawText(QRect(x + 8, kMargin, 400, lh), Qt::AlignVCenter, tr("nats   (dimmed: past the cut)"));

    for (std::size_t i = 0; i < tokens_.size() && i < rects_.size(); ++i) {
        const bool kept = static_cast<int>(i) < cut_;
        QColor bg = nllColour(-tokens_[i].scored.logprob);
        if (!kept) bg.setAlphaF(0.25f);
        p.setPen(Qt::NoPen);
        p.setBrush(bg);
        p.drawRoundedRect(rects_[i], 3, 3);
        p.setPen(kept ? QColor(Qt::black) : QColor(120, 120, 120));
        p.drawText(rects_[i], Qt::AlignCenter, tokens_[i].text);
    }
    // The cut marker sits between the last kept chip and the first dropped one.
    if (cut_ >= 0 && cut_ <= static_cast<int>(rects_.size()) && !rects_.empty()) {
        const QRect anchor = cut_ < static_cast<int>(rects_.size()) ? rects_[cut_] : rects_.back();
        const int cx = cut_ < static_cast<int>(rects_.size()) ? anchor.left() - kGap / 2 - 1 : anchor.right() + kGap / 2 + 1;
        p.setPen(QPen(QColor(230, 120, 0), 3));
        p.drawLine(cx, anchor.top() - 2, cx, anchor.bottom() + 2);
    }
}

QString TokenChipsView::toolTipFor(int i) const {
    const auto& t = tokens_.at(i);
    int rank = -1;
    for (std::size_t r = 0; r < t.scored.top.size(); ++r)
        if (t.scored.top[r].id == t.scored.id) rank = static_cast<int>(r) + 1;
    QString html = tr("<b>%1</b><br>p = %2 &nbsp; −log p = %3 nats<br>rank: %4")
                       .arg(t.text.toHtmlEscaped())
                       .arg(std::exp(t.scored.logprob), 0, 'f', 4)
                       .arg(-t.scored.logprob, 0, 'f', 3)
                       .arg(rank > 0 ? QString::number(rank) : tr("not in top %1").arg(t.scored.top.size()));
    if (!t.scored.top.empty()) {
        html += tr("<br><br>alternatives:<table>");
        for (std::size_t r = 0; r < t.scored.top.size() && r < static_cast<std::size_t>(t.alternatives.size()); ++r)
            html += QStringLiteral("<tr><td>%1</td><td align='right'>&nbsp;%2</td></tr>")
                        .arg(t.alternatives[static_cast<qsizetype>(r)].toHtmlEscaped())
                        .arg(std::exp(t.scored.top[r].logprob), 0, 'f', 4);
        html += "</table>";
    }
    html += i < cut_ ? tr("<br><i>kept by the cut</i>") : tr("<br><i>past the cut</i>");
    return html;
}

bool TokenChipsView::event(QEvent* e) {
    if (e->type() == QEvent::ToolTip) {
        auto* help = static_cast<QHelpEvent*>(e);
        for (std::size_t i = 0; i < rects_.size(); ++i)
            if (rects_[i].contains(help->pos())) {
                QToolTip::showText(help->globalPos(), toolTipFor(static_cast<int>(i)), this, rects_[i]);
                return true;
            }
        QToolTip::hideText();
        e->ignore();
        return true;
    }
    return QWidget::event(e);
}

}  // namespace ew::widgets

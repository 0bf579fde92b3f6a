#include "decision_marks.h"

#include <Qsci/qsciscintilla.h>
#include <QToolTip>
#include <algorithm>

namespace ew::widgets {

namespace {
// Scintilla reserves indicators 0-7 for lexers; CodeEditor's likelihood colouring uses 20-27.
constexpr int kDecisionIndicator = 28;
// Markers 25-31 are the fold margin's.
constexpr int kDecisionMarker = 8;
constexpr int kSymbolMargin = 1;
}  // namespace

DecisionMarks::DecisionMarks(QsciScintilla* editor) : QObject(editor), editor_(editor) {
    editor_->indicatorDefine(QsciScintilla::ThickCompositionIndicator, kDecisionIndicator);
    editor_->setIndicatorForegroundColor(QColor("#d9480f"), kDecisionIndicator);
    editor_->markerDefine(QsciScintilla::RightTriangle, kDecisionMarker);
    editor_->setMarkerBackgroundColor(QColor("#d9480f"), kDecisionMarker);
    editor_->setMarkerForegroundColor(QColor("#d9480f"), kDecisionMarker);
    editor_->setMarginType(kSymbolMargin, QsciScintilla::SymbolMargin);
    editor_->setMarginMarkerMask(kSymbolMargin, editor_->marginMarkerMask(kSymbolMargin) | (1 << kDecisionMarker));
    editor_->setMarginWidth(kSymbolMargin, 0);  // shown only while there are marks
    editor_->SendScintilla(QsciScintilla::SCI_SETMOUSEDWELLTIME, 400);
    connect(editor_, &QsciScintilla::SCN_DWELLSTART, this, &DecisionMarks::showTooltip);
    connect(editor_, &QsciScintilla::SCN_DWELLEND, this, [] { QToolTip::hideText(); });
}

void DecisionMarks::show(std::vector<Mark> marks, Describe describe) {
    describe_ = std::move(describe);
    const long length = editor_->SendScintilla(QsciScintilla::SCI_GETLENGTH);
    marks.erase(std::remove_if(marks.begin(), marks.end(), [&](const Mark& m) { return m.begin < 0 || m.end > length || m.end <= m.begin; }),
                marks.end());
    std::sort(marks.begin(), marks.end(), [](const Mark& a, const Mark& b) { return a.begin < b.begin; });
    marks_ = std::move(marks);
    editor_->SendScintilla(QsciScintilla::SCI_SETINDICATORCURRENT, kDecisionIndicator);
    editor_->SendScintilla(QsciScintilla::SCI_INDICATORCLEARRANGE, 0, length);
    editor_->markerDeleteAll(kDecisionMarker);
    for (const auto& m : marks_) {
        editor_->SendScintilla(QsciScintilla::SCI_INDICATORFILLRANGE, m.begin, m.end - m.begin);
        // The line of the token's first visible character: a token "\n    if" marks the line of "if";
        // one of whitespace only marks the line it starts on (where that line ends).
        long at = m.begin;
        while (at < m.end && QChar(char(editor_->SendScintilla(QsciScintilla::SCI_GETCHARAT, at))).isSpace()) ++at;
        if (at == m.end) at = m.begin;
        editor_->markerAdd(static_cast<int>(editor_->SendScintilla(QsciScintilla::SCI_LINEFROMPOSITION, at)), kDecisionMarker);
    }
    editor_->setMarginWidth(kSymbolMargin, marks_.empty() ? 0 : 14);
}

int DecisionMarks::markedLines() const {
    int lines = 0;
    for (int line = editor_->markerFindNext(0, 1 << kDecisionMarker); line >= 0; line = editor_->markerFindNext(line + 1, 1 << kDecisionMarker))
        ++lines;
    return lines;
}

QString DecisionMarks::tooltipAt(long bytePosition) const {
    const auto it = std::upper_bound(marks_.begin(), marks_.end(), bytePosition, [](long p, const Mark& m) { return p < m.begin; });
    if (it == marks_.begin()) return {};
    const auto& m = *std::prev(it);
    return bytePosition < m.end && describe_ ? describe_(m.point) : QString();
}

bool DecisionMarks::goNext() {
    const long caret = editor_->SendScintilla(QsciScintilla::SCI_GETCURRENTPOS);
    const auto it = std::upper_bound(marks_.begin(), marks_.end(), caret, [](long p, const Mark& m) { return p < m.begin; });
    if (it == marks_.end()) return false;
    editor_->SendScintilla(QsciScintilla::SCI_GOTOPOS, it->begin);
    return true;
}

bool DecisionMarks::goPrevious() {
    const long caret = editor_->SendScintilla(QsciScintilla::SCI_GETCURRENTPOS);
    const auto it = std::lower_bound(marks_.begin(), marks_.end(), caret, [](const Mark& m, long p) { return m.begin < p; });
    if (it == marks_.begin()) return false;
    editor_->SendScintilla(QsciScintilla::SCI_GOTOPOS, std::prev(it)->begin);
    return true;
}

void DecisionMarks::showTooltip(int position, int x, int y) {
    const QString text = position >= 0 ? tooltipAt(position) : QString();
    if (!text.isEmpty()) QToolTip::showText(editor_->viewport()->mapToGlobal(QPoint(x, y)), text, editor_->viewport());
}

}  // namespace ew::widgets

#include "code_editor.h"

#include "app_theme.h"
#include "decision_marks.h"

#include "nll_colour_scale.h"

#include <Qsci/qscilexerpython.h>
#include <QApplication>
#include <QFile>
#include <QFontDatabase>
#include <QKeyEvent>
#include <QPainter>
#include <QRegularExpression>
#include <QSaveFile>

namespace ew::widgets {

namespace {
QColor ghostColour(const QPalette& palette) {
    // Half-way between text and background: readable, but clearly not the document.
    const QColor fg = palette.color(QPalette::Text), bg = palette.color(QPalette::Base);
    return QColor((fg.red() + bg.red()) / 2, (fg.green() + bg.green()) / 2, (fg.blue() + bg.blue()) / 2);
}
}  // namespace

CodeEditor::CodeEditor(QWidget* parent) : QsciScintilla(parent), decisionMarks_(new DecisionMarks(this)) {
    QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
    auto* lexer = new QsciLexerPython(this);
    lexer->setDefaultFont(mono);
    for (int style = 0; style < 128; ++style) lexer->setFont(mono, style);
    // Python's convention: inconsistent indentation is worth flagging.
    lexer->setIndentationWarning(QsciLexerPython::Inconsistent);
    setLexer(lexer);
    setUtf8(true);
    setIndentationsUseTabs(false);
    setIndentationWidth(4);
    setTabWidth(4);
    setAutoIndent(true);
    setBackspaceUnindents(true);
    setIndentationGuides(true);
    setBraceMatching(QsciScintilla::SloppyBraceMatch);
    setCaretLineVisible(true);
    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginLineNumbers(0, true);
    setMarginsFont(mono);
    setFolding(QsciScintilla::BoxedTreeFoldStyle);
    setEolMode(QsciScintilla::EolUnix);
    setAnnotationDisplay(QsciScintilla::AnnotationStandard);
    QFont italic = mono;
    italic.setItalic(true);
    ghostStyle_ = QsciStyle(-1, "ghost text", ghostColour(palette()), paper(), italic);
    applyColours();
    connect(ThemeNotifier::instance(), &ThemeNotifier::themeApplied, this, &CodeEditor::applyColours);
    connect(this, &QsciScintilla::linesChanged, this, &CodeEditor::updateMarginWidth);
    connect(this, &QsciScintilla::textChanged, this, &CodeEditor::onTextChanged);
    connect(this, &QsciScintilla::cursorPositionChanged, this, &CodeEditor::onCursorMoved);
    updateMarginWidth();
}

void CodeEditor::applyColours() {
    // Scintilla paints with its own colours, not the palette: follow a light or dark theme here.
    const QPalette pal = QApplication::palette();
    const bool dark = pal.color(QPalette::Base).lightness() < 128;
    auto* lexer = this->lexer();
    if (lexer) {
        // Python styles on a dark background; a light one keeps QScintilla's defaults.
        static const std::pair<int, QColor> darkColours[] = {
            {QsciLexerPython::Comment, QColor(106, 153, 85)},           {QsciLexerPython::CommentBlock, QColor(106, 153, 85)},
            {QsciLexerPython::Number, QColor(181, 206, 168)},           {QsciLexerPython::Keyword, QColor(86, 156, 214)},
            {QsciLexerPython::DoubleQuotedString, QColor(206, 145, 120)}, {QsciLexerPython::SingleQuotedString, QColor(206, 145, 120)},
            {QsciLexerPython::TripleSingleQuotedString, QColor(206, 145, 120)},
            {QsciLexerPython::TripleDoubleQuotedString, QColor(206, 145, 120)},
            {QsciLexerPython::UnclosedString, QColor(240, 120, 120)},   {QsciLexerPython::ClassName, QColor(78, 201, 176)},
            {QsciLexerPython::FunctionMethodName, QColor(220, 220, 170)}, {QsciLexerPython::Decorator, QColor(197, 134, 192)},
            {QsciLexerPython::HighlightedIdentifier, QColor(156, 220, 254)}};
        // The light colours are QScintilla's, captured before the first change: setPaper()/setColor()
        // on the editor also rewrite the lexer's defaults.
        if (lightColours_.isEmpty())
            for (int style = 0; style < 128; ++style) lightColours_.push_back(lexer->defaultColor(style));
        for (int style = 0; style < 128; ++style) {
            lexer->setPaper(pal.color(QPalette::Base), style);
            lexer->setColor(dark ? pal.color(QPalette::Text) : lightColours_[style], style);
        }
        if (dark)
            for (const auto& [style, colour] : darkColours) lexer->setColor(colour, style);
    }
    setPaper(pal.color(QPalette::Base));
    setColor(pal.color(QPalette::Text));
    setCaretForegroundColor(pal.color(QPalette::Text));
    setCaretLineBackgroundColor(pal.color(QPalette::AlternateBase));
    setMarginsBackgroundColor(pal.color(QPalette::Window));
    setMarginsForegroundColor(pal.color(QPalette::PlaceholderText));
    setFoldMarginColors(pal.color(QPalette::Window), pal.color(QPalette::Window));
    setSelectionBackgroundColor(pal.color(QPalette::Highlight));
    setSelectionForegroundColor(pal.color(QPalette::HighlightedText));
    setIndentationGuidesForegroundColor(pal.color(QPalette::Mid));
    setIndentationGuidesBackgroundColor(pal.color(QPalette::Base));
    ghostStyle_.setColor(ghostColour(pal));
    ghostStyle_.setPaper(pal.color(QPalette::Base));
}

void CodeEditor::updateMarginWidth() { setMarginWidth(0, QStringLiteral("0%1").arg(lines())); }

bool CodeEditor::loadFile(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = tr("Cannot open %1: %2").arg(path, file.errorString());
        return false;
    }
    clearGhostText();
    setText(QString::fromUtf8(file.readAll()));
    setModified(false);
    path_ = path;
    return true;
}

bool CodeEditor::saveFile(QString* error) {
    // QSaveFile writes to a temporary file and renames on commit: no half-written sources.
    QSaveFile file(path_);
    if (!file.open(QIODevice::WriteOnly) || file.write(text().toUtf8()) < 0 || !file.commit()) {
        if (error) *error = tr("Cannot save %1: %2").arg(path_, file.errorString());
        return false;
    }
    setModified(false);
    return true;
}

long CodeEditor::caretByteOffset() const {
    return const_cast<CodeEditor*>(this)->SendScintilla(SCI_GETCURRENTPOS);
}

QByteArray CodeEditor::textBytes(int start, int end) const {
    QByteArray b = bytes(start, end);
    if (b.endsWith('\0')) b.chop(1);
    return b;
}

QByteArray CodeEditor::bytesBeforeCaret() const { return textBytes(0, static_cast<int>(caretByteOffset())); }

QByteArray CodeEditor::restOfCaretLine() const {
    auto* self = const_cast<CodeEditor*>(this);
    const long caret = caretByteOffset();
    const long lineEnd = self->SendScintilla(SCI_GETLINEENDPOSITION, self->SendScintilla(SCI_LINEFROMPOSITION, caret));
    return textBytes(static_cast<int>(caret), static_cast<int>(lineEnd));
}

// ---------------------------------------------------------------------------------------------
// Ghost text

void CodeEditor::showGhostText(const QString& ghost) {
    ghost_ = ghost;
    ghostAnchor_ = caretByteOffset();
    renderGhost();
}

void CodeEditor::clearGhostText() {
    if (ghost_.isEmpty() && annotatedLine_ < 0) return;
    ghost_.clear();
    ghostAnchor_ = -1;
    renderGhost();
}

void CodeEditor::renderGhost() {
    if (annotatedLine_ >= 0) {
        // Every line's: Scintilla moves an annotation with its line when lines are inserted or
        // removed above it, so the line it was put on may not be where it is now.
        clearAnnotations();
        annotatedLine_ = -1;
    }
    const auto newline = ghost_.indexOf('\n');
    if (newline >= 0) {
        int line = 0, index = 0;
        getCursorPosition(&line, &index);
        annotate(line, ghost_.mid(newline + 1), ghostStyle_);
        annotatedLine_ = line;
    }
    viewport()->update();
}

void CodeEditor::paintEvent(QPaintEvent* event) {
    QsciScintilla::paintEvent(event);
    if (ghost_.isEmpty() || ghostAnchor_ != caretByteOffset()) return;
    const QString firstLine = ghost_.left(ghost_.indexOf('\n') < 0 ? ghost_.size() : ghost_.indexOf('\n'));
    if (firstLine.isEmpty()) return;
    const long pos = caretByteOffset();
    const int x = static_cast<int>(SendScintilla(SCI_POINTXFROMPOSITION, 0, pos));
    const int y = static_cast<int>(SendScintilla(SCI_POINTYFROMPOSITION, 0, pos));
    const int height = static_cast<int>(SendScintilla(SCI_TEXTHEIGHT, 0));
    QPainter painter(viewport());
    const QFontMetrics metrics(ghostStyle_.font());
    const int ascent = static_cast<int>(SendScintilla(SCI_TEXTHEIGHT, 0)) - metrics.descent();
    const int baseline = y + std::min(ascent, height);
    // Mid-line: the closers after the caret move right, behind the ghost, as they will be once accepted.
    paintRestOfLineAfterGhost(painter, pos, x + metrics.horizontalAdvance(firstLine), baseline);
    painter.setFont(ghostStyle_.font());
    painter.setPen(ghostStyle_.color());
    painter.drawText(QPoint(x, baseline), firstLine);
}

void CodeEditor::paintRestOfLineAfterGhost(QPainter& painter, long caret, int ghostRight, int baseline) {
    const QByteArray rest = restOfCaretLine();
    if (rest.trimmed().isEmpty()) return;
    const int x = static_cast<int>(SendScintilla(SCI_POINTXFROMPOSITION, 0, caret));
    const int y = static_cast<int>(SendScintilla(SCI_POINTYFROMPOSITION, 0, caret));
    const int height = static_cast<int>(SendScintilla(SCI_TEXTHEIGHT, 0));
    // Cover Scintilla's own rendering of the rest (on the caret line's background), then redraw
    // it after the ghost in its lexer colour. The rest is only closers and quotes: one style each.
    const QColor background = QApplication::palette().color(QPalette::AlternateBase);
    painter.fillRect(QRect(x, y, viewport()->width() - x, height), background);
    int at = ghostRight;
    for (int i = 0; i < rest.size(); ++i) {
        const int style = static_cast<int>(SendScintilla(SCI_GETSTYLEAT, caret + i)) & 0x7f;
        painter.setFont(lexer() ? lexer()->font(style) : font());
        painter.setPen(lexer() ? lexer()->color(style) : color());
        const QString ch = QString::fromLatin1(rest.mid(i, 1));
        painter.drawText(QPoint(at, baseline), ch);
        at += QFontMetrics(painter.font()).horizontalAdvance(ch);
    }
}

namespace {
constexpr int kFirstLikelihoodIndicator = 20;  // Scintilla reserves 0-7 for lexers; 8-31 are ours
constexpr int kLikelihoodBins = 8;
}  // namespace

void CodeEditor::showLikelihoodColouring(const std::vector<std::pair<long, long>>& ranges, const std::vector<double>& nll) {
    const long length = SendScintilla(SCI_GETLENGTH);
    for (int bin = 0; bin < kLikelihoodBins; ++bin) {
        const int indicator = kFirstLikelihoodIndicator + bin;
        SendScintilla(SCI_SETINDICATORCURRENT, indicator);
        SendScintilla(SCI_INDICATORCLEARRANGE, 0, length);
        indicatorDefine(QsciScintilla::FullBoxIndicator, indicator);
        setIndicatorForegroundColor(nllColour((bin + 0.5) * kNllScaleMax / kLikelihoodBins), indicator);
        SendScintilla(SCI_INDICSETALPHA, indicator, 140);
        SendScintilla(SCI_INDICSETUNDER, indicator, true);
    }
    colouredRanges_ = 0;
    for (std::size_t i = 0; i < ranges.size() && i < nll.size(); ++i) {
        const auto [begin, end] = ranges[i];
        if (begin < 0 || end > length || end <= begin) continue;
        const int bin = std::clamp(static_cast<int>(nll[i] / kNllScaleMax * kLikelihoodBins), 0, kLikelihoodBins - 1);
        SendScintilla(SCI_SETINDICATORCURRENT, kFirstLikelihoodIndicator + bin);
        SendScintilla(SCI_INDICATORFILLRANGE, begin, end - begin);
        ++colouredRanges_;
    }
}

QString CodeEditor::nextWord(const QString& ghost) {
    // Leading whitespace (newline + indentation included), then one word or one run of symbols.
    static const QRegularExpression word(R"(^\s*(\w+|[^\w\s]+)?)");
    auto m = word.match(ghost);
    return m.capturedLength() > 0 ? m.captured(0) : ghost.left(1);
}

QString CodeEditor::nextLine(const QString& ghost) {
    const auto newline = ghost.indexOf('\n');
    if (newline < 0) return ghost;
    // A ghost starting with a newline accepts that newline and the following line.
    if (newline == 0) {
        const auto second = ghost.indexOf('\n', 1);
        return second < 0 ? ghost : ghost.left(second);
    }
    return ghost.left(newline);
}

namespace {

// Sets the editor's edit source for the duration of one scope (nesting restores the outer one).
class EditSourceScope {
public:
    EditSourceScope(CodeEditor::EditSource& slot, CodeEditor::EditSource value) : slot_(slot), saved_(slot) { slot_ = value; }
    ~EditSourceScope() { slot_ = saved_; }

private:
    CodeEditor::EditSource& slot_;
    CodeEditor::EditSource saved_;
};

}  // namespace

void CodeEditor::paste() {
    EditSourceScope scope(editSource_, EditSource::Pasted);
    QsciScintilla::paste();
}

void CodeEditor::insertAtCaret(const QString& text) {
    EditSourceScope scope(editSource_, EditSource::GhostAccept);
    ghostEdit_ = true;
    beginUndoAction();  // one undo step restores the exact text before the accept
    const long pos = caretByteOffset();
    const QByteArray utf8 = text.toUtf8();
    SendScintilla(SCI_INSERTTEXT, static_cast<unsigned long>(pos), utf8.constData());
    SendScintilla(SCI_GOTOPOS, static_cast<unsigned long>(pos + utf8.size()));
    endUndoAction();
    ghostEdit_ = false;
}

QString CodeEditor::acceptGhostText(AcceptKind kind) {
    if (ghost_.isEmpty()) return {};
    const QString part = kind == AcceptKind::All ? ghost_ : kind == AcceptKind::Word ? nextWord(ghost_) : nextLine(ghost_);
    const QString rest = ghost_.mid(part.size());
    ghost_.clear();  // hidden while the insertion moves the caret
    insertAtCaret(part);
    if (!rest.isEmpty()) showGhostText(rest);
    else renderGhost();
    emit ghostAccepted(part, rest.isEmpty());
    return part;
}

void CodeEditor::keyPressEvent(QKeyEvent* event) {
    EditSourceScope scope(editSource_, event->matches(QKeySequence::Paste) ? EditSource::Pasted : EditSource::Typed);
    if (!ghost_.isEmpty()) {
        const auto mods = event->modifiers() & (Qt::ControlModifier | Qt::ShiftModifier | Qt::AltModifier | Qt::MetaModifier);
        if (event->key() == Qt::Key_Tab && mods == Qt::NoModifier) {
            acceptGhostText(AcceptKind::All);
            return;
        }
        if (event->key() == Qt::Key_Right && mods == Qt::ControlModifier) {
            acceptGhostText(AcceptKind::Word);
            return;
        }
        if (event->key() == Qt::Key_Down && mods == Qt::ControlModifier) {
            acceptGhostText(AcceptKind::Line);
            return;
        }
        if (event->key() == Qt::Key_Escape) {
            clearGhostText();
            emit ghostRejected();
            return;
        }
        // Typing the ghost's next character consumes it instead of dismissing the suggestion.
        const QString typed = event->text();
        if (typed.size() == 1 && typed.at(0).isPrint() && ghost_.startsWith(typed) && !hasSelectedText()) {
            const QString rest = ghost_.mid(1);
            ghostEdit_ = true;
            ghost_.clear();
            QsciScintilla::keyPressEvent(event);
            ghostEdit_ = false;
            if (!rest.isEmpty()) showGhostText(rest);
            else renderGhost();
            emit ghostTypedThrough(typed);
            return;
        }
    }
    QsciScintilla::keyPressEvent(event);
}

void CodeEditor::onTextChanged() {
    fileScores_.reset();  // scored on a text that is gone
    if (ghostEdit_) return;
    clearGhostText();
    emit userEdited();
}

void CodeEditor::onCursorMoved() {
    if (ghostEdit_ || ghost_.isEmpty()) return;
    if (caretByteOffset() != ghostAnchor_) {
        clearGhostText();
        emit caretMovedAway();
    }
}

}  // namespace ew::widgets

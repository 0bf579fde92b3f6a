#include "code_editor.h"

#include <Qsci/qscilexerpython.h>
#include <QFile>
#include <QFontDatabase>
#include <QSaveFile>

namespace ew::widgets {

CodeEditor::CodeEditor(QWidget* parent) : QsciScintilla(parent) {
    const QFont mono = QFontDatabase::systemFont(QFontDatabase::FixedFont);
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
    setCaretLineBackgroundColor(palette().color(QPalette::AlternateBase));
    setMarginType(0, QsciScintilla::NumberMargin);
    setMarginLineNumbers(0, true);
    setMarginsFont(mono);
    setFolding(QsciScintilla::BoxedTreeFoldStyle);
    setEolMode(QsciScintilla::EolUnix);
    connect(this, &QsciScintilla::linesChanged, this, &CodeEditor::updateMarginWidth);
    updateMarginWidth();
}

void CodeEditor::updateMarginWidth() {
    setMarginWidth(0, QStringLiteral("0%1").arg(lines()));
}

bool CodeEditor::loadFile(const QString& path, QString* error) {
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (error) *error = tr("Cannot open %1: %2").arg(path, file.errorString());
        return false;
    }
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

}  // namespace ew::widgets

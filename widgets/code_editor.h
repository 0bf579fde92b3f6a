// The Python code editor: QScintilla with the Python lexer, line numbers, 4-space indentation, and
// inline ghost text for suggestions.
//
// Ghost text is never part of the document: its first line is painted over the viewport after
// the caret and its further lines are a QScintilla annotation under the caret line. Saving,
// undo/redo, copy and text() therefore never see it. Only accepting inserts it, as one undo step.
#pragma once
#include "empower/decision_map.h"

#include <Qsci/qsciscintilla.h>
#include <Qsci/qscistyle.h>
class QPainter;
#include <memory>
#include <utility>
#include <vector>

namespace ew::widgets {

class DecisionMarks;

class CodeEditor : public QsciScintilla {
    Q_OBJECT
public:
    enum class AcceptKind { All, Word, Line };
    // Where the edit being applied right now comes from (for study logging, read while the
    // document-modified notification is delivered): a key typed, a paste, accepting ghost text,
    // or anything else (undo/redo, drag and drop, programmatic changes).
    enum class EditSource { Typed, Pasted, GhostAccept, Other };

    explicit CodeEditor(QWidget* parent = nullptr);

    bool loadFile(const QString& path, QString* error);
    bool saveFile(QString* error);
    const QString& filePath() const { return path_; }

    // Byte offset of the caret in the UTF-8 document, and the bytes before it.
    long caretByteOffset() const;
    // The document's bytes in [start, end). QsciScintilla::bytes() also returns Scintilla's NUL
    // terminator; a prompt must never carry it (the model would complete after a NUL byte).
    QByteArray textBytes(int start, int end) const;
    QByteArray bytesBeforeCaret() const;
    // The bytes after the caret up to its line's end (no line break): suggestions are offered
    // when they are whitespace or only closers (empower/line_suffix.h).
    QByteArray restOfCaretLine() const;

    void showGhostText(const QString& text);  // at the caret
    void clearGhostText();
    const QString& ghostText() const { return ghost_; }
    bool hasGhostText() const { return !ghost_.isEmpty(); }
    // Inserts all / the next word / the next line of the ghost text; returns what was inserted.
    QString acceptGhostText(AcceptKind kind);

    // Whole-file mode: colour byte ranges by −log p (nats); an empty list clears the colouring.
    void showLikelihoodColouring(const std::vector<std::pair<long, long>>& byteRanges, const std::vector<double>& nllNats);
    bool hasLikelihoodColouring() const { return colouredRanges_ > 0; }
    int likelihoodColouredRanges() const { return colouredRanges_; }

    // The whole file as the likelihood model scored it (the colouring's and the decision map's
    // input), while the text is still what was scored: any edit drops it. The last scores stay
    // after an edit: scoring the edited file keeps their windows before it (score_file's `earlier`).
    void setFileScores(std::shared_ptr<const empower::FileScores> scores) { fileScores_ = lastFileScores_ = std::move(scores); }
    const std::shared_ptr<const empower::FileScores>& fileScores() const { return fileScores_; }
    const std::shared_ptr<const empower::FileScores>& lastFileScores() const { return lastFileScores_; }
    DecisionMarks* decisionMarks() const { return decisionMarks_; }

    EditSource editSource() const { return editSource_; }
    void paste() override;

    static QString nextWord(const QString& ghost);
    static QString nextLine(const QString& ghost);

signals:
    void userEdited();                                   // an edit that was not accepting/typing ghost text
    void caretMovedAway();                               // caret left the ghost anchor without an edit
    void ghostAccepted(const QString& inserted, bool whole);
    void ghostRejected();                                // Esc
    void ghostTypedThrough(const QString& typed);        // the ghost's next character typed: it stays, one shorter

protected:
    void keyPressEvent(QKeyEvent* event) override;
    void paintEvent(QPaintEvent* event) override;

private:
    void updateMarginWidth();
    void onTextChanged();
    void onCursorMoved();
    void renderGhost();
    void paintRestOfLineAfterGhost(QPainter& painter, long caret, int ghostRight, int baseline);
    void insertAtCaret(const QString& text);

    QString path_;
    QString ghost_;
    long ghostAnchor_ = -1;    // caret byte offset the ghost text belongs to
    int annotatedLine_ = -1;
    bool ghostEdit_ = false;   // the current edit is ours (accept / typing through)
    EditSource editSource_ = EditSource::Other;
    void applyColours();
    QsciStyle ghostStyle_;
    QList<QColor> lightColours_;  // the lexer's own colours per style, for the light theme
    int colouredRanges_ = 0;
    std::shared_ptr<const empower::FileScores> fileScores_, lastFileScores_;
    DecisionMarks* decisionMarks_;
};

}  // namespace ew::widgets

#include "study_recorder.h"

#include "code_editor.h"
#include "suggestion_controller.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTimer>

namespace ew::widgets {

StudyRecorder::StudyRecorder(CodeEditor* editor, SuggestionController* controller, study::EventLog* log, QObject* parent)
    : QObject(parent), editor_(editor), controller_(controller), log_(log) {
    connect(editor_, &QsciScintillaBase::SCN_MODIFIED, this,
            [this](int position, int type, const char* text, int length, int, int, int, int, int, int) {
                onModified(position, type, text, length);
            });
    connect(editor_, &QsciScintilla::cursorPositionChanged, this, &StudyRecorder::onCaretMoved);
    connect(editor_, &CodeEditor::ghostAccepted, this, [this](const QString&, bool whole) {
        if (suspended_ || shownId_ == 0 || acceptPos_ < 0) return;
        ++partsAccepted_;
        const bool full = whole && partsAccepted_ == 1;
        this->log(study::event::kSuggestionAccepted, acceptPos_, acceptText_, shownId_,
            QString(R"({"full":%1,"whole_rest":%2})").arg(full ? "true" : "false", whole ? "true" : "false"));
        acceptPos_ = -1;
        if (whole) resolved_ = true;
    });
    connect(editor_, &CodeEditor::ghostRejected, this, [this] {
        if (suspended_ || shownId_ == 0) return;
        this->log(study::event::kSuggestionRejected, caretCodePoint(), {}, shownId_);
        resolved_ = true;
    });
    if (controller) {
        connect(controller, &SuggestionController::requested, this, [this] {
            if (suspended_) return;
            requestedId_ = nextSuggestionId_++;
            this->log(study::event::kSuggestionRequested, caretCodePoint(), {}, requestedId_);
        });
        connect(controller, &SuggestionController::suggestionShown, this, &StudyRecorder::onShown);
        connect(controller, &SuggestionController::suggestionCleared, this, &StudyRecorder::onCleared);
    }
}

void StudyRecorder::setPhase(int phase, int slot, const QString& armName, double eta) {
    phase_ = phase;
    slot_ = slot;
    arm_ = armName;
    eta_ = eta;
    shownId_ = requestedId_ = 0;
}

std::int64_t StudyRecorder::log(const char* type, std::int64_t pos, const QString& text, std::int64_t suggestionId,
                                const QString& payloadJson) {
    study::StudyEvent e;
    e.phase = phase_;
    e.slot = slot_;
    e.type = type;
    e.pos = pos;
    e.text = text.toStdString();
    e.suggestion_id = suggestionId;
    e.payload = payloadJson.toStdString();
    return log_->append(std::move(e));
}

std::int64_t StudyRecorder::codePointsBefore(long bytePosition) const {
    return static_cast<std::int64_t>(editor_->SendScintilla(QsciScintillaBase::SCI_COUNTCHARACTERS, 0UL,
                                                            static_cast<unsigned long>(bytePosition)));
}

std::int64_t StudyRecorder::caretCodePoint() const { return codePointsBefore(editor_->caretByteOffset()); }

void StudyRecorder::onModified(int position, int type, const char* text, int length) {
    const bool inserted = type & QsciScintillaBase::SC_MOD_INSERTTEXT;
    const bool deleted = type & QsciScintillaBase::SC_MOD_DELETETEXT;
    if (suspended_ || (!inserted && !deleted) || !text) return;
    const QString content = QString::fromUtf8(text, length);
    // For an insertion the bytes before `position` are unchanged; for a deletion `position` is
    // where the removed text began — either way the count below is the event's position.
    const std::int64_t pos = codePointsBefore(position);
    const std::int64_t chars = content.toUcs4().size();
    const bool undoRedo = type & (QsciScintillaBase::SC_PERFORMED_UNDO | QsciScintillaBase::SC_PERFORMED_REDO);
    if (deleted) {
        this->log(study::event::kDeleted, pos, content);
        expectedCaret_ = pos;
        return;
    }
    expectedCaret_ = pos + chars;
    switch (undoRedo ? CodeEditor::EditSource::Other : editor_->editSource()) {
    case CodeEditor::EditSource::GhostAccept:
        // Logged as suggestion_accepted once the editor says whether the whole rest went in.
        acceptPos_ = pos;
        acceptText_ = content;
        break;
    case CodeEditor::EditSource::Typed:
        this->log(study::event::kTyped, pos, content);
        break;
    case CodeEditor::EditSource::Pasted:
        this->log(study::event::kPasted, pos, content);
        break;
    case CodeEditor::EditSource::Other:
        this->log(study::event::kInserted, pos, content, 0, undoRedo ? R"({"via":"undo/redo"})" : QString());
        break;
    }
}

void StudyRecorder::onCaretMoved() {
    if (suspended_) return;
    const auto pos = caretCodePoint();
    if (pos == expectedCaret_) return;  // the move an edit just made
    expectedCaret_ = pos;
    this->log(study::event::kCaret, pos);
}

void StudyRecorder::onShown() {
    if (suspended_ || !editor_->hasGhostText()) return;  // cut to nothing: not shown, not counted
    if (shownId_ != 0 && !resolved_) log(study::event::kSuggestionDismissed, caretCodePoint(), {}, shownId_);
    shownId_ = requestedId_ ? requestedId_ : nextSuggestionId_++;
    partsAccepted_ = 0;
    resolved_ = false;
    const auto current = controller_ ? controller_->current() : nullptr;
    QJsonObject payload{{"eta", eta_}, {"arm", arm_}, {"latency_ms", current ? current->latencyMs : 0.0}};
    this->log(study::event::kSuggestionShown, caretCodePoint(), editor_->ghostText(), shownId_,
        QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
}

void StudyRecorder::onCleared() {
    // Deferred: Esc and Tab clear the suggestion first and report the reason right after.
    const std::int64_t id = shownId_;
    QTimer::singleShot(0, this, [this, id] {
        if (suspended_ || id == 0 || id != shownId_) return;
        if (!resolved_) log(study::event::kSuggestionDismissed, caretCodePoint(), {}, id);
        shownId_ = 0;
    });
}

}  // namespace ew::widgets

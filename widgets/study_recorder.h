// Records a participant's editing session into the study event log: every insertion (typed,
// pasted, accepted from a suggestion, other), every deletion with its text, caret moves that no
// edit explains, and each suggestion's life — requested, shown (text, latency, η, arm), accepted
// in full or in part, rejected with Esc, or dismissed by typing on or moving away.
// Positions are Unicode code points of the document, as the core's provenance expects.
#pragma once
#include "study/event_log.h"

#include <QObject>
#include <QString>

namespace ew::widgets {

class CodeEditor;
class SuggestionController;

class StudyRecorder : public QObject {
    Q_OBJECT
public:
    // `controller` may be null (an unassisted phase); `log` must outlive the recorder.
    StudyRecorder(CodeEditor* editor, SuggestionController* controller, study::EventLog* log, QObject* parent = nullptr);

    // Context stamped on every event from now on.
    void setPhase(int phase, int slot, const QString& armName, double eta);
    void setEta(double eta) { eta_ = eta; }  // an empower-auto arm moved its η
    // While suspended (loading the phase's starting code), edits are not logged.
    void setSuspended(bool on) { suspended_ = on; }
    // Logs an event of the window (phase changes, notes, answers, test runs) with the same context.
    std::int64_t log(const char* type, std::int64_t pos = -1, const QString& text = {}, std::int64_t suggestionId = 0,
                     const QString& payloadJson = {});
    std::int64_t caretCodePoint() const;
    std::int64_t shownSuggestionId() const { return shownId_; }
    void setNextSuggestionId(std::int64_t id) { nextSuggestionId_ = id; }  // continue after a resume

private:
    void onModified(int position, int modificationType, const char* text, int length);
    void onCaretMoved();
    void onShown();
    void onCleared();
    std::int64_t codePointsBefore(long bytePosition) const;

    CodeEditor* editor_;
    SuggestionController* controller_;
    study::EventLog* log_;
    int phase_ = -1, slot_ = 0;
    QString arm_;
    double eta_ = 0;
    bool suspended_ = false;
    std::int64_t expectedCaret_ = -1;   // where the last logged edit left the caret
    std::int64_t nextSuggestionId_ = 1;
    std::int64_t requestedId_ = 0, shownId_ = 0;
    int partsAccepted_ = 0;
    bool resolved_ = false;             // accepted in full or rejected: not "dismissed" when cleared
    std::int64_t acceptPos_ = -1;
    QString acceptText_;
};

}  // namespace ew::widgets

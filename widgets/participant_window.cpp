#include "participant_window.h"

#include "guarded_call.h"
#include "message_bar.h"

#include "code_editor.h"
#include "empower/suggestion_policy.h"
#include "eval/judge.h"
#include "eval/problem_set.h"
#include "model_worker.h"
#include "study/eta_trajectory.h"
#include "study/session_replay.h"
#include "study_recorder.h"
#include "suggestion_controller.h"
#include "suggestion_outcome_tracker.h"
#include "support/error.h"
#include "support/resource_paths.h"

#include <QCloseEvent>
#include <QComboBox>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QScrollArea>
#include <QShortcut>
#include <QSplitter>
#include <QStackedWidget>
#include <QTextBrowser>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <set>

namespace ew::widgets {

namespace {

constexpr int kTickSeconds = 10;  // a crash loses at most this much of the phase timer

std::filesystem::path problem_dir(const std::string& problem) {
    std::filesystem::path p(problem);
    if (p.is_absolute() || std::filesystem::exists(p / "project.json")) return p;
    return projects_dir() / p;
}

QString clockText(double seconds) {  // "mm:ss" for the countdown and the resume message
    const int s = static_cast<int>(seconds);
    return QString("%1:%2").arg(s / 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'));
}

}  // namespace

ParticipantWindow::ParticipantWindow(const QString& workspacePath, std::int64_t participantId, ModelProvider models, QWidget* parent)
    : QWidget(parent, Qt::Window), workspacePath_(workspacePath), models_(std::move(models)) {
    workspace_ = std::make_unique<store::Workspace>(workspacePath.toStdString(), false);
    store_ = std::make_unique<study::StudyStore>(*workspace_);
    auto participant = store_->participant(participantId);
    if (!participant) throw Error("participant " + std::to_string(participantId) + " does not exist");
    participant_ = *participant;
    study_ = *store_->study(participant_.study_id);
    session_ = store_->open_session(participant_.id);
    log_ = std::make_unique<study::EventLog>(workspacePath.toStdString(), session_.id);
    setWindowTitle(tr("Study session — participant %1").arg(QString::fromStdString(participant_.code)));
    buildUi();
    restoreFromLog();
}

ParticipantWindow::~ParticipantWindow() {
    tests_.waitForFinished();
    if (log_) log_->flush();
}

QString ParticipantWindow::slotTitle(int slot) const { return slot == 0 ? tr("No assistant") : tr("Assistant %1").arg(slot); }

void ParticipantWindow::buildUi() {
    stack_ = new QStackedWidget(this);
    messageBar_ = new MessageBar(this);
    auto* root = new QVBoxLayout(this);
    root->addWidget(messageBar_);
    root->addWidget(stack_);

    // Intro / between phases.
    auto* intro = new QWidget;
    auto* introLayout = new QVBoxLayout(intro);
    introText_ = new QLabel;
    introText_->setWordWrap(true);
    introText_->setAlignment(Qt::AlignCenter);
    introText_->setStyleSheet("font-size: 16pt;");
    introButton_ = new QPushButton(tr("Start"));
    introButton_->setMinimumHeight(40);
    connect(introButton_, &QPushButton::clicked, this, guard(messageBar_, {}, [this] { startOrResume(); }));
    introLayout->addStretch();
    introLayout->addWidget(introText_);
    introLayout->addWidget(introButton_, 0, Qt::AlignCenter);
    introLayout->addStretch();
    stack_->addWidget(intro);

    // Coding.
    auto* coding = new QWidget;
    auto* codingLayout = new QVBoxLayout(coding);
    auto* bar = new QHBoxLayout;
    header_ = new QLabel;
    header_->setStyleSheet("font-size: 13pt; font-weight: bold;");
    countdown_ = new QLabel;
    countdown_->setStyleSheet("font-size: 13pt; font-family: monospace;");
    runTests_ = new QPushButton(tr("Run tests"));
    doneButton_ = new QPushButton(tr("I am done with this part"));
    connect(runTests_, &QPushButton::clicked, this, guard(messageBar_, {}, [this] { runTests(); }));
    connect(doneButton_, &QPushButton::clicked, this, guard(messageBar_, {}, [this] { finishPhase("participant"); }));
    bar->addWidget(header_);
    bar->addStretch();
    bar->addWidget(countdown_);
    bar->addSpacing(16);
    bar->addWidget(runTests_);
    bar->addWidget(doneButton_);
    codingLayout->addLayout(bar);
    pausedBanner_ = new QLabel(tr("Paused by the conductor"));
    pausedBanner_->setAlignment(Qt::AlignCenter);
    pausedBanner_->setStyleSheet("background: #fde68a; color: #78350f; font-size: 13pt; padding: 6px;");
    pausedBanner_->hide();
    codingLayout->addWidget(pausedBanner_);
    auto* split = new QSplitter(Qt::Horizontal);
    statement_ = new QTextBrowser;
    editor_ = new CodeEditor;
    auto* right = new QSplitter(Qt::Vertical);
    testOutput_ = new QPlainTextEdit;
    testOutput_->setReadOnly(true);
    testOutput_->setPlaceholderText(tr("Test results appear here."));
    right->addWidget(editor_);
    right->addWidget(testOutput_);
    right->setStretchFactor(0, 4);
    right->setStretchFactor(1, 1);
    split->addWidget(statement_);
    split->addWidget(right);
    split->setStretchFactor(0, 2);
    split->setStretchFactor(1, 3);
    codingLayout->addWidget(split, 1);
    stack_->addWidget(coding);

    // Notes.
    auto* notesPage = new QWidget;
    auto* notesLayout = new QVBoxLayout(notesPage);
    notesPrompt_ = new QLabel;
    notesPrompt_->setWordWrap(true);
    notesPrompt_->setStyleSheet("font-size: 13pt;");
    notes_ = new QPlainTextEdit;
    auto* notesDone = new QPushButton(tr("Continue"));
    connect(notesDone, &QPushButton::clicked, this, guard(messageBar_, {}, [this] { submitNotes(notes_->toPlainText()); }));
    notesLayout->addWidget(notesPrompt_);
    notesLayout->addWidget(notes_, 1);
    notesLayout->addWidget(notesDone, 0, Qt::AlignRight);
    stack_->addWidget(notesPage);

    // Questionnaire (App. E.4): one rank per assistant slot per ranking item.
    auto* scroll = new QScrollArea;
    scroll->setWidgetResizable(true);
    questionnaire_ = new QWidget;
    auto* qLayout = new QVBoxLayout(questionnaire_);
    auto* qTitle = new QLabel(tr("Questionnaire — assign each rank to exactly one assistant."));
    qTitle->setStyleSheet("font-size: 14pt; font-weight: bold;");
    qLayout->addWidget(qTitle);
    const int slotCount = study_.design.assistant_slots();
    for (const auto& item : study_.design.questionnaire) {
        auto* box = new QGroupBox(QString::fromStdString(item.prompt));
        auto* form = new QFormLayout(box);
        if (item.kind == "ranking") {
            for (int s = 1; s <= slotCount; ++s) {
                auto* combo = new QComboBox;
                combo->setMaximumWidth(420);
                combo->addItem(tr("— choose —"), 0);
                for (int r = 1; r <= slotCount; ++r) {
                    QString label = QString::number(r);
                    if (r == 1 && !item.best_label.empty()) label += " (" + QString::fromStdString(item.best_label) + ")";
                    if (r == slotCount && !item.worst_label.empty()) label += " (" + QString::fromStdString(item.worst_label) + ")";
                    combo->addItem(label, r);
                }
                form->addRow(slotTitle(s), combo);
                rankBoxes_[item.id].push_back(combo);
            }
        } else {
            auto* text = new QPlainTextEdit;
            text->setMaximumHeight(100);
            form->addRow(text);
            textBoxes_[item.id] = text;
        }
        qLayout->addWidget(box);
    }
    questionnaireError_ = new QLabel;
    questionnaireError_->setStyleSheet("color: #b91c1c;");
    auto* submit = new QPushButton(tr("Submit"));
    connect(submit, &QPushButton::clicked, this, guard(messageBar_, {}, [this] {
        std::map<std::string, std::vector<int>> ranks;
        for (const auto& [id, boxes] : rankBoxes_)
            for (auto* b : boxes) ranks[id].push_back(b->currentData().toInt());
        std::map<std::string, QString> texts;
        for (const auto& [id, box] : textBoxes_) texts[id] = box->toPlainText();
        QString error;
        if (!submitQuestionnaire(ranks, texts, &error)) questionnaireError_->setText(error);
    }));
    qLayout->addWidget(questionnaireError_);
    qLayout->addWidget(submit, 0, Qt::AlignRight);
    qLayout->addStretch();
    scroll->setWidget(questionnaire_);
    stack_->addWidget(scroll);

    auto* done = new QLabel(tr("Thank you! The session is complete. Please tell the conductor."));
    done->setAlignment(Qt::AlignCenter);
    done->setStyleSheet("font-size: 16pt;");
    stack_->addWidget(done);

    worker_ = new ModelWorker(this);
    controller_ = new SuggestionController(editor_, worker_, this);
    controller_->setEnabled(false);
    recorder_ = new StudyRecorder(editor_, controller_, log_.get(), this);
    tracker_ = new SuggestionOutcomeTracker(editor_, controller_, this);
    connect(tracker_, &SuggestionOutcomeTracker::judged, this,
            guard(messageBar_, {}, [this](const empower::SuggestionProfile& s, std::size_t kept) { learnFrom(s, kept); }));

    clock_.setInterval(1000);
    connect(&clock_, &QTimer::timeout, this, guard(messageBar_, {}, [this] { tick(); }));
    auto* pause = new QShortcut(QKeySequence(tr("Ctrl+Alt+P")), this);
    connect(pause, &QShortcut::activated, this, guard(messageBar_, {}, [this] { setPaused(!paused_); }));
    connect(&tests_, &QFutureWatcher<QString>::finished, this, guard(messageBar_, {}, [this] {
        const QString json = tests_.result();
        const auto doc = QJsonDocument::fromJson(json.toUtf8()).object();
        recorder_->log(study::event::kTestRun, -1, {}, 0, json);
        QStringList lines;
        for (const auto& t : doc["tests"].toArray())
            lines << QString("%1  %2").arg(t.toObject()["name"].toString(), -12).arg(t.toObject()["verdict"].toString());
        lines << (doc["passed"].toBool() ? tr("All tests passed.") : tr("Some tests failed."));
        if (doc.contains("error")) lines = QStringList{doc["error"].toString()};
        testOutput_->setPlainText(lines.join('\n'));
        runTests_->setEnabled(true);
        emit testsFinished(doc["passed"].toBool());
    }));

    try {
        const auto problem = eval::load_problem(problem_dir(participant_.problem));
        statement_->setMarkdown(QString::fromStdString(problem.statement));
    } catch (const std::exception& e) {
        statement_->setPlainText(tr("The problem could not be loaded: %1").arg(e.what()));
    }
}

QString ParticipantWindow::starterCode() const {
    try {
        return QString::fromStdString(eval::load_problem(problem_dir(participant_.problem)).starter);
    } catch (const std::exception&) {
        return {};
    }
}

ParticipantWindow::Page ParticipantWindow::page() const { return static_cast<Page>(stack_->currentIndex()); }

double ParticipantWindow::remainingSeconds() const {
    if (phase_ < 0 || phase_ >= static_cast<int>(study_.design.phases.size())) return 0;
    const double active = activeBefore_ + (running_.isValid() && !paused_ ? running_.elapsed() / 1000.0 : 0);
    return std::max(0.0, study_.design.phases[static_cast<std::size_t>(phase_)].minutes * 60.0 - active);
}

void ParticipantWindow::restoreFromLog() {
    study::SessionReplay replay;
    replay.apply_all(store_->events(session_.id));
    recorder_->setNextSuggestionId(replay.max_suggestion_id() + 1);
    const int phases = static_cast<int>(study_.design.phases.size());
    if (replay.finished() || session_.finished_at > 0) {
        stack_->setCurrentIndex(static_cast<int>(Page::Done));
        return;
    }
    if (replay.phase() < 0) {
        // A QJsonObject, not string formatting: a problem path may hold quotes or backslashes.
        const QJsonObject payload{{"problem", QString::fromStdString(participant_.problem)}};
        recorder_->log(study::event::kSessionStarted, -1, {}, 0, QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
        showIntroFor(0, false);
        return;
    }
    phase_ = replay.phase();
    if (replay.phase_running()) {  // interrupted mid-phase: resume with the logged text and time
        activeBefore_ = replay.phase_active_seconds();
        resumeText_ = QString::fromStdString(replay.text_utf8());
        showIntroFor(phase_, true);
        return;
    }
    const auto& ended = study_.design.phases[static_cast<std::size_t>(phase_)];
    if (ended.kind == "assistant" && ended.notes_after && !replay.notes().count(ended.slot)) {
        afterPhase(phase_);
        return;
    }
    if (phase_ + 1 < phases) {
        resumeText_ = QString::fromStdString(replay.text_utf8());
        showIntroFor(phase_ + 1, false);
        return;
    }
    showQuestionnaire();
}

void ParticipantWindow::showIntroFor(int phase, bool resuming) {
    phase_ = phase;
    resumingPhase_ = resuming;
    const auto& p = study_.design.phases[static_cast<std::size_t>(phase)];
    const QString who = p.kind == "assistant" ? tr("with %1").arg(slotTitle(p.slot)) : tr("without an assistant");
    if (resuming)
        introText_->setText(tr("Part %1 of %2 (%3) was interrupted.\n%4 remain.")
                                .arg(phase + 1)
                                .arg(study_.design.phases.size())
                                .arg(who)
                                .arg(clockText(remainingSeconds())));
    else
        introText_->setText(tr("Part %1 of %2: solve the problem %3.\nYou have %4 minutes. Tab accepts a suggestion, Esc rejects it.")
                                .arg(phase + 1)
                                .arg(study_.design.phases.size())
                                .arg(who)
                                .arg(p.minutes));
    introButton_->setText(resuming ? tr("Resume") : tr("Start"));
    stack_->setCurrentIndex(static_cast<int>(Page::Intro));
}

void ParticipantWindow::startOrResume() {
    if (page() != Page::Intro || phase_ < 0) return;
    beginPhase(resumingPhase_, resumeText_);
}

void ParticipantWindow::beginPhase(bool resuming, const QString& resumeText) {
    const auto& p = study_.design.phases[static_cast<std::size_t>(phase_)];
    const study::Arm* arm = nullptr;
    if (p.kind == "assistant")
        arm = &study_.design.arms.at(static_cast<std::size_t>(participant_.arm_order.at(static_cast<std::size_t>(p.slot - 1))));
    recorder_->setPhase(phase_, p.slot, arm ? QString::fromStdString(arm->name) : QString(), arm ? arm->eta : 0);
    if (!resuming) activeBefore_ = 0;
    const auto model = arm && models_ ? models_(*arm) : nullptr;
    // The phase records which model served it and how its weights were held: a session resumed
    // after the Preferences changed the weight kind says so in its own log.
    QJsonObject started;
    if (resuming) started.insert("after", "restart");
    if (model) {
        started.insert("model", QString::fromStdString(model->name()));
        started.insert("weights", QString::fromStdString(model->weights_provenance()));
    }
    recorder_->log(resuming ? study::event::kPhaseResumed : study::event::kPhaseStarted, -1, {}, 0,
                   started.isEmpty() ? QString() : QString::fromUtf8(QJsonDocument(started).toJson(QJsonDocument::Compact)));
    // The phase's starting text goes in unlogged, then once as a snapshot the replay starts from.
    const QString text = resuming ? resumeText : study_.design.carry_code_between_phases && !resumeText.isEmpty() ? resumeText : starterCode();
    recorder_->setSuspended(true);
    controller_->setEnabled(false);
    editor_->setText(text);
    editor_->setCursorPosition(editor_->lines() - 1, editor_->text(editor_->lines() - 1).size());
    recorder_->setSuspended(false);
    recorder_->log(study::event::kCodeSnapshot, -1, text);
    adaptive_.reset();
    if (arm) {
        policy_ = empower::SuggestionPolicy::parse(arm->policy).value_or(empower::SuggestionPolicy{});
        policy_.eta = arm->eta;
        policy_.max_tokens = arm->max_tokens;
        if (policy_.adaptive) {
            // The arm's η is the prior; a resumed phase continues from what its log says was learned.
            empower::AdaptiveEtaOptions options;
            options.prior_eta = arm->eta;
            try {
                adaptive_ = study::replay_adaptive_eta(store_->events(session_.id), phase_, options);
            } catch (const std::exception& e) {
                messageBar_->showError(tr("Restoring the assistant"),
                                       tr("What this part learned about η could not be read back (%1); it starts again from η = %2")
                                           .arg(QString::fromUtf8(e.what()))
                                           .arg(arm->eta));
                adaptive_.emplace(options);
            }
            policy_.eta = adaptive_->eta();
            recorder_->setEta(policy_.eta);
        }
        controller_->setPolicy(policy_);
        controller_->setModel(model);
        tracker_->setTokenizer(model ? std::shared_ptr<const text::BpeTokenizer>(model, &model->tokenizer()) : nullptr);
        suggestionsOn_ = model != nullptr;
    } else {
        suggestionsOn_ = false;
    }
    controller_->setEnabled(suggestionsOn_);
    header_->setText(tr("Part %1 of %2 — %3").arg(phase_ + 1).arg(study_.design.phases.size()).arg(slotTitle(p.slot)));
    testOutput_->clear();
    paused_ = false;
    pausedBanner_->hide();
    editor_->setReadOnly(false);
    running_.start();
    secondsSinceTick_ = 0;
    clock_.start();
    stack_->setCurrentIndex(static_cast<int>(Page::Coding));
    editor_->setFocus();
    tick();
}

void ParticipantWindow::tick() {
    const double left = remainingSeconds();
    countdown_->setText(clockText(left));
    if (paused_) return;
    if (++secondsSinceTick_ >= kTickSeconds) {
        secondsSinceTick_ = 0;
        recorder_->log(study::event::kTick);
    }
    if (left <= 0) finishPhase("time");
}

void ParticipantWindow::learnFrom(const empower::SuggestionProfile& suggestion, std::size_t kept) {
    // Only the participant's own decisions teach it: a suggestion cleared by a pause or the end of
    // the part was not judged by them.
    if (!adaptive_ || page() != Page::Coding || paused_) return;
    const double before = adaptive_->eta();
    const double after = adaptive_->observe(suggestion, suggestion.shown, kept);
    recorder_->log(study::event::kEtaAdapted, -1, {}, 0,
                   QString::fromStdString(study::eta_adapted_payload(suggestion, suggestion.shown, kept, before, after)));
    if (after == before) return;
    policy_.eta = after;
    controller_->setPolicy(policy_);
    recorder_->setEta(after);
}

void ParticipantWindow::setPaused(bool on) {
    if (page() != Page::Coding || on == paused_) return;
    if (on) {
        activeBefore_ += running_.elapsed() / 1000.0;
        recorder_->log(study::event::kPhasePaused);
    } else {
        running_.start();
        recorder_->log(study::event::kPhaseResumed);
    }
    paused_ = on;
    pausedBanner_->setVisible(on);
    editor_->setReadOnly(on);
    controller_->setEnabled(!on && suggestionsOn_);
    tick();
}

void ParticipantWindow::finishPhase(const QString& reason) {
    if (page() != Page::Coding) return;
    clock_.stop();
    if (!paused_) activeBefore_ += running_.elapsed() / 1000.0;
    controller_->setEnabled(false);
    recorder_->log(study::event::kCodeSnapshot, -1, editor_->text());  // the phase's final program
    recorder_->log(study::event::kPhaseEnded, -1, {}, 0,
                   QString::fromUtf8(QJsonDocument(QJsonObject{{"reason", reason}}).toJson(QJsonDocument::Compact)));
    resumeText_ = editor_->text();
    afterPhase(phase_);
}

void ParticipantWindow::afterPhase(int endedPhase) {
    const auto& p = study_.design.phases[static_cast<std::size_t>(endedPhase)];
    if (p.kind == "assistant" && p.notes_after) {
        notesPrompt_->setText(tr("Notes on %1: what did you like and dislike about it?").arg(slotTitle(p.slot)));
        notes_->clear();
        stack_->setCurrentIndex(static_cast<int>(Page::Notes));
        return;
    }
    if (endedPhase + 1 < static_cast<int>(study_.design.phases.size())) showIntroFor(endedPhase + 1, false);
    else showQuestionnaire();
}

void ParticipantWindow::submitNotes(const QString& notes) {
    if (page() != Page::Notes) return;
    recorder_->log(study::event::kNote, -1, notes);
    if (phase_ + 1 < static_cast<int>(study_.design.phases.size())) showIntroFor(phase_ + 1, false);
    else showQuestionnaire();
}

void ParticipantWindow::showQuestionnaire() {
    if (study_.design.questionnaire.empty()) {
        submitQuestionnaire({}, {});
        return;
    }
    recorder_->setPhase(-1, 0, {}, 0);
    stack_->setCurrentIndex(static_cast<int>(Page::Questionnaire));
}

bool ParticipantWindow::submitQuestionnaire(const std::map<std::string, std::vector<int>>& ranks,
                                            const std::map<std::string, QString>& texts, QString* error) {
    const int slotCount = study_.design.assistant_slots();
    for (const auto& item : study_.design.questionnaire) {
        if (item.kind != "ranking") continue;
        auto it = ranks.find(item.id);
        std::set<int> used;
        if (it != ranks.end())
            for (int r : it->second)
                if (r >= 1 && r <= slotCount) used.insert(r);
        if (it == ranks.end() || static_cast<int>(it->second.size()) != slotCount || static_cast<int>(used.size()) != slotCount) {
            if (error) *error = tr("\"%1\": give each assistant a different rank.").arg(QString::fromStdString(item.prompt));
            return false;
        }
    }
    recorder_->setPhase(-1, 0, {}, 0);
    for (const auto& item : study_.design.questionnaire) {
        QJsonObject payload{{"item", QString::fromStdString(item.id)}};
        if (item.kind == "ranking") {
            QJsonObject r;
            const auto& v = ranks.at(item.id);
            for (int s = 1; s <= slotCount; ++s) r[QString::number(s)] = v[static_cast<std::size_t>(s - 1)];
            payload["ranks"] = r;
        } else {
            payload["text"] = texts.count(item.id) ? texts.at(item.id) : QString();
        }
        recorder_->log(study::event::kAnswer, -1, {}, 0, QString::fromUtf8(QJsonDocument(payload).toJson(QJsonDocument::Compact)));
    }
    recorder_->log(study::event::kSessionFinished);
    log_->flush();
    store_->finish_session(session_.id);
    stack_->setCurrentIndex(static_cast<int>(Page::Done));
    emit sessionFinished();
    return true;
}

void ParticipantWindow::runTests() {
    if (page() != Page::Coding || tests_.isRunning()) return;
    runTests_->setEnabled(false);
    testOutput_->setPlainText(tr("Running the tests…"));
    const std::string source = editor_->text().toStdString();
    const auto dir = problem_dir(participant_.problem);
    tests_.setFuture(QtConcurrent::run([source, dir]() -> QString {
        QJsonObject out;
        try {
            const auto report = eval::judge(source, eval::load_test_cases(dir));
            QJsonArray tests;
            for (const auto& t : report.tests)
                tests.append(QJsonObject{{"name", QString::fromStdString(t.name)}, {"verdict", eval::to_string(t.verdict)},
                                         {"wall_ms", t.wall_ms}});
            out = {{"passed", report.passed}, {"tests", tests}};
        } catch (const std::exception& e) {
            out = {{"passed", false}, {"tests", QJsonArray{}}, {"error", QString::fromUtf8(e.what())}};
        }
        return QString::fromUtf8(QJsonDocument(out).toJson(QJsonDocument::Compact));
    }));
}

void ParticipantWindow::closeEvent(QCloseEvent* event) {
    // Closing mid-phase is a pause that survives a restart: the phase resumes where it stopped.
    if (page() == Page::Coding && !paused_) setPaused(true);
    tests_.waitForFinished();
    log_->flush();
    event->accept();
}

}  // namespace ew::widgets

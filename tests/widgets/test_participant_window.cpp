// A whole study session for real: the participant window under QT_QPA_PLATFORM=offscreen with
// the bundled model, keystrokes into the QScintilla editor, suggestions accepted with Tab and
// rejected with Esc, a paste and an undo, the window destroyed mid-phase and reopened (resume),
// notes, an invalid then a valid questionnaire. The event log must replay to exactly the text
// the editor held, and the report must count what was done.
#include "arm_model.h"
#include "code_editor.h"
#include "lm/transformer_language_model.h"
#include "participant_window.h"
#include "study_panel.h"
#include "store/workspace.h"
#include "study/eta_trajectory.h"
#include "study/session_replay.h"
#include "study/study_report.h"
#include "study/study_store.h"
#include "suggestion_controller.h"
#include "support/resource_paths.h"

#include <QApplication>
#include <QChart>
#include <QChartView>
#include <QLineSeries>
#include <QClipboard>
#include <QSignalSpy>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>
#ifdef EW_WITH_SERVE
#include "empower/suggestion_policy.h"
#include "serve/http_server.h"
#include <thread>
#endif

using namespace ew;
using namespace ew::widgets;

class TestParticipantWindow : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    QString db_;
    std::int64_t participant_ = 0;
    std::shared_ptr<const lm::LanguageModel> model_;

    ParticipantWindow::ModelProvider provider() {
        return [this](const study::Arm&) { return model_; };
    }

    // Types like a person: '\n' is the Return key (auto-indent follows).
    static void type(CodeEditor* editor, const QString& text) {
        const auto lines = text.split('\n');
        for (int i = 0; i < lines.size(); ++i) {
            if (i > 0) QTest::keyClick(editor, Qt::Key_Return);
            QTest::keyClicks(editor, lines[i]);
        }
    }
    // Types at the end of the document and waits for a suggestion on screen.
    static void typeAndWaitForGhost(ParticipantWindow& w, const QString& keys) {
        w.editor()->SendScintilla(QsciScintilla::SCI_DOCUMENTEND);
        type(w.editor(), keys);
        QTRY_VERIFY_WITH_TIMEOUT(w.editor()->hasGhostText(), 30000);
    }

    // With EW_SCREENSHOT_DIR set, saves what the participant sees (for checking the GUI by eye).
    static void screenshot(QWidget& w, const char* name) {
        const QString dir = qEnvironmentVariable("EW_SCREENSHOT_DIR");
        if (dir.isEmpty()) return;
        w.resize(1280, 800);
        QTest::qWait(100);
        w.grab().save(dir + "/" + name + ".png");
    }

    std::vector<study::StudyEvent> events(std::int64_t participant = 0) {
        store::Workspace ws(db_.toStdString(), false);
        study::StudyStore store(ws);
        const auto sessions = store.sessions(participant ? participant : participant_);
        return sessions.empty() ? std::vector<study::StudyEvent>{} : store.events(sessions.at(0).id);
    }

private slots:
    void initTestCase() {
        model_ = lm::TransformerLanguageModel::load(default_model_dir());
        db_ = tmp_.filePath("study.sqlite");
        store::Workspace ws(db_.toStdString(), true);
        study::StudyStore store(ws);
        auto design = study::StudyDesign::paper_default("session-test", {(projects_dir() / "lava-trap").string()});
        design.arms = {study::Arm{"empower-12", "empower", 12.0, "", 24}, study::Arm{"base-20", "base-20", 12.0, "", 24}};
        for (auto& p : design.phases) p.minutes = 1;
        store.create_study(design);
        participant_ = store.add_participant(*store.study("session-test")).id;
    }

    void fullSessionWithResume() {
        QString textAtCrash;
        {
            ParticipantWindow w(db_, participant_, provider());
            w.show();
            QCOMPARE(w.page(), ParticipantWindow::Page::Intro);
            w.startOrResume();
            QCOMPARE(w.page(), ParticipantWindow::Page::Coding);
            QCOMPARE(w.phaseIndex(), 0);
            QVERIFY(w.remainingSeconds() > 55 && w.remainingSeconds() <= 60);
            QTest::keyClicks(w.editor(), "x = 1");
            QVERIFY(!w.editor()->hasGhostText());  // unassisted: no suggestions
            w.finishPhase();
            QCOMPARE(w.page(), ParticipantWindow::Page::Intro);  // no notes after the unassisted part

            w.startOrResume();
            QCOMPARE(w.phaseIndex(), 1);
            QVERIFY(w.editor()->text().startsWith("import sys") || !w.editor()->text().contains("x = 1"));  // starter again
            w.editor()->setCursorPosition(0, 0);
            typeAndWaitForGhost(w, "\nclass Point:\ndef __init__(self");
            const QString ghost = w.editor()->ghostText();
            screenshot(w, "participant-coding");
            QTest::keyClick(w.editor(), Qt::Key_Tab);  // accept in full
            QVERIFY(w.editor()->text().contains(ghost));
            QTest::keyClick(w.editor(), Qt::Key_Backspace);  // delete 2 characters of it
            QTest::keyClick(w.editor(), Qt::Key_Backspace);
            QApplication::clipboard()->setText("# pasted\n");
            QTest::keyClick(w.editor(), Qt::Key_Return);
            w.editor()->paste();
            w.editor()->undo();                               // logged as an undo insertion/deletion
            typeAndWaitForGhost(w, "\ndef area(self");
            QTest::keyClick(w.editor(), Qt::Key_Escape);      // reject
            QVERIFY(!w.editor()->hasGhostText());
            // Pausing stops the clock and locks the editor.
            w.setPaused(true);
            const double frozen = w.remainingSeconds();
            QTest::qWait(1100);
            QCOMPARE(w.remainingSeconds(), frozen);
            QVERIFY(w.editor()->isReadOnly());
            w.setPaused(false);
            w.finishPhase();
            QCOMPARE(w.page(), ParticipantWindow::Page::Notes);
            w.submitNotes("liked the short ones");
            w.startOrResume();
            QCOMPARE(w.phaseIndex(), 2);
            QTest::keyClicks(w.editor(), "y = 2");
            textAtCrash = w.editor()->text();
            QTest::qWait(300);
            // The window goes away mid-phase without closing (as in a crash); a new one resumes.
        }
        ParticipantWindow w(db_, participant_, provider());
        w.show();
        QCOMPARE(w.page(), ParticipantWindow::Page::Intro);
        QCOMPARE(w.phaseIndex(), 2);
        QVERIFY(w.remainingSeconds() > 50 && w.remainingSeconds() < 60);
        w.startOrResume();
        QCOMPARE(w.editor()->text(), textAtCrash);
        w.finishPhase("time");
        w.submitNotes("too long");
        QCOMPARE(w.page(), ParticipantWindow::Page::Questionnaire);
        screenshot(w, "participant-questionnaire");
        QString error;
        QVERIFY(!w.submitQuestionnaire({{"relevance", {1, 1}}, {"deletions", {1, 2}}, {"enjoyment", {2, 1}}}, {}, &error));
        QVERIFY(error.contains("different rank"));
        QVERIFY(w.submitQuestionnaire({{"relevance", {1, 2}}, {"deletions", {1, 2}}, {"enjoyment", {2, 1}}}, {}, &error));
        QCOMPARE(w.page(), ParticipantWindow::Page::Done);
    }

    void logReplaysToTheEditorsTextAndReportCounts() {
        const auto evs = events();
        // Each phase with an assistant records the model that served it and how its weights were held;
        // the unassisted phase, none. The resumed phase keeps its "after restart" mark.
        const auto expected = QString::fromStdString(model_->weights_provenance());
        int assisted = 0;
        for (const auto& e : evs) {
            if (e.type != study::event::kPhaseStarted && e.type != study::event::kPhaseResumed) continue;
            const auto payload = QJsonDocument::fromJson(QByteArray::fromStdString(e.payload)).object();
            if (e.phase == 0) {
                QVERIFY2(!payload.contains("weights"), e.payload.c_str());
                continue;
            }
            if (e.type == study::event::kPhaseResumed && !payload.contains("after")) continue;  // the conductor's pause ended
            QVERIFY2(payload.value("weights").toString() == expected, (std::to_string(e.phase) + " " + e.type + " " + e.payload).c_str());
            QCOMPARE(payload.value("model").toString(), QString("default"));
            ++assisted;
        }
        QCOMPARE(assisted, 3);  // phases 1 and 2, and phase 2 resumed after the "crash"
        // Replay phase 1 up to its closing snapshot: the text must equal what the editor held.
        study::SessionReplay replay;
        bool checked = false;
        for (const auto& e : evs) {
            if (e.type == study::event::kCodeSnapshot && e.phase == 1 && replay.phase() == 1 && replay.text_utf8() != "" &&
                std::find_if(evs.begin(), evs.end(), [&](const auto& x) { return x.seq == e.seq + 1 && x.type == study::event::kPhaseEnded; }) != evs.end()) {
                QCOMPARE(QString::fromStdString(replay.text_utf8()), QString::fromStdString(e.text));
                checked = true;
            }
            replay.apply(e);
        }
        QVERIFY(checked);
        QVERIFY2(replay.warnings().empty(), replay.warnings().empty() ? "" : replay.warnings()[0].c_str());
        auto count = [&](const char* type) { return std::count_if(evs.begin(), evs.end(), [&](const auto& e) { return e.type == type; }); };
        QCOMPARE(count(study::event::kSuggestionAccepted), 1L);
        QCOMPARE(count(study::event::kSuggestionRejected), 1L);
        QCOMPARE(count(study::event::kPasted), 1L);
        QVERIFY(count(study::event::kTyped) >= 20);
        QCOMPARE(count(study::event::kNote), 2L);
        QCOMPARE(count(study::event::kAnswer), 3L);

        store::Workspace ws(db_.toStdString(), false);
        study::StudyStore store(ws);
        auto s = *store.study("session-test");
        const auto p = *store.participant(participant_);
        store.unblind(s.id);
        s = *store.study("session-test");
        const auto r = study::compute_study_report(store, s);
        const auto& slot1 = r.groups[static_cast<std::size_t>(p.arm_order[0])];
        QCOMPARE(slot1.accepted, 1L);
        QCOMPARE(slot1.rejected, 1L);
        QVERIFY(slot1.shown >= 2);
        QCOMPARE(slot1.deleted_chars, 2L);
        QCOMPARE(r.finished_sessions, 1);
        // enjoyment ranked slot 2 first
        QCOMPARE(r.preferences[2].shares[static_cast<std::size_t>(p.arm_order[1])].ranked_first, 1);
    }

    // An empower-auto arm (issue 16 §2): the arm's η is the prior; each suggestion the participant
    // rejects is logged as an eta_adapted event; after enough of them η falls; a window reopened
    // mid-phase continues with the η the log says was learned, not the prior.
    void empowerAutoArmLearnsFromRejectionsAndResumesWithWhatItLearned() {
        std::int64_t participant = 0;
        {
            store::Workspace ws(db_.toStdString(), false);
            study::StudyStore store(ws);
            auto design = study::StudyDesign::paper_default("auto-arm", {(projects_dir() / "lava-trap").string()});
            design.arms = {study::Arm{"auto", "empower-auto", 12.0, "", 24}};
            design.phases = {study::Phase{"assistant", 1, 5, false}};
            store.create_study(design);
            participant = store.add_participant(*store.study("auto-arm")).id;
        }
        double learned = 0;
        {
            ParticipantWindow w(db_, participant, provider());
            w.show();
            w.startOrResume();
            QCOMPARE(w.page(), ParticipantWindow::Page::Coding);
            QCOMPARE(w.controller()->policy().eta, 12.0);
            QVERIFY(w.controller()->policy().adaptive);
            w.editor()->setCursorPosition(0, 0);
            for (int i = 0; i < 8; ++i) {
                typeAndWaitForGhost(w, QString("\ndef area%1(self").arg(i));
                QTest::keyClick(w.editor(), Qt::Key_Escape);
                QVERIFY(!w.editor()->hasGhostText());
            }
            auto adapted = [&] {
                const auto evs = events(participant);
                return std::count_if(evs.begin(), evs.end(), [](const auto& e) { return e.type == study::event::kEtaAdapted; });
            };
            QTRY_COMPARE_WITH_TIMEOUT(adapted(), 8L, 5000);
            learned = w.controller()->policy().eta;
            QVERIFY2(learned < 12.0, std::to_string(learned).c_str());
            // The window goes away mid-phase (as in a crash).
        }
        const auto evs = events(participant);
        const auto points = study::eta_trajectory(evs);
        QCOMPARE(points.size(), std::size_t(8));
        for (const auto& p : points) {
            QCOMPARE(p.kept, std::size_t(0));  // every one rejected with Esc
            QVERIFY(p.shown > 0);
        }
        QCOMPARE(points.back().eta, learned);
        QCOMPARE(points.front().eta, 12.0);  // fewer than min_suggestions judged: the prior holds
        {
            // The conductor's report draws the same trajectory: one curve for this participant.
            StudyPanel panel(db_);
            panel.show();
            panel.selectStudy("auto-arm");
            QVERIFY(panel.waitForRefresh());
            QCOMPARE(panel.currentStudy(), QString("auto-arm"));
            const auto& groups = panel.report().groups;
            QCOMPARE(groups.size(), std::size_t(1));
            QCOMPARE(groups[0].eta_curves.size(), std::size_t(1));
            QCOMPARE(groups[0].eta_curves[0].participant, std::string("P01"));
            QCOMPARE(groups[0].eta_curves[0].eta.size(), points.size());
            for (std::size_t i = 0; i < points.size(); ++i) QCOMPARE(groups[0].eta_curves[0].eta[i], points[i].eta);
            auto* chart = panel.findChild<QChartView*>("etaChart");
            QVERIFY(chart && chart->isVisibleTo(&panel));
            QCOMPARE(chart->chart()->series().size(), 1);
            QCOMPARE(static_cast<QLineSeries*>(chart->chart()->series()[0])->count(), int(points.size()));
        }
        ParticipantWindow w(db_, participant, provider());
        w.show();
        QCOMPARE(w.page(), ParticipantWindow::Page::Intro);
        w.startOrResume();
        QCOMPARE(w.controller()->policy().eta, learned);
    }

    // The session-start payload names the problem's path; one with a quote and a backslash in it
    // used to be pasted into the JSON text unescaped, leaving an unparseable payload.
    void problemPathIsEscapedInTheLog() {
        const auto problem = std::filesystem::path(tmp_.path().toStdString()) / "say \"hi\" \\ there" / "lava-trap";
        std::filesystem::create_directories(problem.parent_path());
        std::filesystem::copy(projects_dir() / "lava-trap", problem, std::filesystem::copy_options::recursive);
        std::int64_t participant = 0;
        {
            store::Workspace ws(db_.toStdString(), false);
            study::StudyStore store(ws);
            auto design = study::StudyDesign::paper_default("quoted-path", {problem.string()});
            design.arms = {study::Arm{"empower-12", "empower", 12.0, "", 24}, study::Arm{"base-20", "base-20", 12.0, "", 24}};
            store.create_study(design);
            participant = store.add_participant(*store.study("quoted-path")).id;
        }
        {
            ParticipantWindow w(db_, participant, provider());
            w.show();
            QCOMPARE(w.page(), ParticipantWindow::Page::Intro);
        }
        const auto evs = events(participant);
        const auto started = std::find_if(evs.begin(), evs.end(), [](const auto& e) { return e.type == study::event::kSessionStarted; });
        QVERIFY(started != evs.end());
        const auto payload = nlohmann::json::parse(started->payload, nullptr, false);
        QVERIFY2(!payload.is_discarded(), started->payload.c_str());
        QCOMPARE(payload.at("problem").get<std::string>(), problem.string());
    }

#ifdef EW_WITH_SERVE
    // A study arm whose model another machine serves (`empower serve` there; here on loopback):
    // connected through loadArmModel as the study panel does, it suggests in the participant
    // window exactly what the same model in process suggests, and the phase records where it ran.
    void aServedArmSuggestsFromTheServer() {
        serve::ServeOptions options;
        options.port = 0;
        options.api_key = "study-key";
        serve::HttpServer server(model_, options);
        const int port = server.bind();
        std::thread listening([&] { server.listen(); });
        const auto stop = qScopeGuard([&] {
            server.stop();
            listening.join();
        });
        const std::string url = "http://127.0.0.1:" + std::to_string(port);
        const QString keyFile = tmp_.filePath("arm.key");
        {
            QFile f(keyFile);
            QVERIFY(f.open(QIODevice::WriteOnly));
            f.write("study-key\n");
        }
        std::int64_t participant = 0;
        study::StudyDesign design;
        {
            store::Workspace ws(db_.toStdString(), false);
            study::StudyStore store(ws);
            design = study::StudyDesign::paper_default("served", {(projects_dir() / "lava-trap").string()});
            design.arms = {study::Arm{"served-empower-12", "empower", 12.0, "", 24, url, keyFile.toStdString()},
                           study::Arm{"served-base-20", "base-20", 12.0, "", 24, url, keyFile.toStdString()}};
            for (auto& p : design.phases) p.minutes = 1;
            store.create_study(design);
            participant = store.add_participant(*store.study("served")).id;
        }
        std::map<std::string, std::shared_ptr<const lm::LanguageModel>> models;
        for (const auto& arm : design.arms) models[armModelKey(arm)] = loadArmModel(arm, {});
        QCOMPARE(models.size(), std::size_t{1});  // both arms share one connection to the server

        ParticipantWindow w(db_, participant, [&](const study::Arm& arm) { return models.at(armModelKey(arm)); });
        w.show();
        w.startOrResume();
        w.finishPhase();  // the unassisted part
        w.startOrResume();
        QCOMPARE(w.phaseIndex(), 1);
        w.editor()->setCursorPosition(0, 0);
        typeAndWaitForGhost(w, "\nclass Point:\ndef __init__(self");
        const QString ghost = w.editor()->ghostText();
        screenshot(w, "participant-served-arm");

        const QByteArray prefix = w.editor()->bytesBeforeCaret();
        auto local = model_->new_session();
        const auto want = empower::suggest(*model_, *local, {std::string_view(prefix.constData(), static_cast<std::size_t>(prefix.size())),
                                                             w.controller()->policy(), 0, nullptr});
        QCOMPARE(ghost, QString::fromStdString(want.text));
        QTRY_VERIFY(server.metrics().requests("/empower/v1/generate", 200) > 0);
        w.finishPhase();

        const auto evs = events(participant);
        const auto started = std::find_if(evs.begin(), evs.end(), [](const auto& e) { return e.type == study::event::kPhaseStarted && e.phase == 1; });
        QVERIFY(started != evs.end());
        const auto payload = nlohmann::json::parse(started->payload);
        QVERIFY2(payload.at("model").get<std::string>().find(url) != std::string::npos, started->payload.c_str());
        QVERIFY(started->payload.find("study-key") == std::string::npos);  // the key never enters the log
    }
#endif
};

QTEST_MAIN(TestParticipantWindow)
#include "test_participant_window.moc"

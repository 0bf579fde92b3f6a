#include "study_panel.h"

#include "model_status.h"

#include "arm_model.h"
#include "grouped_bar_chart.h"
#include "guarded_call.h"
#include "message_bar.h"
#include "participant_window.h"
#include "store/workspace.h"
#include "study/session_replay_cache.h"
#include "study/study_export.h"
#include "study/study_store.h"
#include "study/tab_frontend_import.h"
#include "support/error.h"
#include "support/resource_paths.h"

#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDialog>
#include <QDialogButtonBox>
#include <QDir>
#include <QDirIterator>
#include <QDoubleSpinBox>
#include <QEventLoop>
#include <QFileDialog>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QLegend>
#include <QLineSeries>
#include <QLineEdit>
#include <QListWidget>
#include <QMessageBox>
#include <QPushButton>
#include <QSpinBox>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>
#include <QtConcurrent>
#include <cmath>
#include <optional>

namespace ew::widgets {

struct StudyPanel::Snapshot {
    quint64 generation = 0;
    std::string requested;                     // the study asked for
    std::vector<std::string> studies;
    std::optional<study::StudyRecord> study;   // the one asked for, else the first (none: no studies)
    std::vector<study::ParticipantRecord> participants;
    study::StudyReport report;
    std::string error;                         // the read failed; nothing else is set
};

// The refresh worker's side. It has its own connection (the panel's is used by the UI thread's
// actions) and keeps the sessions' replays between refreshes. One refresh at a time uses it.
struct StudyPanel::Reader {
    std::filesystem::path path;
    std::unique_ptr<store::Workspace> workspace;
    study::SessionReplayCache cache;

    std::shared_ptr<Snapshot> read(const std::string& requested, quint64 generation) noexcept {
        auto out = std::make_shared<Snapshot>();
        out->generation = generation;
        out->requested = requested;
        try {
            if (!workspace) workspace = std::make_unique<store::Workspace>(path, true);
            study::StudyStore store(*workspace);
            const auto studies = store.studies();
            for (const auto& s : studies) out->studies.push_back(s.design.name);
            auto it = std::find_if(studies.begin(), studies.end(), [&](const auto& s) { return s.design.name == requested; });
            if (it == studies.end() && !studies.empty()) it = studies.begin();
            if (it != studies.end()) {
                out->study = *it;
                out->participants = store.participants(it->id);
                out->report = cache.report(store, *it);  // also each participant's progress
            }
        } catch (const std::exception& e) {
            *out = Snapshot{generation, requested, {}, {}, {}, {}, e.what()};
        } catch (...) {
            *out = Snapshot{generation, requested, {}, {}, {}, {}, QCoreApplication::translate("ew::widgets::guarded", "unknown error").toStdString()};
        }
        return out;
    }
};

namespace {

QTableWidgetItem* cell(const QString& text) {
    auto* item = new QTableWidgetItem(text);
    item->setFlags(item->flags() & ~Qt::ItemIsEditable);
    return item;
}

// Where a participant is (from the report's replay of their latest session): phase and slot, never the arm.
QString progress(const study::StudyRecord& s, const study::SessionProgress& p) {
    if (p.sessions == 0) return QObject::tr("not started");
    if (p.finished) return QObject::tr("finished");
    if (p.phase < 0) return QObject::tr("session opened");
    const auto& phase = s.design.phases.at(static_cast<std::size_t>(p.phase));
    const QString where = QObject::tr("part %1 of %2 — %3")
                              .arg(p.phase + 1)
                              .arg(s.design.phases.size())
                              .arg(phase.slot ? QObject::tr("Assistant %1").arg(phase.slot) : QObject::tr("no assistant"));
    if (!p.phase_running) return where + QObject::tr(" (ended)");
    const double left = phase.minutes * 60.0 - p.phase_active_seconds;
    return where + (p.paused ? QObject::tr(" (paused)") : QObject::tr(" (%1 min left)").arg(std::max(0.0, left / 60), 0, 'f', 1));
}

}  // namespace

StudyPanel::StudyPanel(const QString& workspacePath, QWidget* parent)
    : QWidget(parent), workspacePath_(workspacePath), messageBar_(new MessageBar(this)), studies_(new QComboBox(this)), summary_(new QLabel(this)),
      participants_(new QTableWidget(this)), groups_(new QTableWidget(this)), tests_(new QLabel(this)),
      preferenceChart_(new QChartView(this)), acceptChart_(new QChartView(this)), lengthChart_(new QChartView(this)),
      countChart_(new QChartView(this)), etaChart_(new QChartView(this)), openButton_(new QPushButton(tr("Open session"), this)),
      unblindButton_(new QPushButton(tr("Unblind…"), this)), reader_(std::make_shared<Reader>()) {
    reader_->path = workspacePath.toStdString();
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(messageBar_);
    auto* top = new QHBoxLayout;
    auto* create = new QPushButton(tr("New study…"), this);
    create->setObjectName("newStudy");
    auto* fromFile = new QPushButton(tr("From design file…"), this);
    fromFile->setToolTip(tr("A study design JSON (as `empower study create --design` takes): any arms, phases, questionnaire"));
    auto* import = new QPushButton(tr("Import tab_frontend logs…"), this);
    top->addWidget(new QLabel(tr("Study:"), this));
    top->addWidget(studies_, 1);
    top->addWidget(create);
    top->addWidget(fromFile);
    top->addWidget(import);
    layout->addLayout(top);
    summary_->setWordWrap(true);
    layout->addWidget(summary_);

    participants_->setColumnCount(4);
    participants_->setHorizontalHeaderLabels({tr("Participant"), tr("Problem"), tr("Progress"), tr("Events")});
    participants_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    participants_->horizontalHeader()->setStretchLastSection(true);
    participants_->setSelectionBehavior(QAbstractItemView::SelectRows);
    participants_->setSelectionMode(QAbstractItemView::SingleSelection);
    participants_->verticalHeader()->hide();
    participants_->setMinimumHeight(140);
    layout->addWidget(participants_);
    auto* buttons = new QHBoxLayout;
    auto* enrol = new QPushButton(tr("Enrol participant"), this);
    auto* exportButton = new QPushButton(tr("Export…"), this);
    auto* pause = new QPushButton(tr("Pause / resume phase"), this);
    pause->setToolTip(tr("Pauses the open participant window's timer and editor (also Ctrl+Alt+P in that window)"));
    buttons->addWidget(enrol);
    buttons->addWidget(openButton_);
    buttons->addWidget(pause);
    buttons->addStretch();
    buttons->addWidget(unblindButton_);
    buttons->addWidget(exportButton);
    layout->addLayout(buttons);

    groups_->setColumnCount(9);
    groups_->setHorizontalHeaderLabels({tr("Group"), tr("Participants"), tr("Shown"), tr("Accepted"), tr("Accept %"),
                                        tr("Suggestions / participant"), tr("Shown chars / suggestion"), tr("Chars / accept"),
                                        tr("Deleted / accept")});
    // Each rate twice, named: the pooled ratio of sums, and the mean of the participants' own ratios.
    for (int c = 4; c < 9; ++c)
        if (c != 5) groups_->horizontalHeaderItem(c)->setToolTip(tr("pooled (ratio of sums over all suggestions) / mean of participants"));
    groups_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    groups_->verticalHeader()->hide();
    groups_->setSizeAdjustPolicy(QAbstractScrollArea::AdjustToContents);
    groups_->setVerticalScrollBarPolicy(Qt::ScrollBarAlwaysOff);
    layout->addWidget(groups_);
    tests_->setWordWrap(true);
    tests_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    layout->addWidget(tests_);
    auto* charts = new QGridLayout;
    int i = 0;
    for (auto* v : {preferenceChart_, acceptChart_, lengthChart_, countChart_}) {
        v->setRenderHint(QPainter::Antialiasing);
        v->setMinimumHeight(240);
        charts->addWidget(v, i / 2, i % 2);
        ++i;
    }
    etaChart_->setRenderHint(QPainter::Antialiasing);
    etaChart_->setMinimumHeight(240);
    etaChart_->setVisible(false);
    etaChart_->setObjectName("etaChart");
    charts->addWidget(etaChart_, 2, 0, 1, 2);
    layout->addLayout(charts, 1);

    connect(studies_, &QComboBox::currentTextChanged, this, [this](const QString& name) {
        selected_ = name;  // the conductor's choice (refills block this signal)
        refresh();
    });
    connect(create, &QPushButton::clicked, this, &StudyPanel::newStudyDialog);
    connect(import, &QPushButton::clicked, this, &StudyPanel::importDialog);
    connect(fromFile, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getOpenFileName(this, tr("Study design"), {}, tr("JSON (*.json)"));
        if (path.isEmpty()) return;
        QFile f(path);
        QString error;
        try {
            if (!f.open(QIODevice::ReadOnly)) throw Error(path.toStdString() + ": cannot be read");
            const auto design = study::StudyDesign::from_json(nlohmann::json::parse(f.readAll().toStdString()), path.toStdString());
            if (!createStudy(design, &error)) QMessageBox::warning(this, tr("New study"), error);
        } catch (const std::exception& e) {
            QMessageBox::warning(this, tr("New study"), QString::fromUtf8(e.what()));
        }
    });
    connect(pause, &QPushButton::clicked, this, guard(messageBar_, tr("Pausing the session"), [this] {
        if (window_) window_->setPaused(!window_->paused());
        refresh();
    }));
    connect(enrol, &QPushButton::clicked, this, [this] {
        const QString code = enrolParticipant();
        if (!code.isEmpty()) emit message(tr("Enrolled %1").arg(code));
    });
    connect(openButton_, &QPushButton::clicked, this, [this] {
        const auto rows = participants_->selectionModel()->selectedRows();
        if (rows.isEmpty()) {
            emit message(tr("Select a participant first."));
            return;
        }
        openSession(participants_->item(rows.first().row(), 0)->text());
    });
    connect(unblindButton_, &QPushButton::clicked, this, &StudyPanel::unblindDialog);
    connect(exportButton, &QPushButton::clicked, this, &StudyPanel::exportDialog);
    connect(&refreshing_, &QFutureWatcher<std::shared_ptr<Snapshot>>::finished, this, [this] {
        auto snapshot = refreshing_.result();
        // Read for a study the conductor has since left: the refresh queued by that choice shows it.
        if (snapshot->requested == selected_.toStdString()) {
            guarded(messageBar_, tr("Reading the studies in %1").arg(workspacePath_), [&] {
                if (!snapshot->error.empty()) throw Error(snapshot->error);
                showSnapshot(*snapshot);
            });
            refreshShown_ = snapshot->generation;
            emit refreshed();
        }
        if (refreshPending_) startRefresh();
    });
    // The running view follows sessions in progress (this or another workbench writes the log).
    poll_.setInterval(5000);
    connect(&poll_, &QTimer::timeout, this, [this] {
        if (isVisible()) refresh();
    });
    poll_.start();
    // The schema is created or migrated here, before the worker opens its own connection: two
    // connections migrating a new file at once would both try to create the tables.
    guarded(messageBar_, tr("Reading the studies in %1").arg(workspacePath_), [this] { workspace(); });
    refresh();
}

StudyPanel::~StudyPanel() {
    loading_.waitForFinished();
    refreshing_.waitForFinished();
    delete window_;
}

store::Workspace& StudyPanel::workspace() const {
    if (!workspace_) workspace_ = std::make_unique<store::Workspace>(workspacePath_.toStdString(), true);
    return *workspace_;
}

ParticipantWindow* StudyPanel::openWindow() const { return window_.data(); }

QString StudyPanel::currentStudy() const { return selected_; }

void StudyPanel::selectStudy(const QString& name) {
    selected_ = name;
    refresh();
}

bool StudyPanel::createStudy(const study::StudyDesign& design, QString* error) {
    try {
        study::StudyStore(workspace()).create_study(design);
    } catch (const std::exception& e) {
        if (error) *error = QString::fromUtf8(e.what());
        showError(QString::fromUtf8(e.what()));
        return false;
    }
    selectStudy(QString::fromStdString(design.name));
    return true;
}

QString StudyPanel::enrolParticipant() {
    try {
        study::StudyStore store(workspace());
        const auto s = store.study(currentStudy().toStdString());
        if (!s) return {};
        const auto p = store.add_participant(*s);
        refresh();
        return QString::fromStdString(p.code);
    } catch (const std::exception& e) {
        showError(QString::fromUtf8(e.what()));
        return {};
    }
}

void StudyPanel::openSession(const QString& participantCode, bool fullScreen) {
    if (!guarded(messageBar_, tr("Opening the session"), [&] { startOpening(participantCode, fullScreen); }))
        openButton_->setEnabled(true);
}

void StudyPanel::startOpening(const QString& participantCode, bool fullScreen) {
    if (window_) {
        window_->raise();
        window_->activateWindow();
        return;
    }
    if (loading_.isRunning()) return;
    study::StudyStore store(workspace());
    const auto s = store.study(currentStudy().toStdString());
    if (!s) return;
    std::int64_t participantId = 0;
    for (const auto& p : store.participants(s->id))
        if (QString::fromStdString(p.code) == participantCode) participantId = p.id;
    if (!participantId) return;
    // Load (or connect to) every arm's model first, off the UI thread; the window opens when they are ready.
    std::vector<study::Arm> toLoad;
    for (const auto& arm : s->design.arms) {
        const std::string key = armModelKey(arm);
        if (!models_.count(key) && std::none_of(toLoad.begin(), toLoad.end(), [&](const study::Arm& a) { return armModelKey(a) == key; }))
            toLoad.push_back(arm);
    }
    auto loaded = std::make_shared<std::map<std::string, std::shared_ptr<const lm::LanguageModel>>>();
    openButton_->setEnabled(false);
    emit message(tr("Loading the assistants' models…"));
    disconnect(&loading_, nullptr, this, nullptr);
    connect(&loading_, &QFutureWatcher<QString>::finished, this, guard(messageBar_, tr("Opening the session"), [this, loaded, participantId, fullScreen] {
        openButton_->setEnabled(true);
        const QString error = loading_.result();
        if (!error.isEmpty()) {
            showError(error);
            QMessageBox::warning(this, tr("Study session"), error);
            return;
        }
        models_.insert(loaded->begin(), loaded->end());
        auto provider = [this](const study::Arm& arm) -> std::shared_ptr<const lm::LanguageModel> {
            auto it = models_.find(armModelKey(arm));
            return it == models_.end() ? nullptr : it->second;
        };
        window_ = new ParticipantWindow(workspacePath_, participantId, provider);  // throws on a damaged log: reported
        window_->setAttribute(Qt::WA_DeleteOnClose);
        connect(window_, &ParticipantWindow::sessionFinished, this, &StudyPanel::refresh);
        connect(window_, &QObject::destroyed, this, &StudyPanel::refresh);
        if (fullScreen) window_->showFullScreen();
        else window_->show();
    }));
    loading_.setFuture(QtConcurrent::run([toLoad, loaded, options = ModelStatus::loadOptions()]() -> QString {
        try {
            for (const auto& arm : toLoad) (*loaded)[armModelKey(arm)] = loadArmModel(arm, options);
        } catch (const std::exception& e) {
            return QString::fromUtf8(e.what());
        }
        return {};
    }));
}

void StudyPanel::unblindCurrent() {
    guarded(messageBar_, tr("Unblinding the study"), [this] {
        study::StudyStore store(workspace());
        if (const auto s = store.study(currentStudy().toStdString())) store.unblind(s->id);
    });
    refresh();
}

void StudyPanel::showError(const QString& text) {
    messageBar_->showError(QString(), text);
    emit message(text);
}

QString StudyPanel::exportCurrent(const QString& directory) {
    try {
        study::StudyStore store(workspace());
        const auto s = store.study(currentStudy().toStdString());
        if (!s) return tr("No study selected.");
        return QString::fromStdString(study::export_study(store, *s, directory.toStdString()).bundle_json.string());
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
}

void StudyPanel::refresh() {
    ++refreshRequested_;
    if (refreshing_.isRunning()) refreshPending_ = true;
    else startRefresh();
}

void StudyPanel::startRefresh() {
    refreshPending_ = false;
    refreshing_.setFuture(QtConcurrent::run([reader = reader_, requested = selected_.toStdString(), generation = refreshRequested_] {
        return reader->read(requested, generation);
    }));
}

bool StudyPanel::waitForRefresh(int timeoutMs) {
    if (refreshShown_ >= refreshRequested_) return true;
    QEventLoop loop;
    QTimer timeout;
    timeout.setSingleShot(true);
    connect(&timeout, &QTimer::timeout, &loop, &QEventLoop::quit);
    connect(this, &StudyPanel::refreshed, &loop, [&] {
        if (refreshShown_ >= refreshRequested_) loop.quit();
    });
    timeout.start(timeoutMs);
    loop.exec();
    return refreshShown_ >= refreshRequested_;
}

void StudyPanel::showSnapshot(Snapshot& snapshot) {
    {
        QSignalBlocker block(studies_);
        studies_->clear();
        for (const auto& name : snapshot.studies) studies_->addItem(QString::fromStdString(name));
        selected_ = snapshot.study ? QString::fromStdString(snapshot.study->design.name) : QString();
        studies_->setCurrentText(selected_);
    }
    const auto& s = snapshot.study;
    participants_->setRowCount(0);
    if (!s) {
        summary_->setText(tr("No study yet: create one (the paper's protocol is the default) or import tab_frontend logs."));
        report_ = {};
        groups_->setRowCount(0);
        tests_->clear();
        drawCharts();
        return;
    }
    const auto& d = s->design;
    QStringList phases;
    for (const auto& p : d.phases)
        phases << QString("%1 %2 min").arg(p.slot ? tr("Assistant %1").arg(p.slot) : tr("unassisted")).arg(p.minutes);
    QStringList arms;
    for (const auto& a : d.arms) arms << QString::fromStdString(a.name);
    summary_->setText(tr("%1 problem(s); phases: %2; %3.")
                          .arg(d.problems.size())
                          .arg(phases.join(", "))
                          .arg(s->blinded() ? tr("%1 assistants, <b>blinded</b>").arg(d.arms.size())
                                            : tr("unblinded: arms %1").arg(arms.join(", "))));
    unblindButton_->setEnabled(s->blinded());

    report_ = std::move(snapshot.report);
    const auto& people = snapshot.participants;
    const int slotColumns = s->blinded() ? 0 : d.assistant_slots();
    participants_->setColumnCount(4 + slotColumns);
    QStringList headers{tr("Participant"), tr("Problem"), tr("Progress"), tr("Events")};
    for (int slot = 1; slot <= slotColumns; ++slot) headers << tr("Assistant %1").arg(slot);
    participants_->setHorizontalHeaderLabels(headers);
    participants_->setRowCount(static_cast<int>(people.size()));
    for (int r = 0; r < static_cast<int>(people.size()); ++r) {
        const auto& p = people[static_cast<std::size_t>(r)];
        const auto& state = report_.per_participant.at(static_cast<std::size_t>(r)).progress;  // same order: by enrolment
        participants_->setItem(r, 0, cell(QString::fromStdString(p.code)));
        participants_->setItem(r, 1, cell(QFileInfo(QString::fromStdString(p.problem)).fileName()));
        participants_->setItem(r, 2, cell(progress(*s, state)));
        participants_->setItem(r, 3, cell(QString::number(state.events)));
        for (int slot = 1; slot <= slotColumns; ++slot)
            participants_->setItem(r, 3 + slot, cell(QString::fromStdString(d.arms.at(static_cast<std::size_t>(p.arm_order.at(static_cast<std::size_t>(slot - 1)))).name)));
    }

    groups_->setRowCount(static_cast<int>(report_.groups.size()));
    for (int r = 0; r < static_cast<int>(report_.groups.size()); ++r) {
        const auto& g = report_.groups[static_cast<std::size_t>(r)];
        auto twoWays = [](const study::Figure& f, double scale, int decimals) {
            return QString("%1 / %2").arg(scale * f.pooled, 0, 'f', decimals).arg(scale * f.participant_mean, 0, 'f', decimals);
        };
        const QStringList cells{QString::fromStdString(g.label),
                                QString::number(g.participants),
                                QString::number(g.shown),
                                QString::number(g.accepted),
                                twoWays(g.accept_ratio, 100, 2),
                                QString::number(g.suggestions_per_participant, 'f', 1),
                                twoWays(g.shown_chars_per_suggestion, 1, 1),
                                twoWays(g.accepted_chars_per_accept, 1, 1),
                                twoWays(g.deleted_chars_per_accept, 1, 2)};
        for (int c = 0; c < cells.size(); ++c) groups_->setItem(r, c, cell(cells[c]));
    }
    QStringList lines;
    lines << (report_.expectation ? tr("Hypothesis: %1 — one-sided p in that direction for accept ratio and deletions per accept.")
                                        .arg(QString::fromStdString(report_.expectation->text()))
                                  : tr("No hypothesis stated: every p-value is two-sided."));
    auto pText = [](const std::string& alternative, const std::string& direction, double two, double greater, double less) {
        if (alternative == "two-sided") return tr("p = %1 (two-sided)").arg(two, 0, 'g', 3);
        return tr("p = %1 (one-sided, %2), %3 (two-sided)")
            .arg(study::p_for(alternative, two, greater, less), 0, 'g', 3)
            .arg(QString::fromStdString(direction))
            .arg(two, 0, 'g', 3);
    };
    for (const auto& c : report_.comparisons) {
        lines << tr("%1 vs %2 — unit: participant (paired)").arg(QString::fromStdString(c.a), QString::fromStdString(c.b));
        for (const auto& pc : c.by_participant) {
            QString line = tr("  %1: n = %2, mean %3 vs %4").arg(QString::fromStdString(pc.metric)).arg(pc.n).arg(pc.mean_a, 0, 'g', 4).arg(pc.mean_b, 0, 'g', 4);
            if (pc.paired_t.valid)
                line += tr("; paired t = %1, %2").arg(pc.paired_t.t, 0, 'f', 2).arg(pText(pc.alternative, pc.direction, pc.paired_t.p_two_sided, pc.paired_t.p_greater, pc.paired_t.p_less));
            if (pc.wilcoxon.valid)
                line += tr("; Wilcoxon %1").arg(pText(pc.alternative, pc.direction, pc.wilcoxon.p_two_sided, pc.wilcoxon.p_greater, pc.wilcoxon.p_less));
            if (pc.sign_flip.valid)
                line += tr("; exact sign-flip %1").arg(pText(pc.alternative, pc.direction, pc.sign_flip.p_two_sided, pc.sign_flip.p_greater, pc.sign_flip.p_less));
            if (pc.pooled_difference.valid)
                line += tr("; pooled difference %1 (95% CI %2 to %3, cluster bootstrap)")
                            .arg(pc.pooled_difference.estimate, 0, 'g', 3)
                            .arg(pc.pooled_difference.lower, 0, 'g', 3)
                            .arg(pc.pooled_difference.upper, 0, 'g', 3);
            lines << line;
        }
        const auto& pooled = c.pooled;
        QString line = tr("  secondary, unit: suggestion (treats suggestions as independent): acceptance z = %1, %2")
                           .arg(pooled.acceptance.z, 0, 'f', 2)
                           .arg(pText(pooled.acceptance_alternative, pooled.acceptance_direction, pooled.acceptance.p_two_sided,
                                      pooled.acceptance.p_greater, 1 - pooled.acceptance.p_greater));
        if (pooled.deletions.valid)
            line += tr("; deletions per accept: Welch t = %1, df = %2, %3")
                        .arg(pooled.deletions.t, 0, 'f', 2)
                        .arg(pooled.deletions.df, 0, 'f', 1)
                        .arg(pText(pooled.deletions_alternative, pooled.deletions_direction, pooled.deletions.p_two_sided,
                                   pooled.deletions.p_greater, 1 - pooled.deletions.p_greater));
        lines << line;
    }
    for (const auto& p : report_.preferences) {
        if (p.answered == 0) continue;
        QStringList shares;
        for (const auto& sh : p.shares)
            shares << tr("%1 ranked first by %2/%3 (p = %4 one-sided, %5 two-sided)")
                          .arg(QString::fromStdString(sh.label))
                          .arg(sh.ranked_first)
                          .arg(p.answered)
                          .arg(sh.test.p_greater, 0, 'g', 3)
                          .arg(sh.test.p_two_sided, 0, 'g', 3);
        lines << QString::fromStdString(p.item) + ": " + shares.join("; ");
    }
    for (const auto& w : report_.warnings) lines << tr("warning: %1").arg(QString::fromStdString(w));
    tests_->setText(lines.join("\n"));
    drawCharts();
}

void StudyPanel::drawCharts() {
    auto replace = [](QChartView* view, QChart* chart) {
        auto* old = view->chart();
        view->setChart(chart);
        delete old;
    };
    QStringList items;
    for (const auto& p : report_.preferences) items << QString::fromStdString(p.item);
    std::vector<BarSeriesData> prefs, accept, lengths, counts;
    for (std::size_t g = 0; g < report_.groups.size(); ++g) {
        const auto& group = report_.groups[g];
        const QString name = QString::fromStdString(group.label);
        BarSeriesData pref{name, {}, {}, {}};
        for (const auto& p : report_.preferences) {
            const auto& share = p.shares.at(g);
            pref.values.push_back(p.answered ? share.proportion : NAN);
            pref.lower.push_back(share.ci95.lower);
            pref.upper.push_back(share.ci95.upper);
        }
        prefs.push_back(pref);
        // Participant means ± 1 s.e. across participants: the unit of analysis, as in the tests.
        auto mean = [](const study::Figure& f) { return f.participants ? f.participant_mean : NAN; };
        auto low = [](const study::Figure& f) { return f.participants > 1 ? f.participant_mean - f.participant_se : NAN; };
        auto high = [](const study::Figure& f) { return f.participants > 1 ? f.participant_mean + f.participant_se : NAN; };
        accept.push_back({name, {mean(group.accept_ratio)}, {low(group.accept_ratio)}, {high(group.accept_ratio)}});
        lengths.push_back({name,
                           {mean(group.accepted_chars_per_accept), mean(group.deleted_chars_per_accept)},
                           {low(group.accepted_chars_per_accept), low(group.deleted_chars_per_accept)},
                           {high(group.accepted_chars_per_accept), high(group.deleted_chars_per_accept)}});
        counts.push_back({name, {group.suggestions_per_participant}, {}, {}});
    }
    replace(preferenceChart_, makeGroupedBarChart(tr("Ranked first (share, 95% CI)"), items, prefs, 1.0));
    replace(acceptChart_, makeGroupedBarChart(tr("Accept ratio — mean of participants (±1 s.e.)"), {tr("accepted / shown")}, accept, 0, "%.2f"));
    replace(lengthChart_, makeGroupedBarChart(tr("Characters per accept — mean of participants (±1 s.e.)"),
                                              {tr("accepted"), tr("deleted later")}, lengths));
    replace(countChart_, makeGroupedBarChart(tr("Suggestions shown per participant"), {tr("suggestions")}, counts));
    replace(etaChart_, makeEtaChart());
    etaChart_->setVisible(!etaChart_->chart()->series().isEmpty());
}

QChart* StudyPanel::makeEtaChart() const {
    // One line per participant of each empower-auto group: how η moved as they judged suggestions
    // (the calibrator's choice after each one, as logged in the eta_adapted events).
    auto* chart = new QChart;
    chart->setTitle(tr("Empower-auto: η after each suggestion, per participant"));
    auto* x = new QValueAxis;
    x->setTitleText(tr("suggestions (judged, or showed nothing)"));
    x->setLabelFormat("%d");
    auto* y = new QValueAxis;
    y->setTitleText(tr("η (nats)"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    double top = 1;
    std::size_t longest = 1;
    for (const auto& group : report_.groups)
        for (const auto& curve : group.eta_curves) {
            if (curve.eta.empty()) continue;
            auto* line = new QLineSeries;
            line->setName(QString("%1 · %2").arg(QString::fromStdString(group.label), QString::fromStdString(curve.participant)));
            for (std::size_t i = 0; i < curve.eta.size(); ++i) {
                line->append(double(i + 1), curve.eta[i]);
                top = std::max(top, curve.eta[i]);
            }
            longest = std::max(longest, curve.eta.size());
            chart->addSeries(line);
            line->attachAxis(x);
            line->attachAxis(y);
        }
    x->setRange(1, double(std::max<std::size_t>(longest, 2)));
    x->setTickType(QValueAxis::TicksDynamic);  // whole suggestions: 1, then every `step`
    x->setTickAnchor(0);
    x->setTickInterval(std::max(1.0, std::ceil(double(longest) / 8.0)));
    y->setRange(0, top * 1.1);
    y->applyNiceNumbers();
    chart->legend()->setAlignment(Qt::AlignRight);
    return chart;
}

void StudyPanel::newStudyDialog() {
    QDialog dialog(this);
    dialog.setWindowTitle(tr("New study"));
    auto* form = new QFormLayout(&dialog);
    auto* name = new QLineEdit(&dialog);
    name->setObjectName("studyName");
    auto* problems = new QListWidget(&dialog);
    QDir projects(QString::fromStdString(projects_dir().string()));
    for (const auto& entry : projects.entryList(QDir::Dirs | QDir::NoDotAndDotDot)) {
        if (!QFileInfo::exists(projects.filePath(entry + "/project.json"))) continue;
        auto* item = new QListWidgetItem(entry, problems);
        item->setCheckState(entry == "lava-trap" || entry == "special-keyboard" ? Qt::Checked : Qt::Unchecked);
    }
    auto* armA = new QLineEdit("empower-4", &dialog);
    auto* etaA = new QDoubleSpinBox(&dialog);
    etaA->setRange(0.1, 100);
    etaA->setValue(4);
    auto* armB = new QLineEdit("base-20", &dialog);
    auto* unassisted = new QSpinBox(&dialog);
    unassisted->setRange(1, 240);
    unassisted->setValue(25);
    auto* assisted = new QSpinBox(&dialog);
    assisted->setRange(1, 240);
    assisted->setValue(15);
    auto* seed = new QSpinBox(&dialog);
    seed->setRange(1, 1 << 30);
    seed->setValue(static_cast<int>(QDateTime::currentSecsSinceEpoch() % 100000) + 1);
    // Stated before any data, like a preregistration: it makes the tests one-sided in its direction.
    auto* hypothesis = new QLineEdit(&dialog);
    hypothesis->setObjectName("hypothesis");
    hypothesis->setPlaceholderText(tr("e.g. empower-4 > base-20"));
    hypothesis->setToolTip(tr("Optional, stated before any data: the arm expected to do better, then the other. "
                              "Tests become one-sided in that direction; empty: every test is two-sided."));
    form->addRow(tr("Name"), name);
    form->addRow(tr("Problems"), problems);
    form->addRow(tr("Arm A (Empower)"), armA);
    form->addRow(tr("Arm A η (nats)"), etaA);
    form->addRow(tr("Arm B (policy: base-N or empower)"), armB);
    form->addRow(tr("Unassisted minutes"), unassisted);
    form->addRow(tr("Minutes per assistant"), assisted);
    form->addRow(tr("Counterbalancing seed"), seed);
    form->addRow(tr("Hypothesis (better > worse)"), hypothesis);
    auto* box = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, &dialog);
    form->addRow(box);
    connect(box, &QDialogButtonBox::accepted, &dialog, &QDialog::accept);
    connect(box, &QDialogButtonBox::rejected, &dialog, &QDialog::reject);
    // A design the store refuses (a duplicate name, a hypothesis naming no arm) reopens the dialog
    // as it was filled in, with the reason: nothing typed is lost.
    while (dialog.exec() == QDialog::Accepted) {
        std::vector<std::string> chosen;
        for (int i = 0; i < problems->count(); ++i)
            if (problems->item(i)->checkState() == Qt::Checked) chosen.push_back(problems->item(i)->text().toStdString());
        auto design = study::StudyDesign::paper_default(name->text().trimmed().toStdString(), chosen);
        design.arms[0].name = armA->text().trimmed().toStdString();
        design.arms[0].eta = etaA->value();
        design.arms[1].name = armB->text().trimmed().toStdString();
        design.arms[1].policy = armB->text().trimmed().toStdString();
        design.phases[0].minutes = unassisted->value();
        design.phases[1].minutes = design.phases[2].minutes = assisted->value();
        design.seed = static_cast<std::uint64_t>(seed->value());
        design.expectation = hypothesis->text().trimmed().toStdString();  // checked against the arms by validate()
        QString error;
        if (createStudy(design, &error)) return;
        QMessageBox::warning(this, tr("New study"), error);
    }
}

void StudyPanel::importDialog() {
    const QString parent = QFileDialog::getExistingDirectory(this, tr("Folder holding one folder per participant"));
    if (parent.isEmpty()) return;
    const QString rankings =
        QFileDialog::getOpenFileName(this, tr("Rankings CSV (optional; cancel to skip)"), parent, tr("CSV (*.csv)"));
    bool ok = false;
    const QString name = QInputDialog::getText(this, tr("Import"), tr("Study name"), QLineEdit::Normal, QDir(parent).dirName(), &ok);
    if (!ok || name.isEmpty()) return;
    study::TabFrontendImport request{name.toStdString(), {}, rankings.toStdString()};
    QDir dir(parent);
    for (const auto& entry : dir.entryList(QDir::Dirs | QDir::NoDotAndDotDot))
        if (QFileInfo::exists(dir.filePath(entry + "/mapping_do_not_read.json")) ||
            QFileInfo::exists(dir.filePath(entry + "/problems/mapping_do_not_read.json")))
            request.participant_folders.push_back(dir.filePath(entry).toStdString());
    if (request.participant_folders.empty()) request.participant_folders.push_back(parent.toStdString());
    // Asked only when there are scratchpads: the paper's script counts them, the default does not.
    int scratchpads = 0;
    for (const auto& folder : request.participant_folders)
        for (QDirIterator it(QString::fromStdString(folder), {"scratchpad_log.csv"}, QDir::Files, QDirIterator::Subdirectories); it.hasNext(); it.next())
            ++scratchpads;
    if (scratchpads > 0)
        request.count_scratchpads =
            QMessageBox::question(this, tr("Import"),
                                  tr("%n scratchpad log(s) found (the editor's free-typing pad, no problem's code).\n\nCount them toward the "
                                     "assistant whose folder holds them, as the paper's analysis script does? (No: list them as not imported.)",
                                     "", scratchpads),
                                  QMessageBox::Yes | QMessageBox::No, QMessageBox::No) == QMessageBox::Yes;
    try {
        study::TabFrontendImportResult r;
        try {
            r = study::import_tab_frontend(workspace(), request);
        } catch (const study::AlreadyImported& e) {
            const auto answer = QMessageBox::question(
                this, tr("Import"),
                tr("%1\n\nImport it again in place of the earlier import? The participant keeps its code; its earlier sessions are "
                   "deleted (ranking answers too if a rankings file is given).")
                    .arg(QString::fromUtf8(e.what())));
            if (answer != QMessageBox::Yes) return;
            request.replace = true;
            r = study::import_tab_frontend(workspace(), request);
        }
        // Nothing changed without a word: each kind of warning counted, and what was left out.
        QStringList warnings;
        for (const auto& [kind, count] : r.warning_counts) warnings << tr("%1 × %2").arg(count).arg(QString::fromStdString(kind));
        QString summary = tr("Imported %1 participant(s), %2 events (%3 lines skipped).").arg(r.participants.size()).arg(r.events).arg(r.skipped_lines);
        if (!warnings.isEmpty()) summary += " " + tr("Warnings: %1.").arg(warnings.join(", "));
        if (!r.not_imported.empty()) summary += " " + tr("%n file(s) or folder(s) not imported.", "", static_cast<int>(r.not_imported.size()));
        if (!r.replaced.empty()) summary += " " + tr("%n earlier import(s) replaced.", "", static_cast<int>(r.replaced.size()));
        if (!r.scratchpads_counted.empty())
            summary += " " + tr("%n scratchpad log(s) counted.", "", static_cast<int>(r.scratchpads_counted.size()));
        emit message(summary);
        if (!r.warnings.empty() || !r.not_imported.empty() || !r.replaced.empty() || !r.scratchpads_counted.empty()) {
            QStringList details;
            for (const auto& n : r.scratchpads_counted) details << tr("scratchpad: %1").arg(QString::fromStdString(n));
            for (const auto& w : r.warnings) details << QString::fromStdString(w);
            for (const auto& n : r.not_imported) details << tr("not imported: %1").arg(QString::fromStdString(n));
            for (const auto& n : r.replaced) details << tr("replaced: %1").arg(QString::fromStdString(n));
            auto* box = new QMessageBox(QMessageBox::Information, tr("Import"), summary, QMessageBox::Ok, this);
            box->setDetailedText(details.join('\n'));
            box->setAttribute(Qt::WA_DeleteOnClose);
            box->open();
        }
        selectStudy(name);
    } catch (const std::exception& e) {
        QMessageBox::warning(this, tr("Import"), QString::fromUtf8(e.what()));
    }
}

void StudyPanel::unblindDialog() {
    bool ok = false;
    const QString typed = QInputDialog::getText(
        this, tr("Unblind study"),
        tr("Unblinding shows which arm each participant saw as Assistant 1 / 2, here and in exports. It cannot be undone.\n"
           "Type the study's name to confirm:"),
        QLineEdit::Normal, {}, &ok);
    if (ok && typed == currentStudy()) unblindCurrent();
    else if (ok) emit message(tr("The name did not match; the study stays blinded."));
}

void StudyPanel::exportDialog() {
    const QString dir = QFileDialog::getExistingDirectory(this, tr("Export study to folder"));
    if (dir.isEmpty()) return;
    emit message(tr("Exported: %1").arg(exportCurrent(dir)));
}

}  // namespace ew::widgets

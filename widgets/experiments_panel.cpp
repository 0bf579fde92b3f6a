#include "experiments_panel.h"

#include "app_theme.h"
#include "episode_viewer.h"
#include "experiment/experiment_chart.h"
#include "experiment/remaining_time.h"
#include "experiment/slurm_experiment.h"
#include "experiment/stage_hold.h"
#include "experiment/stage_progress.h"
#include "experiment_form_dialog.h"
#include "grouped_bar_chart.h"
#include "guarded_call.h"
#include "job_launcher.h"
#include "jobs/local_jobs.h"
#include "message_bar.h"
#include "metric_chart.h"
#include "store/workspace.h"
#include "support/command_runner.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/last_line.h"

#include <QChart>
#include <QCheckBox>
#include <QLineEdit>
#include <QChartView>
#include <QComboBox>
#include <QFileDialog>
#include <QMenu>
#include <QRegularExpression>
#include <QFile>
#include <QFileInfo>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QImage>
#include <QLabel>
#include <QListWidget>
#include <QPainter>
#include <QPushButton>
#include <QSettings>
#include <QSpinBox>
#include <QSplitter>
#include <QSvgRenderer>
#include <QTabWidget>
#include <QTableWidget>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent>

#include <algorithm>
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <torch/cuda.h>

namespace ew::widgets {

namespace fs = std::filesystem;

namespace {

enum StageColumn { kStageId, kStageState, kStageTime, kStageLeft };

QString duration(double seconds) {
    if (seconds < 0) return QStringLiteral("?");
    const auto s = static_cast<long>(std::lround(seconds));
    if (s < 60) return QCoreApplication::translate("ew::widgets::ExperimentsPanel", "%1 s").arg(s);
    if (s < 3600) return QCoreApplication::translate("ew::widgets::ExperimentsPanel", "%1 min %2 s").arg(s / 60).arg(s % 60);
    return QCoreApplication::translate("ew::widgets::ExperimentsPanel", "%1 h %2 min").arg(s / 3600).arg((s / 60) % 60);
}

QString cell(const eval::MeanWithError& m, int decimals) {
    if (m.n == 0) return QStringLiteral("–");
    return QStringLiteral("%1 ± %2").arg(m.mean, 0, 'f', decimals).arg(m.standard_error, 0, 'f', decimals);
}

}  // namespace

ExperimentsPanel::ExperimentsPanel(const QString& workspacePath, QWidget* parent)
    : QWidget(parent), workspacePath_(workspacePath), messageBar_(new MessageBar(this)), list_(new QListWidget(this)),
      title_(new QLabel(this)), summary_(new QLabel(this)), run_(new QPushButton(tr("Run"), this)), stop_(new QPushButton(tr("Stop"), this)),
      export_(new QPushButton(tr("Export…"), this)), stages_(new QTreeWidget(this)), curves_(new MetricChart(tr("Fine-tune loss"), this)),
      results_(new QTableWidget(this)), human_(new QComboBox(this)), chart_(new QChartView(this)) {
    jobs_ = new QSpinBox(this);
    jobs_->setRange(1, 64);
    jobs_->setPrefix(tr("at once: "));
    // Default: one stage per CUDA device (each gets its own: `experiment run` shares them out), else one.
    // Counted only while nothing is saved: on a CUDA build the count starts the CUDA runtime.
    const QSettings settings;
    jobs_->setValue(settings.contains("experiments/jobs") ? settings.value("experiments/jobs").toInt()
                                                          : std::max<int>(1, static_cast<int>(torch::cuda::device_count())));
    jobs_->setToolTip(tr("Stages run side by side, each as soon as its needs are done. 1 suits a small machine: each "
                         "stage already uses the threads it is given. With CUDA devices, each running stage gets one of its own, "
                         "so at most that many run at once"));
    connect(jobs_, &QSpinBox::valueChanged, this, [](int n) { QSettings().setValue("experiments/jobs", n); });
    slurm_ = new QCheckBox(tr("on Slurm"), this);
    slurm_->setToolTip(tr("Submit every stage as a Slurm job chained to its parents' jobs (afterok) instead of running here"));
    slurmResources_ = new QLineEdit(this);
    slurmResources_->setPlaceholderText(tr("--partition P --gpus 1 --time 04:00:00"));
    slurmResources_->setToolTip(tr("What each stage's job asks for: --partition, --gpus, --cpus, --time, --mem, --directive"));
    slurmResources_->setMinimumWidth(220);
    slurm_->setChecked(QSettings().value("experiments/slurm", false).toBool());
    slurmResources_->setText(QSettings().value("experiments/slurmResources").toString());
    slurmResources_->setVisible(slurm_->isChecked());
    connect(slurm_, &QCheckBox::toggled, this, [this](bool on) {
        QSettings().setValue("experiments/slurm", on);
        slurmResources_->setVisible(on);
        jobs_->setEnabled(!on);
    });
    connect(slurmResources_, &QLineEdit::textChanged, this, [](const QString& t) { QSettings().setValue("experiments/slurmResources", t); });
    jobs_->setEnabled(!slurm_->isChecked());
    auto* newButton = new QPushButton(tr("New…"), this);
    newButton->setToolTip(tr("Describe a grid of methods, arms and humans; it is saved as a spec file"));
    auto* openButton = new QPushButton(tr("Open…"), this);
    openButton->setToolTip(tr("Add an experiment spec file (JSON), e.g. projects/experiments/paper-mini.json"));
    list_->setToolTip(tr("The workspace's experiments: those run from here or with empower experiment run --workspace"));
    run_->setToolTip(tr("Run every stage that is not done, one at a time, in the background; finished stages are reused"));
    stop_->setToolTip(tr("Stop after the running stage checkpoints; Run continues from there"));
    export_->setToolTip(tr("Write the results as CSV or a LaTeX tabular, or Figure 2 as SVG or PNG"));
    title_->setTextInteractionFlags(Qt::TextSelectableByMouse);
    title_->setWordWrap(true);
    summary_->setWordWrap(true);

    stages_->setColumnCount(4);
    stages_->setHeaderLabels({tr("Stage"), tr("State"), tr("Time"), tr("Left")});
    stages_->header()->setSectionResizeMode(kStageId, QHeaderView::Stretch);
    stages_->setToolTip(tr("Double-click an evaluation to replay its episodes; right-click a stage to stop or resume it by itself"));
    stages_->setContextMenuPolicy(Qt::CustomContextMenu);
    connect(stages_, &QWidget::customContextMenuRequested, this, [this](const QPoint& at) { showStageMenu(at); });
    curves_->setMinimumHeight(200);
    results_->setColumnCount(11);
    results_->setHorizontalHeaderLabels({tr("Arm"), tr("Human"), tr("Problems"), tr("Episodes"), tr("Pass@1"), tr("Accept ratio"), tr("DPR"),
                                         tr("Tokens read"), tr("Tokens written"), tr("Suggestion length"), tr("Stages")});
    results_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    results_->verticalHeader()->hide();
    results_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    human_->setToolTip(tr("Figure 2 for this simulated human"));
    chart_->setRenderHint(QPainter::Antialiasing);
    chart_->setMinimumHeight(260);

    auto* listColumn = new QVBoxLayout;
    auto* listButtons = new QHBoxLayout;
    listButtons->addWidget(newButton);
    listButtons->addWidget(openButton);
    listColumn->addLayout(listButtons);
    listColumn->addWidget(list_, 1);
    auto* listWidget = new QWidget(this);
    listWidget->setLayout(listColumn);

    // Table and figure share the height; the divider moves between them.
    auto* figure = new QWidget(this);
    auto* figureLayout = new QVBoxLayout(figure);
    figureLayout->setContentsMargins(0, 0, 0, 0);
    auto* humanRow = new QHBoxLayout;
    humanRow->addWidget(new QLabel(tr("Figure 2 for:"), this));
    humanRow->addWidget(human_, 1);
    figureLayout->addLayout(humanRow);
    figureLayout->addWidget(chart_, 1);
    results_->setMinimumHeight(120);
    auto* resultsTab = new QSplitter(Qt::Vertical, this);
    resultsTab->addWidget(results_);
    resultsTab->addWidget(figure);
    resultsTab->setStretchFactor(0, 2);
    resultsTab->setStretchFactor(1, 3);
    auto* tabs = new QTabWidget(this);
    tabs->addTab(stages_, tr("Stages"));
    tabs->addTab(curves_, tr("Training curves"));
    tabs->addTab(resultsTab, tr("Results"));

    auto* detail = new QWidget(this);
    auto* detailLayout = new QVBoxLayout(detail);
    auto* actions = new QHBoxLayout;
    actions->addWidget(title_, 1);
    actions->addWidget(jobs_);
    actions->addWidget(slurm_);
    actions->addWidget(slurmResources_);
    actions->addWidget(run_);
    actions->addWidget(stop_);
    actions->addWidget(export_);
    detailLayout->addLayout(actions);
    detailLayout->addWidget(summary_);
    detailLayout->addWidget(tabs, 1);

    auto* split = new QSplitter(this);
    split->addWidget(listWidget);
    split->addWidget(detail);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(messageBar_);
    layout->addWidget(split, 1);

    connect(newButton, &QPushButton::clicked, this, [this] { newExperiment(); });
    connect(openButton, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getOpenFileName(this, tr("Open experiment spec"), QString(), tr("Experiment spec (*.json)"));
        if (!file.isEmpty()) addSpec(file);
    });
    connect(list_, &QListWidget::currentRowChanged, this, [this](int) { planSelected(); });
    connect(run_, &QPushButton::clicked, this, [this] { run(); });
    connect(stop_, &QPushButton::clicked, this, [this] { stop(); });
    connect(export_, &QPushButton::clicked, this, [this] {
        const QString file = QFileDialog::getSaveFileName(this, tr("Export results"), QString(),
                                                          tr("CSV (*.csv);;LaTeX tabular (*.tex);;Figure 2, SVG (*.svg);;Figure 2, PNG (*.png)"));
        if (!file.isEmpty() && exportTo(file)) emit message(tr("Wrote %1").arg(file));
    });
    connect(human_, &QComboBox::currentIndexChanged, this, [this] { drawChart(); });
    connect(stages_, &QTreeWidget::itemDoubleClicked, this, [this](QTreeWidgetItem* item) {
        const QString id = item->data(kStageId, Qt::UserRole).toString();
        if (!id.isEmpty() && plan_ && plan_->at(id.toStdString()).kind == experiment::StageKind::Evaluate) openEpisodes(id);
    });
    connect(&planning_, &QFutureWatcher<Planned>::finished, this, [this] {
        auto p = planning_.result();
        if (!p.plan) {
            messageBar_->showError(tr("Planning the experiment"), p.error);
            summary_->setText(tr("The stages could not be planned."));
            return;
        }
        messageBar_->clearError(tr("Planning the experiment"));
        plan_ = std::move(p.plan);
        specPath_ = p.specPath;
        specModified_ = p.specModified;
        showPlan();
        emit planned();
    });
    connect(&slurmPoll_, &QFutureWatcher<SlurmPoll>::finished, this, [this] {
        auto r = slurmPoll_.result();
        if (!plan_) return;
        if (!r.error.isEmpty()) {
            messageBar_->showError(tr("Asking Slurm"), r.error);
            return;
        }
        // Another experiment selected, or the spec planned again, meanwhile: the answer is not about these stages.
        const bool same = r.status.size() == plan_->stages.size() &&
                          std::equal(r.status.begin(), r.status.end(), plan_->stages.begin(), [](const auto& s, const auto& stage) { return s.id == stage.id; });
        if (!same) return;
        messageBar_->clearError(tr("Asking Slurm"));
        status_ = std::move(r.status);
        applyStatus();
    });
    poll_.setInterval(2000);
    connect(&poll_, &QTimer::timeout, this, [this] { poll(); });
    poll_.start();

    guarded(messageBar_, tr("Reading the workspace"), [&] {
        reloadList(QSettings().value("experiments/selected").toString());
    });
    updateButtons();
}

ExperimentsPanel::~ExperimentsPanel() {
    planning_.waitForFinished();
    slurmPoll_.waitForFinished();
}

store::Workspace& ExperimentsPanel::workspace() const {
    // One connection for the panel's lifetime: opening runs an integrity check, too costly per poll.
    if (!workspace_) workspace_ = std::make_unique<store::Workspace>(workspacePath_.toStdString());
    return *workspace_;
}

const store::ExperimentRecord* ExperimentsPanel::selected() const {
    const int row = list_->currentRow();
    return row >= 0 && row < static_cast<int>(records_.size()) ? &records_[static_cast<std::size_t>(row)] : nullptr;
}

int ExperimentsPanel::experimentCount() const { return static_cast<int>(records_.size()); }

void ExperimentsPanel::selectExperiment(int row) { list_->setCurrentRow(row); }

void ExperimentsPanel::reloadList(const QString& selectRoot) {
    records_ = workspace().experiments();
    const QSignalBlocker block(list_);
    list_->clear();
    int select = -1;
    for (std::size_t i = 0; i < records_.size(); ++i) {
        const auto& r = records_[i];
        auto* item = new QListWidgetItem(QString::fromStdString(r.name), list_);
        item->setToolTip(tr("Spec: %1\nStages: %2").arg(QString::fromStdString(r.spec_path), QString::fromStdString(r.stage_root)));
        if (QString::fromStdString(r.stage_root) == selectRoot) select = static_cast<int>(i);
    }
    if (select < 0 && !records_.empty()) select = 0;
    list_->setCurrentRow(select);
    planSelected();
}

bool ExperimentsPanel::addSpec(const QString& specPath) {
    return guarded(messageBar_, tr("Opening the experiment"), [&] {
        const auto spec = experiment::ExperimentSpec::load(specPath.toStdString());
        const auto root = experiment::default_stage_root(specPath.toStdString(), spec);
        workspace().record_experiment(spec.name, fs::absolute(specPath.toStdString()).string(), root.string(), spec.to_json_text());
        reloadList(QString::fromStdString(root.string()));
    });
}

void ExperimentsPanel::newExperiment() {
    const QString folder = QFileInfo(workspacePath_).absolutePath() + "/experiments";
    ExperimentFormDialog form(workspacePath_, folder, this);
    if (form.exec() != QDialog::Accepted) return;
    const bool written = guarded(messageBar_, tr("Creating the experiment"), [&] {
        const auto spec = form.spec();
        fs::create_directories(fs::path(form.specPath().toStdString()).parent_path());
        write_file_atomic(form.specPath().toStdString(), spec.dump(2) + "\n");
    });
    if (!written || !addSpec(form.specPath()) || !form.runAfterCreate()) return;
    // Planning reads the corpus and the model; Run follows as soon as the stages are known.
    auto* once = new QMetaObject::Connection;
    *once = connect(this, &ExperimentsPanel::planned, this, [this, once] {
        disconnect(*once);
        delete once;
        run();
    });
}

void ExperimentsPanel::planSelected() {
    plan_.reset();
    status_.clear();
    live_.reset();
    shownState_.clear();
    curveLogSize_.clear();
    doneEvaluations_ = "-";
    stages_->clear();
    curves_->clear();
    results_->setRowCount(0);
    updateButtons();
    const auto* r = selected();
    if (!r) {
        title_->setText(tr("No experiment yet: New… describes one, Open… adds a spec file."));
        summary_->clear();
        return;
    }
    QSettings().setValue("experiments/selected", QString::fromStdString(r->stage_root));
    title_->setText(QStringLiteral("<b>%1</b> — %2").arg(QString::fromStdString(r->name).toHtmlEscaped(),
                                                         QString::fromStdString(r->spec_path).toHtmlEscaped()));
    summary_->setText(tr("Planning: reading the corpus, the model and the problems to key the stages…"));
    // Keying reads every input file (a corpus, a model): off the UI thread.
    planning_.setFuture(QtConcurrent::run([record = *r]() -> Planned {
        Planned p;
        try {
            p.specPath = QString::fromStdString(record.spec_path);
            const QFileInfo file(p.specPath);
            // The spec file as it is now (it may have been edited); if it is gone, the spec last run.
            const auto spec = file.exists() ? experiment::ExperimentSpec::load(record.spec_path)
                                            : experiment::ExperimentSpec::from_json_text(record.spec_json, "the workspace's copy of " + record.spec_path,
                                                                                         fs::path(record.spec_path).parent_path());
            p.specModified = file.lastModified();
            p.plan = experiment::plan_experiment(spec, record.stage_root, EW_VERSION);
        } catch (const std::exception& e) {
            p.error = QString::fromUtf8(e.what());
        }
        return p;
    }));
}

void ExperimentsPanel::showPlan() {
    stages_->clear();
    std::map<std::string, QTreeWidgetItem*> arms;
    for (const auto& stage : plan_->stages) {
        auto*& arm = arms[stage.arm];
        if (!arm) {
            arm = new QTreeWidgetItem(stages_, {QString::fromStdString(stage.arm)});
            arm->setExpanded(true);
            QFont bold = arm->font(kStageId);
            bold.setBold(true);
            arm->setFont(kStageId, bold);
        }
        // Under its arm a stage reads "eval  seed-0/repeat-1/projects/replay": the arm is the group's.
        QString label = QString::fromStdString(stage.id);
        const QString armPart = QStringLiteral("%1/%2/").arg(experiment::to_string(stage.kind), QString::fromStdString(stage.arm));
        if (label.startsWith(armPart)) label = QStringLiteral("%1  %2").arg(experiment::to_string(stage.kind), label.mid(armPart.size()));
        else if (label == armPart.chopped(1)) label = experiment::to_string(stage.kind);
        auto* item = new QTreeWidgetItem(arm, {label});
        item->setData(kStageId, Qt::UserRole, QString::fromStdString(stage.id));
        item->setToolTip(kStageId, QString::fromStdString(stage.id) + "\n" + QString::fromStdString(shell_command_line([&] {
            std::vector<std::string> argv{"empower"};
            argv.insert(argv.end(), stage.arguments.begin(), stage.arguments.end());
            return argv;
        }())));
    }
    poll();
}

void ExperimentsPanel::poll() {
    if (!plan_) return;
    guarded(messageBar_, tr("Reading the experiment's stages"), [&] {
        // An edited spec is planned again: what its edit did not touch stays done.
        if (!specPath_.isEmpty() && QFileInfo::exists(specPath_) && QFileInfo(specPath_).lastModified() != specModified_ &&
            !planning_.isRunning()) {
            specModified_ = QFileInfo(specPath_).lastModified();
            planSelected();
            return;
        }
        live_ = experiment::live_run(plan_->root);
        onSlurm_ = !live_ && !experiment::submitted_jobs(plan_->root).empty();
        if (onSlurm_) {
            // Slurm answers through squeue/sacct, one call per stage: off the UI thread, one poll at a time.
            if (!slurmPoll_.isRunning())
                slurmPoll_.setFuture(QtConcurrent::run([plan = *plan_]() -> SlurmPoll {
                    try {
                        return {experiment::slurm_experiment_status(plan, cluster::SlurmClient()), {}};
                    } catch (const std::exception& e) {
                        return {{}, QString::fromUtf8(e.what())};
                    }
                }));
            if (status_.empty()) status_ = experiment::experiment_status(*plan_);  // the folders' word until Slurm answers
        } else {
            status_ = experiment::experiment_status(*plan_);
        }
        applyStatus();
    });
}

void ExperimentsPanel::applyStatus() {
    updateStages();
    updateCurves();
    updateResults();
    reportRunnerFailure();
    updateButtons();
}

void ExperimentsPanel::setSlurm(bool on, const QString& resources) {
    slurm_->setChecked(on);
    slurmResources_->setText(resources);
}

std::vector<std::string> ExperimentsPanel::slurmResourceArguments() const {
    static const QStringList known = {"--partition", "--gpus", "--cpus", "--time", "--mem", "--directive"};
    const QStringList words = slurmResources_->text().split(QRegularExpression(QStringLiteral("\\s+")), Qt::SkipEmptyParts);
    std::vector<std::string> out;
    for (qsizetype i = 0; i < words.size(); i += 2) {
        if (!known.contains(words[i]))
            throw Error(tr("Slurm resources: %1 is not one of %2").arg(words[i], known.join(QStringLiteral(", "))).toStdString());
        if (i + 1 >= words.size()) throw Error(tr("Slurm resources: %1 needs a value").arg(words[i]).toStdString());
        out.push_back(words[i].toStdString());
        out.push_back(words[i + 1].toStdString());
    }
    return out;
}

void ExperimentsPanel::updateStages() {
    std::map<std::string, experiment::StageProgress> progress;
    for (std::size_t i = 0; i < status_.size(); ++i)
        if (status_[i].state == "running") progress[status_[i].id] = experiment::read_stage_progress(plan_->stages[i]);
    const auto left = experiment::remaining_seconds(*plan_, status_, progress);
    std::map<std::string, std::size_t> index;
    for (std::size_t i = 0; i < status_.size(); ++i) index[status_[i].id] = i;
    const bool dark = isDarkPalette();
    for (int a = 0; a < stages_->topLevelItemCount(); ++a) {
        auto* arm = stages_->topLevelItem(a);
        int done = 0;
        for (int c = 0; c < arm->childCount(); ++c) {
            auto* item = arm->child(c);
            const auto i = index.at(item->data(kStageId, Qt::UserRole).toString().toStdString());
            const auto& s = status_[i];
            QString state = s.state == "done"      ? tr("done")
                            : s.state == "failed"  ? tr("failed")
                            : s.state == "running" ? tr("running")
                            : s.state == "held"    ? tr("held")
                            : s.state == "queued"  ? tr("queued")
                                                   : tr("pending");
            if (s.state == "running" && progress[s.id].fraction >= 0) state += QStringLiteral(" %1 %").arg(std::lround(100 * progress[s.id].fraction));
            shownState_[s.id] = state;
            item->setText(kStageState, state);
            item->setToolTip(kStageState, QString::fromStdString(s.detail));
            item->setForeground(kStageState, s.state == "failed" ? QBrush(QColor(dark ? "#ff8a80" : "#b3261e"))
                                             : s.state == "done" ? QBrush(QColor(dark ? "#8bd48b" : "#1b7a1b"))
                                                                 : QBrush());
            item->setText(kStageTime, s.seconds > 0 ? duration(s.seconds) : QString());
            item->setText(kStageLeft, s.state == "pending" || s.state == "queued" || s.state == "running" ? duration(left[i]) : QString());
            done += s.state == "done";
        }
        arm->setText(kStageState, tr("%1 of %2 done").arg(done).arg(arm->childCount()));
    }
    std::map<std::string, int> counts;
    double total = 0;
    bool unknown = false;
    for (std::size_t i = 0; i < status_.size(); ++i) {
        ++counts[status_[i].state];
        if (left[i] < 0) unknown = true;
        else total += left[i];
    }
    QString text = tr("%1 of %2 stages done").arg(counts["done"]).arg(status_.size());
    if (counts["failed"]) text += tr(" · %1 failed").arg(counts["failed"]);
    if (counts["held"]) text += tr(" · %1 held").arg(counts["held"]);
    if (counts["queued"]) text += tr(" · %1 queued").arg(counts["queued"]);
    if (live_)
        text += tr(" · running (process %1)").arg(live_->pid);
    else if (onSlurm_)
        text += tr(" · on Slurm: %1 running").arg(counts["running"]);
    else
        text += tr(" · not running");
    if (counts["done"] + counts["failed"] < static_cast<int>(status_.size()))
        text += unknown ? tr(" · at least %1 left (stages of a kind none of which has finished are not counted)").arg(duration(total))
                        : tr(" · about %1 left").arg(duration(total));
    summary_->setText(text);
}

void ExperimentsPanel::updateCurves() {
    for (const auto& stage : plan_->stages) {
        if (stage.kind != experiment::StageKind::FineTune) continue;
        std::error_code ec;
        const auto size = fs::file_size(stage.dir / "stdout.log", ec);
        if (ec || curveLogSize_[stage.id] == size) continue;
        curveLogSize_[stage.id] = size;
        QVector<QPointF> points;
        for (const auto& [step, loss] : experiment::read_stage_progress(stage).loss) points.append(QPointF(double(step), loss));
        // One curve per fine-tune, named by its arm (and repeat or seed when the arm has several).
        QString name = QString::fromStdString(stage.id);
        if (name.startsWith("train/")) name = name.mid(6);
        curves_->setSeries(name, points);
    }
}

void ExperimentsPanel::updateResults() {
    std::string done;
    for (std::size_t i = 0; i < status_.size(); ++i)
        if (plan_->stages[i].kind == experiment::StageKind::Evaluate && status_[i].state == "done") done += status_[i].id + "\n";
    if (done == doneEvaluations_) return;
    doneEvaluations_ = done;
    table_ = experiment::experiment_table(*plan_);
    results_->setRowCount(static_cast<int>(table_.rows.size()));
    for (std::size_t r = 0; r < table_.rows.size(); ++r) {
        const auto& row = table_.rows[r];
        const auto& m = row.summary;
        const QStringList cells = {QString::fromStdString(row.arm), QString::fromStdString(row.human), QString::fromStdString(row.problems),
                                   QString::number(row.episodes), cell(m.pass_at_1, 3), cell(m.accept_ratio, 3), cell(m.dpr, 3),
                                   cell(m.tokens_read, 1), cell(m.tokens_written, 1), cell(m.suggestion_chars, 1),
                                   tr("%1 of %2").arg(row.stages_done).arg(row.stages)};
        for (int c = 0; c < cells.size(); ++c) results_->setItem(static_cast<int>(r), c, new QTableWidgetItem(cells[c]));
    }
    const QString shown = human_->currentText();
    const QSignalBlocker block(human_);
    human_->clear();
    for (const auto& row : table_.rows)
        if (human_->findText(QString::fromStdString(row.human)) < 0) human_->addItem(QString::fromStdString(row.human));
    if (const int i = human_->findText(shown); i >= 0) human_->setCurrentIndex(i);
    drawChart();
}

void ExperimentsPanel::drawChart() {
    // Figure 2: per human, one group per metric, one bar per arm, whiskers ±1 standard error.
    std::vector<BarSeriesData> series;
    for (const auto& row : table_.rows) {
        if (QString::fromStdString(row.human) != human_->currentText() || row.episodes == 0) continue;
        BarSeriesData s{QString::fromStdString(row.arm), {}, {}, {}};
        for (const auto* m : {&row.summary.pass_at_1, &row.summary.accept_ratio, &row.summary.dpr}) {
            s.values.push_back(m->mean);
            s.lower.push_back(m->mean - m->standard_error);
            s.upper.push_back(m->mean + m->standard_error);
        }
        series.push_back(std::move(s));
    }
    auto* chart = makeGroupedBarChart(tr("Pass@1, accept ratio and DPR (±1 s.e.) — %1").arg(human_->currentText()),
                                      {tr("Pass@1"), tr("Accept ratio"), tr("DPR")}, series, 1.0, "%.2f");
    auto* old = chart_->chart();
    chart_->setChart(chart);
    delete old;
}

void ExperimentsPanel::reportRunnerFailure() {
    // A runner started here that has ended: the last line it wrote on stderr, if any (a refusal,
    // or "not every stage succeeded"), once.
    if (!launched_ || jobs::state_of(*launched_) == jobs::ProcessState::Running) return;
    const auto line = last_nonblank_line(plan_->root / "runner-stderr.log", launchedErrBytes_);
    if (!line.empty()) messageBar_->showError(tr("Running the experiment"), QString::fromStdString(line));
    launched_.reset();
}

void ExperimentsPanel::updateButtons() {
    const bool done = !status_.empty() && std::all_of(status_.begin(), status_.end(), [](const auto& s) { return s.state == "done"; });
    const bool started = std::any_of(status_.begin(), status_.end(), [](const auto& s) { return s.state != "pending"; });
    run_->setEnabled(plan_ && !live_ && !done);
    run_->setText(started ? tr("Resume") : tr("Run"));
    const bool slurmActive = onSlurm_ && std::any_of(status_.begin(), status_.end(), [](const auto& s) { return s.state == "queued" || s.state == "running"; });
    stop_->setEnabled(live_.has_value() || slurmActive);
    export_->setEnabled(!table_.rows.empty());
}

QString ExperimentsPanel::commandPreview() const {
    const auto* r = selected();
    if (!r) return {};
    try {
        return QString::fromStdString(shell_command_line(runCommand(*r)));
    } catch (const std::exception& e) {
        return QString::fromUtf8(e.what());
    }
}

std::vector<std::string> ExperimentsPanel::runCommand(const store::ExperimentRecord& r) const {
    std::vector<std::string> command = {JobLauncher::empowerBinary().toStdString(), "experiment", "run", "--spec", r.spec_path, "--stages", r.stage_root};
    if (slurm_->isChecked()) {
        // The jobs record their stages in the stage folders (no workspace on the compute nodes).
        command.push_back("--slurm");
        for (auto& a : slurmResourceArguments()) command.push_back(std::move(a));
    } else {
        command.insert(command.end(), {"--workspace", fs::absolute(workspacePath_.toStdString()).string(), "--jobs", std::to_string(jobs_->value())});
    }
    command.push_back("--json");
    return command;
}

bool ExperimentsPanel::run() {
    return guarded(messageBar_, tr("Running the experiment"), [&] {
        const auto* r = selected();
        if (!r || !plan_) throw Error(tr("select an experiment and wait until its stages are planned").toStdString());
        if (const auto live = experiment::live_run(plan_->root))
            throw Error(tr("it is running already (process %1)").arg(live->pid).toStdString());
        if (!fs::exists(r->spec_path)) throw Error(tr("the spec file %1 is gone").arg(QString::fromStdString(r->spec_path)).toStdString());
        launch(runCommand(*r));
    });
}

bool ExperimentsPanel::launch(const std::vector<std::string>& command) {
    fs::create_directories(plan_->root);
    std::error_code ec;
    const auto errBytes = fs::file_size(plan_->root / "runner-stderr.log", ec);
    launchedErrBytes_ = ec ? 0 : errBytes;
    // Detached: the experiment goes on when this window closes; a reopened dock finds it by its lock.
    launched_ = jobs::start_detached(command, plan_->root, plan_->root / "runner-stdout.log", plan_->root / "runner-stderr.log");
    emit message(tr("Started: %1").arg(QString::fromStdString(shell_command_line(command))));
    // The runner takes its lock within moments; poll soon so Stop is offered.
    QTimer::singleShot(300, this, [this] { poll(); });
    return true;
}

bool ExperimentsPanel::stopStage(const QString& stageId) {
    return guarded(messageBar_, tr("Stopping the stage"), [&] {
        if (!plan_) throw Error(tr("select an experiment and wait until its stages are planned").toStdString());
        const auto& stage = plan_->at(stageId.toStdString());
        if (experiment::recorded_state(stage) == experiment::StageState::Done) throw Error(tr("the stage is done: nothing to stop").toStdString());
        experiment::hold_stage(stage);
        emit message(tr("Held %1: the run stops it (it checkpoints) and starts nothing that needs it; the other stages go on").arg(stageId));
        poll();
    });
}

bool ExperimentsPanel::resumeStage(const QString& stageId) {
    return guarded(messageBar_, tr("Resuming the stage"), [&] {
        const auto* r = selected();
        if (!r || !plan_) throw Error(tr("select an experiment and wait until its stages are planned").toStdString());
        experiment::release_stage(plan_->at(stageId.toStdString()));
        if (const auto live = experiment::live_run(plan_->root)) {
            emit message(tr("Released %1: the run going on (process %2) starts it once its needs are done").arg(stageId).arg(live->pid));
            poll();
            return;
        }
        // No run is going on: start one that resumes this stage and leaves the other held ones held.
        auto command = runCommand(*r);
        command.insert(command.end(), {"--stage", stageId.toStdString()});
        launch(command);
    });
}

void ExperimentsPanel::showStageMenu(const QPoint& at) {
    auto* item = stages_->itemAt(at);
    const QString id = item ? item->data(kStageId, Qt::UserRole).toString() : QString();
    if (id.isEmpty() || !plan_) return;
    const auto it = std::find_if(status_.begin(), status_.end(), [&](const auto& s) { return s.id == id.toStdString(); });
    const std::string state = it == status_.end() ? "pending" : it->state;
    QMenu menu(this);
    auto* stopIt = menu.addAction(tr("Stop this stage"), this, [this, id] { stopStage(id); });
    stopIt->setEnabled(state == "running" || state == "pending" || state == "failed");
    auto* resumeIt = menu.addAction(tr("Resume this stage"), this, [this, id] { resumeStage(id); });
    resumeIt->setEnabled(state == "held");
    if (plan_->at(id.toStdString()).kind == experiment::StageKind::Evaluate) {
        menu.addSeparator();
        menu.addAction(tr("Open episodes"), this, [this, id] { openEpisodes(id); });
    }
    menu.exec(stages_->viewport()->mapToGlobal(at));
}

bool ExperimentsPanel::stop() {
    return guarded(messageBar_, tr("Stopping the experiment"), [&] {
        if (!plan_) return;
        if (onSlurm_) {
            // scancel per job: off the UI thread; the next poll shows them cancelled.
            (void)QtConcurrent::run([plan = *plan_] {
                try {
                    experiment::cancel_experiment_jobs(plan, cluster::SlurmClient());
                } catch (const std::exception&) {
                    // Slurm's refusal shows on the next status poll.
                }
            });
            emit message(tr("Cancelling the experiment's Slurm jobs; Run submits what is not done again"));
            return;
        }
        const long pid = experiment::stop_experiment(plan_->root);
        if (pid == 0) throw Error(tr("no run of this experiment is going on").toStdString());
        launched_.reset();  // a stop is not a failure to report
        emit message(tr("Asked process %1 to stop; its stage checkpoints, and Resume continues").arg(pid));
    });
}

QString ExperimentsPanel::stageState(const QString& stageId) const {
    const auto it = shownState_.find(stageId.toStdString());
    return it == shownState_.end() ? QString() : it->second;
}

QString ExperimentsPanel::summary() const { return summary_->text(); }

int ExperimentsPanel::resultRowCount() const { return results_->rowCount(); }

bool ExperimentsPanel::exportTo(const QString& path) {
    return guarded(messageBar_, tr("Exporting the results"), [&] {
        if (table_.rows.empty()) throw Error(tr("no evaluation has finished yet").toStdString());
        const QString suffix = QFileInfo(path).suffix().toLower();
        const auto file = path.toStdString();
        if (suffix == "csv") write_file_atomic(file, table_.to_csv());
        else if (suffix == "tex") write_file_atomic(file, table_.to_latex());
        else if (suffix == "svg") write_file_atomic(file, experiment::experiment_chart_svg(table_));
        else if (suffix == "png") {
            // The same figure as the SVG export (and `empower experiment report --format svg`), rasterised at 2×.
            QSvgRenderer svg(QByteArray::fromStdString(experiment::experiment_chart_svg(table_)));
            if (!svg.isValid()) throw Error("the figure could not be rendered");
            QImage image(svg.defaultSize() * 2, QImage::Format_ARGB32);
            image.fill(Qt::white);
            QPainter painter(&image);
            svg.render(&painter);
            painter.end();
            const QString partial = path + ".partial";
            // QFile::rename does not replace: remove an older export first.
            const bool saved = image.save(partial, "PNG") && (!QFile::exists(path) || QFile::remove(path)) && QFile::rename(partial, path);
            if (!saved)
                throw Error(tr("cannot write %1").arg(path).toStdString());
        } else {
            throw Error(tr("%1: the file name must end in .csv, .tex, .svg or .png").arg(path).toStdString());
        }
    });
}

EpisodeViewer* ExperimentsPanel::openEpisodes(const QString& stageId) {
    EpisodeViewer* viewer = nullptr;
    guarded(messageBar_, tr("Opening the episodes"), [&] {
        if (!plan_) return;
        const auto& stage = plan_->at(stageId.toStdString());
        if (!fs::exists(stage.output)) throw Error(tr("%1 has no episode log yet").arg(stageId).toStdString());
        // The suggestions are scored by the evaluation's likelihood model, else by its assistant.
        QString model;
        const auto config = nlohmann::json::parse(stage.config_text, nullptr, false);
        if (config.is_object()) {
            model = QString::fromStdString(config.value("likelihood_model", std::string()));
            if (model.isEmpty()) model = QString::fromStdString(config.value("assistant_model", std::string()));
        }
        viewer = new EpisodeViewer(QString::fromStdString(stage.output.string()), model, this);
        viewer->setWindowFlag(Qt::Window);
        viewer->setAttribute(Qt::WA_DeleteOnClose);
        viewer->setWindowTitle(tr("Episodes of %1").arg(stageId));
        viewer->show();
    });
    return viewer;
}

}  // namespace ew::widgets

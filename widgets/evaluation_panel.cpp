#include "evaluation_panel.h"
#include "app_theme.h"

#include "eval/evaluation.h"
#include "episode_viewer.h"
#include "grouped_bar_chart.h"
#include "guarded_call.h"
#include "message_bar.h"
#include "model_status.h"
#include "job_launcher.h"
#include "job_target_box.h"
#include "run_output_dialog.h"
#include "support/error.h"
#include "store/workspace.h"
#include "support/resource_paths.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QCheckBox>
#include <QComboBox>
#include <QDateTime>
#include <QFileInfo>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLineEdit>
#include <QLegend>
#include <QLegendMarker>
#include <QLineSeries>
#include <QPushButton>
#include <QScatterSeries>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QValueAxis>
#include <QVBoxLayout>
#include <cmath>
#include <map>
#include <nlohmann/json.hpp>

namespace ew::widgets {

EvaluationPanel::EvaluationPanel(const QString& workspacePath, QWidget* parent)
    : QWidget(parent), launcher_(std::make_unique<JobLauncher>(workspacePath)), messageBar_(new MessageBar(this)), problems_(new QLineEdit(this)),
      model_(new QLineEdit(this)), empower_(new QCheckBox(tr("Empower-η"), this)), base_(new QCheckBox(tr("Base"), this)),
      baseN_(new QCheckBox(tr("Base-N"), this)), n_(new QSpinBox(this)), etas_(new QLineEdit(this)), human_(new QComboBox(this)),
      kh_(new QSpinBox(this)), rounds_(new QSpinBox(this)), table_(new QTableWidget(this)), bars_(new QChartView(this)),
      sweep_(new QChartView(this)) {
    problems_->setText(QString::fromStdString(projects_dir().string()));
    model_->setText(QString::fromStdString(default_model_dir().string()));
    empower_->setChecked(true);
    base_->setChecked(true);
    baseN_->setChecked(true);
    n_->setRange(1, 256);
    n_->setValue(10);
    n_->setPrefix(tr("N = "));
    etas_->setText("4, 8, 16");
    etas_->setToolTip(tr("Empower is run once per η (nats): several values give the η sweep"));
    human_->addItem(tr("Replay (follows the reference)"), "replay");
    human_->addItem(tr("Noisy replay (accepts partly wrong, deletes)"), "noisy-replay");
    human_->addItem(tr("LLM human (an instruct model, App. D.3 prompts)"), "llm");
    humanModel_ = new QLineEdit(this);
    humanModel_->setPlaceholderText(tr("instruct model directory (Llama-3 / Qwen chat model)"));
    humanModel_->setEnabled(false);
    connect(human_, &QComboBox::currentIndexChanged, this,
            [this] { humanModel_->setEnabled(human_->currentData().toString() == "llm"); });
    instruct_ = new QCheckBox(tr("Prompt the assistant as an instruct model (App. D.1–D.2)"), this);
    kh_->setRange(1, 200);
    kh_->setValue(10);
    rounds_->setRange(1, 1000);
    rounds_->setValue(50);
    auto* policies = new QHBoxLayout;
    for (auto* w : std::initializer_list<QWidget*>{empower_, base_, baseN_, n_}) policies->addWidget(w);
    auto* form = new QFormLayout;
    form->addRow(tr("Problem set:"), problems_);
    form->addRow(tr("Assistant model:"), model_);
    form->addRow(tr("Policies:"), policies);
    form->addRow(tr("η values:"), etas_);
    form->addRow(tr("Simulated human:"), human_);
    form->addRow(tr("Human model:"), humanModel_);
    form->addRow(QString(), instruct_);
    form->addRow(tr("K_H (tokens per turn):"), kh_);
    form->addRow(tr("Round cap:"), rounds_);
    auto* run = new QPushButton(tr("Run evaluation"), this);
    auto* formBox = new QGroupBox(tr("Evaluate assistants"), this);
    auto* formLayout = new QVBoxLayout(formBox);
    formLayout->addLayout(form);
    target_ = new JobTargetBox(this);
    formLayout->addWidget(target_);
    formLayout->addWidget(run);
    formLayout->addStretch();
    connect(run, &QPushButton::clicked, this, guard(messageBar_, tr("Launching the evaluation"), [this] { launch(); }));

    table_->setColumnCount(10);
    table_->setHorizontalHeaderLabels({tr("Run"), tr("Status"), tr("Policy"), tr("η"), tr("Pass@1"), tr("Accept ratio"), tr("DPR"),
                                       tr("Tokens read"), tr("Tokens written"), tr("Where")});
    table_->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    table_->verticalHeader()->hide();
    table_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    for (auto* v : {bars_, sweep_}) {
        v->setRenderHint(QPainter::Antialiasing);
        v->setMinimumHeight(220);
    }
    auto* charts = new QHBoxLayout;
    charts->addWidget(bars_, 3);
    charts->addWidget(sweep_, 2);
    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    auto* view = new QPushButton(tr("View episodes…"), this);
    view->setToolTip(tr("Replay the selected run's episodes step by step in the editor, with the likelihood visualizer"));
    connect(view, &QPushButton::clicked, this, [this] {
        if (const EvalRow* r = selectedRow()) openEpisodeViewer(r->run_id);  // reports its own errors
    });
    auto* output = new QPushButton(tr("Output…"), this);
    output->setToolTip(tr("Follow the selected run's log and progress files as they are written (local or Slurm)"));
    connect(output, &QPushButton::clicked, this, guard(messageBar_, tr("Opening the run's output"), [this] {
        const EvalRow* r = selectedRow();
        if (!r) return;
        auto* dialog = new RunOutputDialog(r->name, launcher_->runDir(r->name), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
    }));
    auto* tableBar = new QHBoxLayout;
    tableBar->addStretch();
    tableBar->addWidget(output);
    tableBar->addWidget(view);
    rightLayout->addLayout(tableBar);
    rightLayout->addWidget(table_, 1);
    rightLayout->addLayout(charts, 2);
    auto* split = new QSplitter(this);
    split->addWidget(formBox);
    split->addWidget(right);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(messageBar_);
    layout->addWidget(split, 1);

    poll_.setInterval(1500);
    connect(&poll_, &QTimer::timeout, this, &EvaluationPanel::refresh);
    poll_.start();
    refresh();
}

EvaluationPanel::~EvaluationPanel() = default;

EpisodeViewer* EvaluationPanel::openEpisodeViewer(std::int64_t runId) {
    EpisodeViewer* viewer = nullptr;
    guarded(messageBar_, tr("Opening the episodes"), [&] { viewer = startEpisodeViewer(runId); });
    return viewer;
}

EpisodeViewer* EvaluationPanel::startEpisodeViewer(std::int64_t runId) {
    const auto run = workspace().run(runId);
    if (!run) return nullptr;
    QString episodes = QString::fromStdString(run->out_dir), model;
    try {
        const auto config = nlohmann::json::parse(run->config_json);
        if (const auto e = config.value("episodes_out", std::string()); !e.empty()) episodes = QString::fromStdString(e);
        model = QString::fromStdString(config.value("likelihood_model", std::string()));
        if (model.isEmpty()) model = QString::fromStdString(config.value("assistant_model", std::string()));
    } catch (const std::exception&) {
    }
    if (!QFileInfo::exists(episodes)) {
        emit message(tr("Run %1 has no episode log yet (%2).").arg(runId).arg(episodes));
        return nullptr;
    }
    auto* viewer = new EpisodeViewer(episodes, model, this);
    viewer->setAttribute(Qt::WA_DeleteOnClose);
    viewer->show();
    return viewer;
}

const EvalRow* EvaluationPanel::selectedRow() {
    const auto rows = table_->selectionModel()->selectedRows();
    const int row = rows.isEmpty() ? table_->currentRow() : rows.first().row();
    if (row < 0 || row >= static_cast<int>(rows_.size())) {
        emit message(tr("Select an evaluation run first."));
        return nullptr;
    }
    return &rows_[static_cast<std::size_t>(row)];
}

store::Workspace& EvaluationPanel::workspace() const {
    if (!workspace_) workspace_ = std::make_unique<store::Workspace>(launcher_->workspacePath().toStdString());
    return *workspace_;
}

void EvaluationPanel::setProblems(const QString& dir) { problems_->setText(dir); }
void EvaluationPanel::setModel(const QString& dir) { model_->setText(dir); }

void EvaluationPanel::setPolicies(const QStringList& policies, const QList<double>& etas) {
    empower_->setChecked(policies.contains("empower"));
    base_->setChecked(policies.contains("base"));
    baseN_->setChecked(false);
    for (const auto& p : policies)
        if (p.startsWith("base-")) {
            baseN_->setChecked(true);
            n_->setValue(p.mid(5).toInt());
        }
    QStringList text;
    for (double e : etas) text << QString::number(e);
    etas_->setText(text.join(", "));
}

std::vector<std::int64_t> EvaluationPanel::launch() {
    std::vector<std::pair<QString, double>> assistants;  // policy, η
    if (empower_->isChecked())
        for (const auto& part : etas_->text().split(',', Qt::SkipEmptyParts)) {
            bool ok = false;
            const double eta = part.trimmed().toDouble(&ok);
            if (!ok || eta < 0) {
                emit message(tr("\"%1\" is not a valid η").arg(part.trimmed()));
                return {};
            }
            assistants.emplace_back("empower", eta);
        }
    if (base_->isChecked()) assistants.emplace_back("base", 0.0);
    if (baseN_->isChecked()) assistants.emplace_back(QString("base-%1").arg(n_->value()), 0.0);
    std::optional<cluster::SlurmResources> slurm;
    try {
        slurm = target_->slurmResources();
    } catch (const Error& e) {
        emit message(QString::fromStdString(e.what()));
        return {};
    }
    std::vector<std::int64_t> ids;
    const QString stamp = QDateTime::currentDateTime().toString("yyyyMMdd-hhmmss") + QString("-%1").arg(++launches_);
    for (const auto& [policy, eta] : assistants) {
        eval::EvalConfig c;
        c.problems = problems_->text().toStdString();
        c.assistant_model = model_->text().toStdString();
        c.policy = (instruct_->isChecked() ? policy + "+instruct" : policy).toStdString();
        c.eta = eta;
        c.human = human_->currentData().toString().toStdString();
        c.human_model = humanModel_->text().trimmed().toStdString();
        if (c.human == "llm" && c.human_model.empty()) {
            emit message(tr("The LLM human needs an instruct model directory."));
            return ids;
        }
        c.episode.human_tokens_per_turn = kh_->value();
        c.episode.max_rounds = rounds_->value();
        c.weights = ModelStatus::loadOptions().weights;  // Preferences → Model weights, as the editor loads
        const QString name = QString("eval-%1-%2%3").arg(stamp, policy, policy == "empower" ? QString("-eta%1").arg(eta) : QString());
        c.run_name = name.toStdString();
        c.episodes_out = (launcher_->runDir(name) + "/episodes.jsonl").toStdString();
        QString error;
        if (auto id = launcher_->launchJob("eval", name, c.to_json_text(), c.episodes_out.string(), &error, slurm)) ids.push_back(*id);
        else emit message(error);
    }
    refresh();
    return ids;
}

void EvaluationPanel::refresh() {
    rows_.clear();
    try {
        auto& ws = workspace();
        JobLauncher::markVanishedRuns(ws);
        launcher_->followSlurmRuns();
        for (const auto& r : ws.runs()) {
            if (r.kind != "eval") continue;
            EvalRow row;
            row.run_id = r.id;
            row.name = QString::fromStdString(r.name);
            row.status = QString::fromStdString(r.status);
            row.error = QString::fromStdString(r.error);
            row.where = runLocation(r);
            try {
                auto config = nlohmann::json::parse(r.config_json);
                row.policy = QString::fromStdString(config.value("policy", std::string()));
                row.eta = config.value("eta", 0.0);
            } catch (const std::exception&) {
            }
            QStringList models;
            for (const auto& m : ws.run_models(r.id))
                models << QStringLiteral("%1: %2 — %3").arg(QString::fromStdString(m.role), QString::fromStdString(m.path),
                                                             QString::fromStdString(m.weights));
            row.models = models.join('\n');
            auto last = [&](const char* metric) {
                auto m = ws.metrics(r.id, metric);
                return m.empty() ? std::nan("") : m.back().value;
            };
            row.pass = last("summary_pass_at_1");
            row.complete = !std::isnan(row.pass);
            row.pass_se = last("summary_pass_at_1_se");
            row.accept = last("summary_accept_ratio");
            row.accept_se = last("summary_accept_ratio_se");
            row.dpr = last("summary_dpr");
            row.dpr_se = last("summary_dpr_se");
            row.read = last("summary_tokens_read");
            row.written = last("summary_tokens_written");
            row.suggestion_chars = last("summary_suggestion_chars");
            rows_.push_back(row);
        }
    } catch (const std::exception& e) {
        const QString what = tr("Reading the runs in %1").arg(launcher_->workspacePath());
        messageBar_->showError(what, QStringLiteral("%1: %2").arg(what, QString::fromUtf8(e.what())));
        return;
    }
    messageBar_->clearError(tr("Reading the runs in %1").arg(launcher_->workspacePath()));
    table_->setRowCount(static_cast<int>(rows_.size()));
    auto pm = [](double m, double se) { return std::isnan(m) ? QString("…") : QString("%1 ± %2").arg(m, 0, 'f', 3).arg(se, 0, 'f', 3); };
    for (int i = 0; i < static_cast<int>(rows_.size()); ++i) {
        const auto& r = rows_[i];
        const QStringList cells{r.name, r.status, r.policy, r.policy.startsWith("empower") ? QString::number(r.eta) : "—",
                                pm(r.pass, r.pass_se), pm(r.accept, r.accept_se), pm(r.dpr, r.dpr_se),
                                std::isnan(r.read) ? "…" : QString::number(r.read, 'f', 1),
                                std::isnan(r.written) ? "…" : QString::number(r.written, 'f', 1), r.where};
        for (int c = 0; c < cells.size(); ++c) {
            auto* item = table_->item(i, c);
            if (!item) table_->setItem(i, c, item = new QTableWidgetItem);
            item->setText(cells[c]);
            if (c == 1) item->setToolTip(r.error);
            else if (c == 0 || c == 2) item->setToolTip(r.models);
        }
    }
    drawBars();
    drawSweep();
}

void EvaluationPanel::drawBars() {
    // Figure 2 style: one group per metric, one bar per assistant, whiskers = ±1 standard error.
    std::vector<BarSeriesData> series;
    for (const auto& r : rows_) {
        if (!r.complete) continue;
        BarSeriesData s{r.policy.startsWith("empower") ? QString("Empower η=%1%2").arg(r.eta).arg(r.policy.endsWith("instruct") ? " · instruct" : "") : r.policy, {r.pass, r.accept, r.dpr}, {}, {}};
        const double errors[3] = {r.pass_se, r.accept_se, r.dpr_se};
        for (int m = 0; m < 3; ++m) {
            const double e = std::isnan(errors[m]) ? 0.0 : errors[m];
            s.lower.push_back(s.values[static_cast<std::size_t>(m)] - e);
            s.upper.push_back(s.values[static_cast<std::size_t>(m)] + e);
        }
        series.push_back(std::move(s));
    }
    auto* chart = makeGroupedBarChart(tr("Pass@1, accept ratio and DPR (±1 s.e.)"), {tr("Pass@1"), tr("Accept ratio"), tr("DPR")},
                                      series, 1.0);
    auto* old = bars_->chart();
    bars_->setChart(chart);
    delete old;
}

void EvaluationPanel::drawSweep() {
    auto* chart = new QChart;
    styleChart(chart);
    chart->setTitle(tr("η sweep (Empower)"));
    std::map<double, const EvalRow*> byEta;
    for (const auto& r : rows_)
        if (r.complete && r.policy.startsWith("empower")) byEta[r.eta] = &r;  // latest run per η
    auto* accept = new QLineSeries;
    accept->setName(tr("accept"));
    auto* dpr = new QLineSeries;
    dpr->setName(tr("DPR"));
    auto* length = new QLineSeries;
    length->setName(tr("length (chars)"));
    double maxLen = 1;
    for (const auto& [eta, r] : byEta) {
        if (!std::isnan(r->accept)) accept->append(eta, r->accept);
        if (!std::isnan(r->dpr)) dpr->append(eta, r->dpr);
        if (!std::isnan(r->suggestion_chars)) {
            length->append(eta, r->suggestion_chars);
            maxLen = std::max(maxLen, r->suggestion_chars);
        }
    }
    for (auto* s : {accept, dpr, length}) {
        s->setPointsVisible(true);
        chart->addSeries(s);
    }
    auto* x = new QValueAxis;
    x->setTitleText(tr("η (nats)"));
    x->setRange(0, byEta.empty() ? 1 : byEta.rbegin()->first * 1.1);
    auto* y = new QValueAxis;
    y->setRange(0, 1.0);
    y->setTickCount(6);
    y->setLabelFormat("%.1f");
    auto* y2 = new QValueAxis;
    y2->setRange(0, maxLen * 1.1);
    y2->setTitleText(tr("chars"));
    chart->addAxis(x, Qt::AlignBottom);
    chart->addAxis(y, Qt::AlignLeft);
    chart->addAxis(y2, Qt::AlignRight);
    for (auto* s : {accept, dpr}) {
        s->attachAxis(x);
        s->attachAxis(y);
    }
    length->attachAxis(x);
    length->attachAxis(y2);
    chart->legend()->setAlignment(Qt::AlignBottom);
    auto* old = sweep_->chart();
    sweep_->setChart(chart);
    delete old;
}

}  // namespace ew::widgets

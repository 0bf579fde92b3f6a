#include "training_panel.h"

#include "dataset_dialog.h"
#include "guarded_call.h"
#include "message_bar.h"
#include "job_launcher.h"
#include "job_target_box.h"
#include "jobs/local_jobs.h"
#include "run_output_dialog.h"
#include "support/csv_cell.h"
#include "support/error.h"
#include "metric_chart.h"
#include "store/workspace.h"
#include "support/resource_paths.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDir>
#include <QDoubleSpinBox>
#include <QFile>
#include <QFileDialog>
#include <QFormLayout>
#include <QGroupBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSlider>
#include <QSpinBox>
#include <QSplitter>
#include <QTableWidget>
#include <QTextStream>
#include <QVBoxLayout>
#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace ew::widgets {

namespace {
QString formatDuration(double seconds) {
    const auto s = static_cast<long>(std::max(0.0, seconds));
    return QString("%1:%2:%3").arg(s / 3600).arg((s / 60) % 60, 2, 10, QChar('0')).arg(s % 60, 2, 10, QChar('0'));
}
}  // namespace

TrainingPanel::TrainingPanel(const QString& workspacePath, QWidget* parent)
    : QWidget(parent), launcher_(std::make_unique<JobLauncher>(workspacePath)), messageBar_(new MessageBar(this)), name_(new QLineEdit(this)),
      baseModel_(new QLineEdit(this)), dataset_(new QLineEdit(this)), epochs_(new QSpinBox(this)), batch_(new QSpinBox(this)),
      accumulation_(new QSpinBox(this)), microBatch_(new QSpinBox(this)), memoryLimit_(new QDoubleSpinBox(this)), lr_(new QDoubleSpinBox(this)), warmup_(new QSpinBox(this)), seqLen_(new QSpinBox(this)),
      evalFraction_(new QDoubleSpinBox(this)), seed_(new QSpinBox(this)), device_(new QComboBox(this)), precision_(new QComboBox(this)),
      preview_(new QPlainTextEdit(this)), launchButton_(new QPushButton(tr("Launch"), this)), runs_(new QTableWidget(this)),
      progress_(new QProgressBar(this)), status_(new QLabel(this)), lossChart_(new MetricChart(tr("Loss"), this)),
      lrChart_(new MetricChart(tr("Learning rate"), this)), smoothing_(new QSlider(Qt::Horizontal, this)),
      logScale_(new QCheckBox(tr("Log scale"), this)), target_(new JobTargetBox(this)) {
    name_->setText("empower-run-1");
    baseModel_->setText(QString::fromStdString(default_model_dir().string()));
    dataset_->setPlaceholderText(tr("JSONL from `empower dataset` (prefix, completion)"));
    epochs_->setRange(1, 1000);
    epochs_->setValue(1);
    batch_->setRange(1, 1024);
    batch_->setValue(8);
    accumulation_->setRange(1, 1024);
    microBatch_->setRange(0, 1024);
    microBatch_->setSpecialValueText(tr("auto (as memory allows)"));
    microBatch_->setToolTip(tr("Sequences per forward pass. A batch is split into passes of at most this many and their "
                               "gradients summed: the same gradient as the whole batch, in less memory."));
    memoryLimit_->setRange(0, 1048576);
    memoryLimit_->setDecimals(1);
    memoryLimit_->setSuffix(tr(" GiB"));
    memoryLimit_->setSpecialValueText(tr("all available"));
    memoryLimit_->setToolTip(tr("At most this much memory for the run, on a machine shared with other work. "
                                "Batches are split, or the run refused before it starts, to stay within it."));
    lr_->setDecimals(6);
    lr_->setRange(1e-7, 1.0);
    lr_->setSingleStep(1e-5);
    lr_->setValue(1e-4);
    warmup_->setRange(0, 100000);
    warmup_->setValue(10);
    seqLen_->setRange(16, 32768);
    seqLen_->setValue(512);
    evalFraction_->setRange(0.0, 0.9);
    evalFraction_->setSingleStep(0.05);
    evalFraction_->setValue(0.2);
    seed_->setRange(0, 1 << 30);
    device_->addItem(tr("auto (CUDA when present)"), "auto");
    device_->addItem(tr("CPU"), "cpu");
    device_->addItem(tr("CUDA"), "cuda");
    precision_->addItem(tr("auto (bf16 on CUDA, fp32 on CPU)"), "auto");
    precision_->addItem(tr("fp32"), "fp32");
    precision_->addItem(tr("bf16 products, fp32 weights"), "bf16");
    precision_->setToolTip(tr("Mixed precision: matrix products in bfloat16, weights and optimizer state in float32. "
                              "Checkpoints are float32 either way."));

    auto browse = [this](QLineEdit* target, bool directory) {
        auto* button = new QPushButton(tr("…"), this);
        button->setMaximumWidth(32);
        connect(button, &QPushButton::clicked, this, [this, target, directory] {
            const QString chosen = directory ? QFileDialog::getExistingDirectory(this, tr("Choose a folder"), target->text())
                                             : QFileDialog::getOpenFileName(this, tr("Choose a file"), target->text(), tr("JSONL (*.jsonl)"));
            if (!chosen.isEmpty()) target->setText(chosen);
        });
        auto* row = new QHBoxLayout;
        row->addWidget(target, 1);
        row->addWidget(button);
        return row;
    };
    auto* form = new QFormLayout;
    form->addRow(tr("Run name:"), name_);
    form->addRow(tr("Base model:"), browse(baseModel_, true));
    form->addRow(tr("Dataset:"), browse(dataset_, false));
    auto* build = new QPushButton(tr("Build dataset…"), this);
    build->setToolTip(tr("Make an Empower / SFT-N / SFT-RAND dataset from a corpus of programs"));
    form->addRow(QString(), build);
    connect(build, &QPushButton::clicked, this, guard(messageBar_, tr("Building a dataset"), [this] {
        auto* dialog = new DatasetDialog(baseModel_->text(), launcher_->runsDir(), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &DatasetDialog::finished, this, [this, dialog](bool ok) {
            if (ok) dataset_->setText(dialog->outputPath());
        });
        dialog->show();
    }));
    form->addRow(tr("Epochs:"), epochs_);
    form->addRow(tr("Batch size:"), batch_);
    form->addRow(tr("Gradient accumulation:"), accumulation_);
    form->addRow(tr("Micro-batch:"), microBatch_);
    form->addRow(tr("Memory limit:"), memoryLimit_);
    form->addRow(tr("Learning rate:"), lr_);
    form->addRow(tr("Warmup steps:"), warmup_);
    form->addRow(tr("Sequence length:"), seqLen_);
    form->addRow(tr("Held-out fraction:"), evalFraction_);
    form->addRow(tr("Seed:"), seed_);
    form->addRow(tr("Device:"), device_);
    form->addRow(tr("Precision:"), precision_);
    ranks_ = new QSpinBox(this);
    ranks_->setRange(1, 64);
    ranks_->setToolTip(tr("Data-parallel processes: one per GPU, or sharing the CPU. Gradients are summed across them "
                          "(NCCL on CUDA when libtorch has it, Gloo otherwise), so the result equals one process."));
    form->addRow(tr("Processes:"), ranks_);
    preview_->setReadOnly(true);
    preview_->setMaximumHeight(70);
    preview_->setToolTip(tr("The exact command the job runs; it keeps running if the workbench closes"));
    auto* formBox = new QGroupBox(tr("New fine-tuning run"), this);
    auto* formLayout = new QVBoxLayout(formBox);
    formLayout->addLayout(form);
    formLayout->addWidget(target_);
    formLayout->addWidget(new QLabel(tr("Command:"), this));
    formLayout->addWidget(preview_);
    formLayout->addWidget(launchButton_);

    runs_->setColumnCount(7);
    runs_->setHorizontalHeaderLabels({tr("Id"), tr("Name"), tr("Status"), tr("Step"), tr("Loss"), tr("Eval loss"), tr("Where")});
    runs_->horizontalHeader()->setSectionResizeMode(1, QHeaderView::Stretch);
    runs_->verticalHeader()->hide();
    runs_->setSelectionBehavior(QAbstractItemView::SelectRows);
    runs_->setSelectionMode(QAbstractItemView::ExtendedSelection);
    runs_->setToolTip(tr("Select several runs (Ctrl+click) to compare their curves and configs"));
    runs_->setEditTriggers(QAbstractItemView::NoEditTriggers);
    auto* stop = new QPushButton(tr("Stop"), this);
    auto* resume = new QPushButton(tr("Resume"), this);
    auto* output = new QPushButton(tr("Output…"), this);
    output->setToolTip(tr("Follow the selected run's log and progress files as they are written (local or Slurm)"));
    auto* clone = new QPushButton(tr("Clone config"), this);
    auto* remove = new QPushButton(tr("Delete…"), this);
    auto* csv = new QPushButton(tr("Export CSV…"), this);
    auto* png = new QPushButton(tr("Export chart…"), this);
    auto* buttons = new QHBoxLayout;
    for (auto* b : {stop, resume, output, clone, remove, csv, png}) buttons->addWidget(b);
    buttons->addStretch();

    smoothing_->setRange(0, 99);
    smoothing_->setValue(60);
    auto* chartControls = new QHBoxLayout;
    chartControls->addWidget(new QLabel(tr("Smoothing"), this));
    chartControls->addWidget(smoothing_, 1);
    chartControls->addWidget(logScale_);
    auto* charts = new QHBoxLayout;
    charts->addWidget(lossChart_, 3);
    charts->addWidget(lrChart_, 2);

    auto* right = new QWidget(this);
    auto* rightLayout = new QVBoxLayout(right);
    rightLayout->addWidget(runs_, 1);
    rightLayout->addLayout(buttons);
    rightLayout->addWidget(progress_);
    rightLayout->addWidget(status_);
    rightLayout->addLayout(chartControls);
    rightLayout->addLayout(charts, 2);
    comparison_ = new QPlainTextEdit(this);
    comparison_->setReadOnly(true);
    comparison_->setMaximumHeight(120);
    comparison_->hide();
    rightLayout->addWidget(comparison_);
    auto* split = new QSplitter(this);
    split->addWidget(formBox);
    split->addWidget(right);
    split->setStretchFactor(1, 3);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(messageBar_);
    layout->addWidget(split, 1);

    for (auto* e : {name_, baseModel_, dataset_}) connect(e, &QLineEdit::textChanged, this, &TrainingPanel::updatePreview);
    connect(target_, &JobTargetBox::changed, this, &TrainingPanel::updatePreview);
    connect(launchButton_, &QPushButton::clicked, this, guard(messageBar_, tr("Launching the run"), [this] { launch(); }));
    connect(runs_, &QTableWidget::itemSelectionChanged, this, guard(messageBar_, tr("Showing the run"), [this] {
        const auto ids = selectedRuns();
        if (ids.size() > 1) {
            compare(ids);
            return;
        }
        comparison_->hide();
        if (selectedRun() != shownRun_ || comparing_) loadMetrics(selectedRun(), true);
    }));
    connect(stop, &QPushButton::clicked, this, guard(messageBar_, tr("Stopping the run"), [this] {
        QString error;
        if (!launcher_->stop(selectedRun(), &error)) emit message(error);
        refresh();
    }));
    connect(resume, &QPushButton::clicked, this, guard(messageBar_, tr("Resuming the run"), [this] {
        QString error;
        if (!launcher_->resume(selectedRun(), &error)) emit message(error);
        refresh();
    }));
    connect(output, &QPushButton::clicked, this, guard(messageBar_, tr("Opening the run's output"), [this] { openOutput(selectedRun()); }));
    connect(clone, &QPushButton::clicked, this, guard(messageBar_, tr("Cloning the run"), [this] {
        auto run = workspace().run(selectedRun());
        if (!run) return;
        auto config = train::FineTuneConfig::from_json_text(run->config_json, "run " + std::to_string(run->id));
        config.run_name += "-copy";
        config.out_dir.clear();
        setFormConfig(config);
    }));
    connect(remove, &QPushButton::clicked, this, guard(messageBar_, tr("Deleting the run"), [this] {
        const auto id = selectedRun();
        if (!id) return;
        auto& ws = workspace();
        auto run = ws.run(id);
        if (!run) return;
        const bool elsewhere = jobs::state_of(jobs::recorded_identity(*run)) == jobs::ProcessState::OtherMachine;
        if ((jobs::local_run_alive(*run) && run->status == "running") || ((run->target == "slurm" || elsewhere) && run->active())) {
            emit message(tr("Stop the run before deleting it."));
            return;
        }
        const QString dir = launcher_->runDir(QString::fromStdString(run->name));
        if (QMessageBox::question(this, tr("Delete run"), tr("Delete run \"%1\" and its files in %2?").arg(QString::fromStdString(run->name), dir)) !=
            QMessageBox::Yes)
            return;
        ws.delete_run(id);
        QDir(dir).removeRecursively();
        refresh();
    }));
    connect(csv, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export metrics"), QString(), tr("CSV (*.csv)"));
        if (!path.isEmpty() && !exportCsv(path)) emit message(tr("Cannot write %1").arg(path));
    });
    connect(png, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(this, tr("Export chart"), QString(), tr("PNG image (*.png);;SVG drawing (*.svg)"));
        if (path.isEmpty()) return;
        const bool ok = path.endsWith(".svg", Qt::CaseInsensitive) ? lossChart_->saveSvg(path) : lossChart_->savePng(path);
        if (!ok) emit message(tr("Cannot write %1").arg(path));
    });
    connect(smoothing_, &QSlider::valueChanged, this, [this](int v) {
        lossChart_->setSmoothing(v / 100.0);
        lrChart_->setSmoothing(0);
    });
    connect(logScale_, &QCheckBox::toggled, lossChart_, &MetricChart::setLogScale);
    lrChart_->setSmoothing(0);

    poll_.setInterval(1000);
    connect(&poll_, &QTimer::timeout, this, &TrainingPanel::refresh);  // refresh() reports its own errors
    poll_.start();
    updatePreview();
    refresh();
}

TrainingPanel::~TrainingPanel() = default;

store::Workspace& TrainingPanel::workspace() const {
    // One connection for the panel's lifetime: opening runs an integrity check, too costly per poll.
    if (!workspace_) workspace_ = std::make_unique<store::Workspace>(launcher_->workspacePath().toStdString());
    return *workspace_;
}

train::FineTuneConfig TrainingPanel::formConfig() const {
    train::FineTuneConfig c;
    c.run_name = name_->text().trimmed().toStdString();
    c.base_model = baseModel_->text().toStdString();
    c.dataset = dataset_->text().toStdString();
    c.epochs = epochs_->value();
    c.batch_size = batch_->value();
    c.grad_accumulation = accumulation_->value();
    c.micro_batch = microBatch_->value();
    c.memory_limit_gib = memoryLimit_->value();
    c.learning_rate = lr_->value();
    c.min_learning_rate = lr_->value() / 10;
    c.warmup_steps = warmup_->value();
    c.seq_len = seqLen_->value();
    c.eval_fraction = evalFraction_->value();
    c.seed = static_cast<std::uint64_t>(seed_->value());
    c.device = device_->currentData().toString().toStdString();
    c.precision = precision_->currentData().toString().toStdString();
    c.data_parallel = ranks_->value();
    return c;
}

void TrainingPanel::setFormConfig(const train::FineTuneConfig& c) {
    name_->setText(QString::fromStdString(c.run_name));
    baseModel_->setText(QString::fromStdString(c.base_model.string()));
    dataset_->setText(QString::fromStdString(c.dataset.string()));
    epochs_->setValue(c.epochs);
    batch_->setValue(c.batch_size);
    accumulation_->setValue(c.grad_accumulation);
    microBatch_->setValue(c.micro_batch);
    memoryLimit_->setValue(c.memory_limit_gib);
    lr_->setValue(c.learning_rate);
    warmup_->setValue(static_cast<int>(c.warmup_steps));
    seqLen_->setValue(c.seq_len);
    evalFraction_->setValue(c.eval_fraction);
    seed_->setValue(static_cast<int>(c.seed));
    device_->setCurrentIndex(std::max(0, device_->findData(QString::fromStdString(c.device))));
    precision_->setCurrentIndex(std::max(0, precision_->findData(QString::fromStdString(c.precision))));
    ranks_->setValue(c.data_parallel);
    updatePreview();
}

QString TrainingPanel::commandPreview() const { return preview_->toPlainText(); }

void TrainingPanel::updatePreview() {
    try {
        preview_->setPlainText(launcher_->commandPreview(formConfig(), target_->slurmResources()));
    } catch (const Error& e) {
        preview_->setPlainText(QString::fromStdString(e.what()));  // a half-typed Slurm field
    }
}

std::int64_t TrainingPanel::launch() {
    auto config = formConfig();
    if (config.run_name.empty() || config.dataset.empty()) {
        emit message(tr("A run needs a name and a dataset."));
        return 0;
    }
    QString error;
    std::optional<cluster::SlurmResources> slurm;
    try {
        slurm = target_->slurmResources();
    } catch (const Error& e) {
        emit message(QString::fromStdString(e.what()));
        return 0;
    }
    auto id = launcher_->launch(config, &error, slurm);
    if (!id) {
        emit message(error);
        return 0;
    }
    refresh();
    selectRun(*id);
    return *id;
}

RunOutputDialog* TrainingPanel::openOutput(std::int64_t id) {
    try {
        const auto run = workspace().run(id);
        if (!run) {
            emit message(tr("Select a run first."));
            return nullptr;
        }
        const QString name = QString::fromStdString(run->name);
        auto* dialog = new RunOutputDialog(name, launcher_->runDir(name), this);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        dialog->show();
        return dialog;
    } catch (const std::exception& e) {
        messageBar_->showError(QString(), QString::fromUtf8(e.what()));
        return nullptr;
    }
}

int TrainingPanel::runCount() const { return runs_->rowCount(); }
QString TrainingPanel::comparisonText() const { return comparison_->isHidden() ? QString() : comparison_->toPlainText(); }

std::vector<std::int64_t> TrainingPanel::selectedRuns() const {
    std::vector<std::int64_t> ids;
    if (!runs_->selectionModel()) return ids;
    for (const auto& index : runs_->selectionModel()->selectedRows()) ids.push_back(runs_->item(index.row(), 0)->text().toLongLong());
    std::sort(ids.begin(), ids.end());
    return ids;
}

void TrainingPanel::compare(const std::vector<std::int64_t>& ids) {
    comparing_ = true;
    shownRun_ = 0;
    lossChart_->clear();
    lrChart_->clear();
    try {
        auto& ws = workspace();
        std::vector<std::pair<QString, nlohmann::json>> configs;
        for (auto id : ids) {
            auto run = ws.run(id);
            if (!run) continue;
            const QString label = QString::fromStdString(run->name);
            for (const char* metric : {"loss", "eval_loss"}) {
                QVector<QPointF> points;
                for (const auto& p : ws.metrics(id, metric)) points.append({double(p.step), p.value});
                if (!points.isEmpty()) lossChart_->setSeries(QString("%1 (%2)").arg(metric, label), points);
            }
            QVector<QPointF> lr;
            for (const auto& p : ws.metrics(id, "lr")) lr.append({double(p.step), p.value});
            lrChart_->setSeries(label, lr);
            try {
                configs.emplace_back(label, nlohmann::json::parse(run->config_json));
            } catch (const std::exception&) {
                configs.emplace_back(label, nlohmann::json::object());
            }
        }
        // Config diff: the fields whose values differ between the compared runs.
        QStringList lines;
        if (!configs.empty())
            for (auto it = configs.front().second.begin(); it != configs.front().second.end(); ++it) {
                bool differs = false;
                for (const auto& [label, c] : configs) differs |= !c.contains(it.key()) || c[it.key()] != it.value();
                if (!differs || it.key() == "run_name" || it.key() == "out_dir") continue;
                QStringList values;
                for (const auto& [label, c] : configs)
                    values << QString("%1 = %2").arg(label, QString::fromStdString(c.contains(it.key()) ? c[it.key()].dump() : "—"));
                lines << QString("%1: %2").arg(QString::fromStdString(it.key()), values.join(" | "));
            }
        comparison_->setPlainText(lines.isEmpty() ? tr("The configs are identical (apart from names and folders).")
                                                  : tr("Config differences:\n") + lines.join('\n'));
        comparison_->show();
        status_->setText(tr("Comparing %1 runs").arg(ids.size()));
    } catch (const std::exception& e) {
        status_->setText(QString::fromStdString(e.what()));
    }
}

std::int64_t TrainingPanel::selectedRun() const {
    const auto rows = runs_->selectionModel() ? runs_->selectionModel()->selectedRows() : QModelIndexList();
    return rows.isEmpty() ? 0 : runs_->item(rows.first().row(), 0)->text().toLongLong();
}

void TrainingPanel::selectRun(std::int64_t id) {
    for (int r = 0; r < runs_->rowCount(); ++r)
        if (runs_->item(r, 0)->text().toLongLong() == id) runs_->selectRow(r);
}

void TrainingPanel::refresh() {
    std::vector<store::RunRecord> runs;
    try {
        auto& ws = workspace();
        JobLauncher::markVanishedRuns(ws);
        launcher_->followSlurmRuns();
        for (auto& r : ws.runs())
            if (r.kind == "train") runs.push_back(std::move(r));
        const auto selected = selectedRun();
        runs_->setRowCount(static_cast<int>(runs.size()));
        for (int i = 0; i < static_cast<int>(runs.size()); ++i) {
            const auto& r = runs[i];
            auto loss = ws.metrics(r.id, "loss");
            auto eval = ws.metrics(r.id, "eval_loss");
            auto total = ws.metrics(r.id, "total_steps");
            const QStringList cells{QString::number(r.id), QString::fromStdString(r.name), QString::fromStdString(r.status),
                                    loss.empty() ? "-" : QString("%1/%2").arg(loss.back().step).arg(total.empty() ? 0 : total.back().value),
                                    loss.empty() ? "-" : QString::number(loss.back().value, 'f', 4),
                                    eval.empty() ? "-" : QString::number(eval.back().value, 'f', 4), runLocation(r)};
            for (int c = 0; c < cells.size(); ++c) {
                auto* item = runs_->item(i, c);
                if (!item) runs_->setItem(i, c, item = new QTableWidgetItem);
                item->setText(cells[c]);
                if (c == 2 && !r.error.empty()) item->setToolTip(QString::fromStdString(r.error));
            }
        }
        if (selected) selectRun(selected);
    } catch (const std::exception& e) {
        const QString what = tr("Reading the runs in %1").arg(launcher_->workspacePath());
        messageBar_->showError(what, QStringLiteral("%1: %2").arg(what, QString::fromUtf8(e.what())));
        return;
    }
    messageBar_->clearError(tr("Reading the runs in %1").arg(launcher_->workspacePath()));
    if (shownRun_ && !comparing_) loadMetrics(shownRun_, false);
}

void TrainingPanel::loadMetrics(std::int64_t id, bool fromScratch) {
    if (fromScratch) {
        comparing_ = false;
        shownRun_ = id;
        lastStep_ = -1;
        series_.clear();
        lossChart_->clear();
        lrChart_->clear();
    }
    if (!id) return;
    try {
        auto& ws = workspace();
        // Only rows newer than what is drawn: polling stays cheap however long the run.
        auto points = ws.metrics(id, {}, lastStep_);
        if (points.empty() && !fromScratch) return;
        double tps = 0, remaining = 0, total = 0;
        for (const auto& p : points) {
            if (p.name == "loss" || p.name == "eval_loss" || p.name == "lr") series_[QString::fromStdString(p.name)].append({double(p.step), p.value});
            if (p.name == "tokens_per_s") tps = p.value;
            if (p.name == "remaining_s") remaining = p.value;
            if (p.name == "total_steps") total = p.value;
            lastStep_ = std::max(lastStep_, p.step);
        }
        lossChart_->setSeries(tr("loss"), series_.value("loss"));
        if (series_.contains("eval_loss")) lossChart_->setSeries(tr("eval loss"), series_.value("eval_loss"));
        lrChart_->setSeries(tr("learning rate"), series_.value("lr"));
        auto run = ws.run(id);
        if (total > 0) {
            progress_->setRange(0, static_cast<int>(total));
            progress_->setValue(static_cast<int>(lastStep_));
        }
        if (run)
            status_->setText(tr("%1 — %2 · %3 tokens/s · ETA %4")
                                 .arg(QString::fromStdString(run->name), QString::fromStdString(run->status))
                                 .arg(tps, 0, 'f', 0)
                                 .arg(run->status == "running" ? formatDuration(remaining) : QStringLiteral("—")));
    } catch (const std::exception& e) {
        status_->setText(QString::fromStdString(e.what()));
    }
}

bool TrainingPanel::exportCsv(const QString& path) const {
    QFile f(path);
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate)) return false;
    QTextStream out(&f);
    out << "run_id,step,metric,value,time\n";
    try {
        auto& ws = workspace();
        for (const auto& p : ws.metrics(shownRun_))
            out << shownRun_ << ',' << p.step << ',' << QString::fromStdString(csv_text_cell(p.name)) << ',' << QString::number(p.value, 'g', 10) << ','
                << QString::number(p.time, 'f', 3) << '\n';
    } catch (const std::exception&) {
        return false;
    }
    return true;
}

}  // namespace ew::widgets

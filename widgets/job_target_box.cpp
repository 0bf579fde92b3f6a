#include "job_target_box.h"

#include "cluster/slurm_client.h"
#include "support/error.h"

#include <QComboBox>
#include <nlohmann/json.hpp>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QSettings>
#include <QSpinBox>
#include <QVBoxLayout>
#include <QtConcurrent>

namespace ew::widgets {

JobTargetBox::JobTargetBox(QWidget* parent)
    : QGroupBox(tr("Run on"), parent), target_(new QComboBox(this)), slurmFields_(new QWidget(this)),
      partition_(new QLineEdit(this)), gpus_(new QSpinBox(this)), cpus_(new QSpinBox(this)), time_(new QLineEdit(this)),
      memory_(new QLineEdit(this)), directives_(new QPlainTextEdit(this)), availability_(new QLabel(this)) {
    target_->addItem(tr("This machine"), "local");
    target_->addItem(tr("Slurm cluster"), "slurm");
    partition_->setPlaceholderText(tr("cluster default"));
    gpus_->setRange(0, 64);
    gpus_->setToolTip(tr("GPUs on one node (--gres=gpu:N)"));
    cpus_->setRange(0, 1024);
    cpus_->setSpecialValueText(tr("default"));
    time_->setPlaceholderText(tr("e.g. 12:00:00 or 1-00:00:00"));
    memory_->setPlaceholderText(tr("e.g. 64G"));
    directives_->setPlaceholderText(tr("One sbatch option per line, e.g. --account=lab"));
    directives_->setMaximumHeight(60);
    availability_->setWordWrap(true);
    availability_->setTextInteractionFlags(Qt::TextSelectableByMouse);

    auto* form = new QFormLayout(slurmFields_);
    form->setContentsMargins(0, 0, 0, 0);
    form->addRow(tr("Partition:"), partition_);
    form->addRow(tr("GPUs:"), gpus_);
    form->addRow(tr("CPUs per task:"), cpus_);
    form->addRow(tr("Time limit:"), time_);
    form->addRow(tr("Memory:"), memory_);
    form->addRow(tr("Extra directives:"), directives_);
    form->addRow(availability_);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(target_);
    layout->addWidget(slurmFields_);

    QSettings settings;
    const auto remembered = settings.value("jobs/slurm/resources").toString().toStdString();
    if (!remembered.empty()) {
        try {
            setSlurmResources(cluster::slurm_resources_from_json(nlohmann::json::parse(remembered)));
        } catch (const std::exception&) {
            // A damaged setting only loses the remembered fields.
        }
    }
    setSlurm(settings.value("jobs/target").toString() == "slurm");

    connect(target_, &QComboBox::currentIndexChanged, this, [this] {
        slurmFields_->setVisible(isSlurm());
        if (isSlurm()) checkSlurm();
        remember();
        emit changed();
    });
    for (auto* edit : {partition_, time_, memory_})
        connect(edit, &QLineEdit::textChanged, this, [this] {
            remember();
            emit changed();
        });
    for (auto* spin : {gpus_, cpus_})
        connect(spin, &QSpinBox::valueChanged, this, [this] {
            remember();
            emit changed();
        });
    connect(directives_, &QPlainTextEdit::textChanged, this, [this] {
        remember();
        emit changed();
    });
    connect(&check_, &QFutureWatcher<QString>::finished, this, [this] {
        const QString why = check_.result();
        if (why.isEmpty()) {
            availability_->setText(tr("Slurm answers: jobs will be submitted with sbatch."));
            availability_->setToolTip(QString());
            return;
        }
        // Slurm's tools print several lines; the last one ("fatal: …") says it, the rest is in the tooltip.
        const QString last = why.split('\n', Qt::SkipEmptyParts).last().trimmed();
        availability_->setText(tr("Slurm does not answer here (%1). Run the workbench on a submit host, or set SLURM_CONF.").arg(last));
        availability_->setToolTip(why);
    });
    if (isSlurm()) checkSlurm();
}

bool JobTargetBox::isSlurm() const { return target_->currentData().toString() == "slurm"; }

void JobTargetBox::setSlurm(bool slurm) {
    target_->setCurrentIndex(slurm ? 1 : 0);
    slurmFields_->setVisible(slurm);
}

std::optional<cluster::SlurmResources> JobTargetBox::slurmResources() const {
    if (!isSlurm()) return std::nullopt;
    cluster::SlurmResources r;
    r.partition = partition_->text().trimmed().toStdString();
    r.gpus = gpus_->value();
    r.cpus_per_task = cpus_->value();
    r.time_limit = time_->text().trimmed().toStdString();
    r.memory = memory_->text().trimmed().toStdString();
    for (const auto& line : directives_->toPlainText().split('\n', Qt::SkipEmptyParts))
        if (!line.trimmed().isEmpty()) r.extra_directives.push_back(line.trimmed().toStdString());
    r.validate();
    return r;
}

void JobTargetBox::setSlurmResources(const cluster::SlurmResources& r) {
    partition_->setText(QString::fromStdString(r.partition));
    gpus_->setValue(r.gpus);
    cpus_->setValue(r.cpus_per_task);
    time_->setText(QString::fromStdString(r.time_limit));
    memory_->setText(QString::fromStdString(r.memory));
    QStringList lines;
    for (const auto& d : r.extra_directives) lines << QString::fromStdString(d);
    directives_->setPlainText(lines.join('\n'));
}

QString JobTargetBox::availability() const { return availability_->text(); }

void JobTargetBox::checkSlurm() {
    if (check_.isRunning()) return;
    availability_->setText(tr("Asking Slurm…"));
    check_.setFuture(QtConcurrent::run([] {
        std::string why;
        if (cluster::SlurmClient().available(&why)) return QString();
        return QString::fromStdString(why);
    }));
}

void JobTargetBox::remember() const {
    QSettings settings;
    settings.setValue("jobs/target", isSlurm() ? "slurm" : "local");
    try {
        auto r = slurmResources();
        if (r) settings.setValue("jobs/slurm/resources", QString::fromStdString(cluster::to_json(*r).dump()));
    } catch (const Error&) {
        // Half-typed fields are not remembered until they are valid.
    }
}

}  // namespace ew::widgets

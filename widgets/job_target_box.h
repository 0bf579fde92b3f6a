// Where a job runs: "This machine" (a detached child process) or "Slurm cluster" (an sbatch job
// with partition, GPUs, CPUs, time, memory and extra directives). Shared by the training and
// evaluation panels; the choice and the resources are remembered across sessions.
#pragma once
#include "cluster/slurm_job_spec.h"

#include <QFutureWatcher>
#include <QGroupBox>
#include <optional>

class QComboBox;
class QLabel;
class QLineEdit;
class QPlainTextEdit;
class QSpinBox;
class QWidget;

namespace ew::widgets {

class JobTargetBox : public QGroupBox {
    Q_OBJECT
public:
    explicit JobTargetBox(QWidget* parent = nullptr);

    bool isSlurm() const;
    void setSlurm(bool slurm);
    // The Slurm resources, validated; nullopt for this machine. Throws ew::Error for a bad field.
    std::optional<cluster::SlurmResources> slurmResources() const;
    void setSlurmResources(const cluster::SlurmResources& resources);
    QString availability() const;  // the last answer of the Slurm check, for the user (and tests)

signals:
    void changed();

private:
    void checkSlurm();  // off the UI thread: squeue may take seconds on a busy controller
    void remember() const;
    QComboBox* target_;
    QWidget* slurmFields_;
    QLineEdit* partition_;
    QSpinBox* gpus_;
    QSpinBox* cpus_;
    QLineEdit* time_;
    QLineEdit* memory_;
    QPlainTextEdit* directives_;
    QLabel* availability_;
    QFutureWatcher<QString> check_;
};

}  // namespace ew::widgets

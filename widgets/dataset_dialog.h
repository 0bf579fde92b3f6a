// "Build dataset": runs `empower dataset` as a child process (Empower-η, SFT-N or SFT-RAND-a-b
// from a corpus folder or JSONL), with progress and cancel, then shows the completion-length
// histogram. The resulting JSONL path is offered to the training form.
#pragma once
#include <QDialog>
#include <QMap>
#include <QProcess>

class QChartView;
class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QProgressBar;
class QPushButton;
class QSpinBox;

namespace ew::widgets {

class DatasetDialog : public QDialog {
    Q_OBJECT
public:
    DatasetDialog(const QString& modelDir, const QString& outDir, QWidget* parent = nullptr);
    ~DatasetDialog() override;

    QStringList arguments() const;  // the `empower dataset` arguments for the form
    void setCorpus(const QString& path);
    void setMethod(const QString& method);  // "empower", "sft-10", "sft-rand-1-30"
    void start();
    QString outputPath() const;
    const QMap<int, int>& histogram() const { return histogram_; }  // completion length -> count

signals:
    void finished(bool ok);

private:
    void showHistogram();
    QLineEdit* corpus_;
    QComboBox* method_;
    QSpinBox* n_;
    QSpinBox* randMin_;
    QSpinBox* randMax_;
    QDoubleSpinBox* eta_;
    QSpinBox* seed_;
    QLineEdit* out_;
    QProgressBar* progress_;
    QLabel* summary_;
    QChartView* chart_;
    QPushButton* run_;
    QProcess process_;
    QString modelDir_;
    QString stderr_;
    QByteArray stdout_;
    QMap<int, int> histogram_;
};

}  // namespace ew::widgets

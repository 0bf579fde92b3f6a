#include "dataset_dialog.h"
#include "app_theme.h"

#include "job_launcher.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFileDialog>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QValueAxis>
#include <QVBoxLayout>

namespace ew::widgets {

DatasetDialog::DatasetDialog(const QString& modelDir, const QString& outDir, QWidget* parent)
    : QDialog(parent), corpus_(new QLineEdit(this)), method_(new QComboBox(this)), n_(new QSpinBox(this)),
      randMin_(new QSpinBox(this)), randMax_(new QSpinBox(this)), eta_(new QDoubleSpinBox(this)), seed_(new QSpinBox(this)),
      out_(new QLineEdit(this)), progress_(new QProgressBar(this)), summary_(new QLabel(this)), chart_(new QChartView(this)),
      run_(new QPushButton(tr("Build"), this)), modelDir_(modelDir) {
    setWindowTitle(tr("Build a training dataset"));
    corpus_->setPlaceholderText(tr("Folder of .py files, or JSONL with a \"text\" field"));
    method_->addItem(tr("Empower-η (longest suffix with cumulative NLL ≤ η)"), "empower");
    method_->addItem(tr("SFT-N (next N tokens)"), "sft");
    method_->addItem(tr("SFT-RAND-a-b (uniform length in [a, b])"), "sft-rand");
    n_->setRange(1, 512);
    n_->setValue(10);
    randMin_->setRange(1, 512);
    randMin_->setValue(1);
    randMax_->setRange(1, 512);
    randMax_->setValue(30);
    eta_->setRange(0, 100);
    eta_->setDecimals(1);
    eta_->setValue(8.0);
    eta_->setSuffix(tr(" nats"));
    seed_->setRange(0, 1 << 30);
    out_->setText(outDir + "/dataset.jsonl");
    auto* browse = new QPushButton(tr("…"), this);
    connect(browse, &QPushButton::clicked, this, [this] {
        auto dir = QFileDialog::getExistingDirectory(this, tr("Corpus folder"), corpus_->text());
        if (!dir.isEmpty()) corpus_->setText(dir);
    });
    auto* corpusRow = new QHBoxLayout;
    corpusRow->addWidget(corpus_, 1);
    corpusRow->addWidget(browse);
    auto* randRow = new QHBoxLayout;
    randRow->addWidget(randMin_);
    randRow->addWidget(new QLabel(tr("to"), this));
    randRow->addWidget(randMax_);
    auto* form = new QFormLayout;
    form->addRow(tr("Corpus:"), corpusRow);
    form->addRow(tr("Method:"), method_);
    form->addRow(tr("η:"), eta_);
    form->addRow(tr("N:"), n_);
    form->addRow(tr("Length range:"), randRow);
    form->addRow(tr("Seed:"), seed_);
    form->addRow(tr("Output:"), out_);
    auto updateEnabled = [this] {
        const auto m = method_->currentData().toString();
        eta_->setEnabled(m == "empower");
        n_->setEnabled(m == "sft");
        randMin_->setEnabled(m == "sft-rand");
        randMax_->setEnabled(m == "sft-rand");
    };
    connect(method_, &QComboBox::currentIndexChanged, this, updateEnabled);
    updateEnabled();
    chart_->setMinimumHeight(220);
    chart_->setRenderHint(QPainter::Antialiasing);
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(run_, QDialogButtonBox::ActionRole);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(run_, &QPushButton::clicked, this, [this] {
        if (process_.state() != QProcess::NotRunning) process_.terminate();  // Cancel
        else start();
    });
    auto* layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(progress_);
    layout->addWidget(summary_);
    layout->addWidget(chart_, 1);
    layout->addWidget(buttons);

    connect(&process_, &QProcess::readyReadStandardError, this, [this] {
        stderr_ += QString::fromUtf8(process_.readAllStandardError());
        // Progress lines look like "\r12/345 examples".
        static const QRegularExpression re(R"((\d+)/(\d+) examples)");
        auto it = re.globalMatch(stderr_);
        QRegularExpressionMatch last;
        while (it.hasNext()) last = it.next();
        if (last.hasMatch()) {
            progress_->setRange(0, last.captured(2).toInt());
            progress_->setValue(last.captured(1).toInt());
        }
    });
    connect(&process_, &QProcess::readyReadStandardOutput, this, [this] { stdout_ += process_.readAllStandardOutput(); });
    connect(&process_, &QProcess::finished, this, [this](int code, QProcess::ExitStatus status) {
        run_->setText(tr("Build"));
        const bool ok = status == QProcess::NormalExit && code == 0;
        if (!ok) {
            const auto lines = stderr_.split('\n', Qt::SkipEmptyParts);
            summary_->setText(tr("Failed: %1").arg(lines.isEmpty() ? tr("cancelled") : lines.last()));
            emit finished(false);
            return;
        }
        const auto json = QJsonDocument::fromJson(stdout_).object();
        histogram_.clear();
        const auto h = json.value("completion_length_histogram").toObject();
        for (auto it = h.begin(); it != h.end(); ++it) histogram_[it.key().toInt()] = it.value().toInt();
        summary_->setText(tr("%1 examples (%2), mean completion %3 tokens, %4 samples/s → %5")
                              .arg(json.value("examples").toInt())
                              .arg(json.value("method").toString())
                              .arg(json.value("mean_completion_tokens").toDouble(), 0, 'f', 2)
                              .arg(json.value("samples_per_s").toDouble(), 0, 'f', 1)
                              .arg(outputPath()));
        showHistogram();
        emit finished(true);
    });
}

DatasetDialog::~DatasetDialog() {
    if (process_.state() != QProcess::NotRunning) {
        process_.kill();
        process_.waitForFinished(3000);
    }
}

void DatasetDialog::setCorpus(const QString& path) { corpus_->setText(path); }

void DatasetDialog::setMethod(const QString& method) {
    if (method.startsWith("sft-rand-")) {
        const auto parts = method.split('-');
        method_->setCurrentIndex(2);
        randMin_->setValue(parts.value(2).toInt());
        randMax_->setValue(parts.value(3).toInt());
    } else if (method.startsWith("sft-")) {
        method_->setCurrentIndex(1);
        n_->setValue(method.mid(4).toInt());
    } else {
        method_->setCurrentIndex(0);
    }
}

QString DatasetDialog::outputPath() const { return out_->text(); }

QStringList DatasetDialog::arguments() const {
    const auto m = method_->currentData().toString();
    const QString method = m == "sft" ? QString("sft-%1").arg(n_->value())
                           : m == "sft-rand" ? QString("sft-rand-%1-%2").arg(randMin_->value()).arg(randMax_->value())
                                             : QString("empower");
    QStringList args{"dataset", "--corpus", corpus_->text(), "--out", out_->text(), "--method", method,
                     "--seed", QString::number(seed_->value()), "--json"};
    if (m == "empower") args << "--eta" << QString::number(eta_->value());
    if (!modelDir_.isEmpty()) args << "--model" << modelDir_;
    return args;
}

void DatasetDialog::start() {
    stderr_.clear();
    stdout_.clear();
    summary_->setText(tr("Building…"));
    progress_->setRange(0, 0);
    run_->setText(tr("Cancel"));
    process_.start(JobLauncher::empowerBinary(), arguments());
}

void DatasetDialog::showHistogram() {
    auto* chart = new QChart;
    styleChart(chart);
    chart->setTitle(tr("Completion length (tokens)"));
    chart->legend()->hide();
    auto* set = new QBarSet(tr("examples"));
    QStringList categories;
    int maxLen = histogram_.isEmpty() ? 0 : histogram_.lastKey();
    // One bar per length up to 64, then the rest together: a readable shape for any method.
    const int shown = std::min(maxLen, 64);
    int rest = 0;
    for (int len = 0; len <= shown; ++len) {
        *set << histogram_.value(len);
        categories << QString::number(len);
    }
    for (auto it = histogram_.begin(); it != histogram_.end(); ++it)
        if (it.key() > shown) rest += it.value();
    if (rest) {
        *set << rest;
        categories << QString(">%1").arg(shown);
    }
    auto* series = new QBarSeries;
    series->append(set);
    chart->addSeries(series);
    auto* x = new QBarCategoryAxis;
    x->append(categories);
    chart->addAxis(x, Qt::AlignBottom);
    series->attachAxis(x);
    auto* y = new QValueAxis;
    y->setLabelFormat("%d");
    chart->addAxis(y, Qt::AlignLeft);
    series->attachAxis(y);
    auto* old = chart_->chart();
    chart_->setChart(chart);
    delete old;
}

}  // namespace ew::widgets

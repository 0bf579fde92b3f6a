#include "run_output_dialog.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFontDatabase>
#include <QPlainTextEdit>
#include <QScrollBar>
#include <QTabWidget>
#include <QVBoxLayout>

namespace ew::widgets {

namespace {
constexpr qint64 kShownBytes = 256 * 1024;

QPlainTextEdit* makeView(QWidget* parent) {
    auto* view = new QPlainTextEdit(parent);
    view->setReadOnly(true);
    view->setLineWrapMode(QPlainTextEdit::NoWrap);
    view->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    return view;
}
}  // namespace

RunOutputDialog::RunOutputDialog(const QString& runName, const QString& runFolder, QWidget* parent)
    : QDialog(parent), log_{runFolder + "/progress.jsonl.stderr", makeView(this)}, progress_{runFolder + "/progress.jsonl", makeView(this)} {
    setWindowTitle(tr("Output of %1").arg(runName));
    auto* tabs = new QTabWidget(this);
    tabs->addTab(log_.view, tr("Log and errors"));
    tabs->addTab(progress_.view, tr("Progress (JSON lines)"));
    auto* buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    auto* layout = new QVBoxLayout(this);
    layout->addWidget(tabs);
    layout->addWidget(buttons);
    resize(820, 480);
    connect(&poll_, &QTimer::timeout, this, &RunOutputDialog::refresh);
    poll_.start(1000);
    refresh();
}

QString RunOutputDialog::logText() const { return log_.view->toPlainText(); }
QString RunOutputDialog::progressText() const { return progress_.view->toPlainText(); }

void RunOutputDialog::refresh() {
    follow(log_);
    follow(progress_);
}

void RunOutputDialog::follow(Followed& f) {
    QFile file(f.path);
    if (!file.open(QIODevice::ReadOnly)) {
        if (f.shownSize != -2) f.view->setPlainText(tr("(nothing yet: %1 does not exist)").arg(f.path));
        f.shownSize = -2;
        return;
    }
    const qint64 size = file.size();
    if (size == f.shownSize) return;
    auto* bar = f.view->verticalScrollBar();
    const bool atEnd = bar->value() == bar->maximum();  // keep following only if the reader is at the end
    const qint64 from = std::max<qint64>(0, size - kShownBytes);
    file.seek(from);
    QString text = QString::fromUtf8(file.readAll());
    if (from > 0) text = tr("(earlier output omitted)") + "\n" + text.mid(text.indexOf('\n') + 1);
    f.view->setPlainText(text);
    f.shownSize = size;
    if (atEnd) bar->setValue(bar->maximum());
}

}  // namespace ew::widgets

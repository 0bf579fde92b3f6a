// A run's output as it is written — the job's stderr (log, warnings, errors; Slurm's too) and its
// JSON-lines progress — followed like `tail -f`: the files are polled (a cluster's shared
// filesystem may not deliver change notifications) and only the newest 256 KiB are shown.
#pragma once
#include <QDialog>
#include <QTimer>

class QPlainTextEdit;
class QTabWidget;

namespace ew::widgets {

class RunOutputDialog : public QDialog {
    Q_OBJECT
public:
    RunOutputDialog(const QString& runName, const QString& runFolder, QWidget* parent = nullptr);
    QString logText() const;       // what the log tab shows (tests)
    QString progressText() const;  // what the progress tab shows (tests)
    void refresh();

private:
    struct Followed {
        QString path;
        QPlainTextEdit* view;
        qint64 shownSize = -1;
    };
    void follow(Followed& f);
    Followed log_, progress_;
    QTimer poll_;
};

}  // namespace ew::widgets

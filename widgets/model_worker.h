// One background thread that runs model jobs for the GUI, so the UI thread never waits on a
// model. Jobs are keyed by kind ("suggest", "score-suffix", ...): submitting a job cancels the
// queued or running job of the same kind (latest wins — stale keystrokes are never computed).
// Results travel back with QMetaObject::invokeMethod on a context object, which Qt drops if that
// object has been destroyed meanwhile.
#pragma once
#include <QObject>
#include <QString>
#include <atomic>
#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace ew::widgets {

class ModelWorker : public QObject {
    Q_OBJECT
public:
    using Job = std::function<void(const std::atomic<bool>& cancelled)>;

    explicit ModelWorker(QObject* parent = nullptr);
    ~ModelWorker() override;  // cancels everything and joins the thread

    void submit(const QString& kind, Job job);
    void cancel(const QString& kind);
    int jobsRun() const { return jobsRun_.load(); }  // for tests: how many jobs reached a model

private:
    struct Entry {
        QString kind;
        Job job;
        std::shared_ptr<std::atomic<bool>> cancelled;
    };
    void run();

    std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<Entry> queue_;
    std::shared_ptr<std::atomic<bool>> runningCancelled_;
    QString runningKind_;
    bool stopping_ = false;
    std::atomic<int> jobsRun_{0};
    std::thread thread_;
};

}  // namespace ew::widgets

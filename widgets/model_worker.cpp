#include "model_worker.h"

#include <QDebug>

namespace ew::widgets {

ModelWorker::ModelWorker(QObject* parent) : QObject(parent), thread_([this] { run(); }) {}

ModelWorker::~ModelWorker() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        for (auto& e : queue_) e.cancelled->store(true);
        queue_.clear();
        if (runningCancelled_) runningCancelled_->store(true);
    }
    wake_.notify_all();
    thread_.join();
}

void ModelWorker::submit(const QString& kind, Job job) {
    {
        std::lock_guard lock(mutex_);
        for (auto it = queue_.begin(); it != queue_.end();) {
            if (it->kind == kind) it = queue_.erase(it);
            else ++it;
        }
        if (runningCancelled_ && runningKind_ == kind) runningCancelled_->store(true);
        queue_.push_back({kind, std::move(job), std::make_shared<std::atomic<bool>>(false)});
    }
    wake_.notify_one();
}

void ModelWorker::cancel(const QString& kind) {
    std::lock_guard lock(mutex_);
    for (auto it = queue_.begin(); it != queue_.end();) {
        if (it->kind == kind) it = queue_.erase(it);
        else ++it;
    }
    if (runningCancelled_ && runningKind_ == kind) runningCancelled_->store(true);
}

void ModelWorker::run() {
    for (;;) {
        Entry entry;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (stopping_) return;
            entry = std::move(queue_.front());
            queue_.pop_front();
            runningCancelled_ = entry.cancelled;
            runningKind_ = entry.kind;
        }
        if (!entry.cancelled->load()) {
            ++jobsRun_;
            try {
                entry.job(*entry.cancelled);
            } catch (const std::exception& e) {
                // Jobs report their own errors; this is the last line of defence for the thread.
                qWarning("model job %s failed: %s", qPrintable(entry.kind), e.what());
            } catch (...) {  // anything escaping a thread's function would terminate the workbench
                qWarning("model job %s failed", qPrintable(entry.kind));
            }
        }
        std::lock_guard lock(mutex_);
        runningCancelled_.reset();
        runningKind_.clear();
    }
}

}  // namespace ew::widgets

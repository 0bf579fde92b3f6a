#include "serve/completion_service.h"

#include "serve/http_error.h"

#include <algorithm>
#include <chrono>
#include <future>

namespace ew::serve {

struct CompletionService::Pending {
    CompletionJob job;
    std::function<void(const empower::Suggestion&)> on_cut_final;
    std::function<void(std::string_view)> on_final_text;
    std::atomic<bool> cancel{false};
    // Wakes the waiting connection thread at once when text arrives or the job ends, so a stream
    // sends each piece as it comes rather than at the next poll.
    std::mutex nudge_mutex;
    std::condition_variable nudge_cv;
    bool nudged = false;
    void nudge() {
        {
            std::lock_guard lock(nudge_mutex);
            nudged = true;
        }
        nudge_cv.notify_one();
    }
    std::promise<empower::Suggestion> result;
    std::chrono::steady_clock::time_point queued_at = std::chrono::steady_clock::now();
    double waited_ms = 0;
};

CompletionService::CompletionService(std::shared_ptr<const lm::LanguageModel> model, Options options, ServeMetrics& metrics)
    : model_(std::move(model)), options_(options), metrics_(metrics), thread_([this] { serve_loop(); }) {}

CompletionService::~CompletionService() {
    shut_down();
    thread_.join();
}

void CompletionService::shut_down() {
    {
        std::lock_guard lock(mutex_);
        stopping_ = true;
        for (auto& p : queue_) p->cancel = true;
        if (running_) running_->cancel = true;
    }
    wake_.notify_all();
}

std::size_t CompletionService::waiting() const {
    std::lock_guard lock(mutex_);
    return queue_.size();
}

CompletionOutcome CompletionService::run(CompletionJob job, const std::function<bool()>& client_gone,
                                         std::function<void(const empower::Suggestion&)> on_cut_final,
                                         std::function<void(std::string_view)> on_final_text) {
    auto pending = std::make_shared<Pending>();
    pending->job = std::move(job);
    pending->on_cut_final = std::move(on_cut_final);
    if (on_final_text)
        pending->on_final_text = [text = std::move(on_final_text), p = pending.get()](std::string_view piece) {
            text(piece);
            p->nudge();
        };
    auto future = pending->result.get_future();
    {
        std::lock_guard lock(mutex_);
        if (stopping_) throw HttpError(503, "the server is shutting down");
        if (queue_.size() >= options_.max_waiting)
            throw HttpError(503, "the model is busy: " + std::to_string(queue_.size()) + " requests are waiting (--max-waiting); try again");
        queue_.push_back(pending);
        metrics_.set_waiting(static_cast<std::int64_t>(queue_.size()));
    }
    wake_.notify_one();
    // Poll the client while the model works: a closed connection cancels within ~20 ms.
    while (future.wait_for(std::chrono::seconds(0)) != std::future_status::ready) {
        {
            std::unique_lock lock(pending->nudge_mutex);
            pending->nudge_cv.wait_for(lock, std::chrono::milliseconds(20), [&] { return pending->nudged; });
            pending->nudged = false;
        }
        if (!pending->cancel && client_gone && client_gone()) pending->cancel = true;
    }
    CompletionOutcome outcome;
    outcome.suggestion = future.get();  // rethrows what the model threw
    outcome.cancelled = pending->cancel || outcome.suggestion.stop_reason == lm::StopReason::Cancelled;
    outcome.waited_ms = pending->waited_ms;
    if (outcome.cancelled) metrics_.count_cancellation();
    return outcome;
}

CompletionService::KeptSession& CompletionService::session_for(const CompletionJob& job) {
    auto chosen = sessions_.end();
    if (!job.client.empty()) {
        chosen = std::find_if(sessions_.begin(), sessions_.end(), [&](const KeptSession& k) { return k.client == job.client; });
    } else {
        std::size_t best = 0;
        for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
            if (!it->client.empty()) continue;
            const auto shared = static_cast<std::size_t>(
                std::mismatch(it->last_prefix.begin(), it->last_prefix.end(), job.prefix.begin(), job.prefix.end()).first -
                it->last_prefix.begin());
            const std::size_t needed = std::max<std::size_t>(1, std::min(it->last_prefix.size(), job.prefix.size()) / 2);
            if (shared >= needed && shared > best) {
                best = shared;
                chosen = it;
            }
        }
    }
    if (chosen != sessions_.end()) {
        sessions_.splice(sessions_.begin(), sessions_, chosen);
    } else {
        sessions_.push_front({job.client, {}, model_->new_session()});
        while (sessions_.size() > std::max<std::size_t>(1, options_.max_sessions)) sessions_.pop_back();
    }
    return sessions_.front();
}

void CompletionService::serve_loop() {
    for (;;) {
        std::shared_ptr<Pending> p;
        {
            std::unique_lock lock(mutex_);
            wake_.wait(lock, [this] { return stopping_ || !queue_.empty(); });
            if (queue_.empty()) return;  // stopping, nothing left
            p = queue_.front();
            queue_.pop_front();
            running_ = p;
            metrics_.set_waiting(static_cast<std::int64_t>(queue_.size()));
        }
        p->waited_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - p->queued_at).count();
        if (p->cancel) {  // its client left while it waited: no model time spent on it
            empower::Suggestion none;
            none.stop_reason = lm::StopReason::Cancelled;
            p->result.set_value(std::move(none));
            p->nudge();
            std::lock_guard lock(mutex_);
            running_.reset();
            continue;
        }
        bool session_chosen = false;
        try {
            auto& kept = session_for(p->job);
            session_chosen = true;
            empower::SuggestRequest request{p->job.prefix, p->job.policy, p->job.top_k};
            request.line_suffix = p->job.line_suffix;
            request.on_cut_final = p->on_cut_final;
            request.on_final_text = p->on_final_text;
            request.temperature = p->job.temperature;
            request.top_p = p->job.top_p;
            request.seed = p->job.seed;
            auto s = empower::suggest(*model_, *kept.session, request, &p->cancel);
            kept.last_prefix = p->job.prefix;
            metrics_.add_generated_tokens(static_cast<std::int64_t>(s.tokens.size()) - static_cast<std::int64_t>(s.typed_tokens));
            p->result.set_value(std::move(s));
            p->nudge();
        } catch (...) {
            // A session left half-way through a failed call may hold a cache that no longer matches.
            // It is at the front: session_for put it there, and nothing ran since.
            if (session_chosen) sessions_.pop_front();
            p->result.set_exception(std::current_exception());
            p->nudge();
        }
        std::lock_guard lock(mutex_);
        running_.reset();
    }
}

}  // namespace ew::serve

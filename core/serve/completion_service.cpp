#include "serve/completion_service.h"

#include "serve/http_error.h"

#include <algorithm>
#include <chrono>
#include <future>

namespace ew::serve {

struct CompletionService::Pending {
    std::string client, prefix;  // which kept session serves it (session_for)
    // Runs on the model thread with the chosen session; stores its own result. Throws what the model threw.
    std::function<void(lm::GenerationSession&, const std::atomic<bool>& cancel)> work;
    std::atomic<bool> cancel{false};
    bool ran = false;  // false: cancelled while it waited, no model time spent on it
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
    std::promise<void> done;
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
    auto result = std::make_shared<empower::Suggestion>();
    pending->client = job.client;
    pending->prefix = job.prefix;
    std::function<void(std::string_view)> text_piece;
    if (on_final_text)
        text_piece = [text = std::move(on_final_text), p = pending.get()](std::string_view piece) {
            text(piece);
            p->nudge();
        };
    pending->work = [this, job = std::move(job), result, on_cut_final = std::move(on_cut_final), text_piece = std::move(text_piece)](
                        lm::GenerationSession& session, const std::atomic<bool>& cancel) {
        empower::SuggestRequest request{job.prefix, job.policy, job.top_k};
        request.line_suffix = job.line_suffix;
        request.on_cut_final = on_cut_final;
        request.on_final_text = text_piece;
        request.temperature = job.temperature;
        request.top_p = job.top_p;
        request.seed = job.seed;
        *result = empower::suggest(*model_, session, request, &cancel);
        metrics_.add_generated_tokens(static_cast<std::int64_t>(result->tokens.size()) - static_cast<std::int64_t>(result->typed_tokens));
    };
    CompletionOutcome outcome;
    outcome.cancelled = submit_and_wait(pending, client_gone) || result->stop_reason == lm::StopReason::Cancelled;
    if (!pending->ran) result->stop_reason = lm::StopReason::Cancelled;
    outcome.suggestion = std::move(*result);
    outcome.waited_ms = pending->waited_ms;
    return outcome;
}

GenerationOutcome CompletionService::run_generation(GenerationJob job, const std::function<bool()>& client_gone) {
    if (job.client.empty()) throw HttpError(400, "\"client\" is required: it names the session (KV cache) to continue");
    auto pending = std::make_shared<Pending>();
    auto result = std::make_shared<lm::Generation>();
    pending->client = job.client;
    pending->work = [this, job = std::move(job), result](lm::GenerationSession& session, const std::atomic<bool>& cancel) {
        *result = session.generate(job.context, job.options, &cancel);
        metrics_.add_generated_tokens(static_cast<std::int64_t>(result->tokens.size()) - result->typed_tokens);
    };
    GenerationOutcome outcome;
    outcome.cancelled = submit_and_wait(pending, client_gone) || result->stop_reason == lm::StopReason::Cancelled;
    if (!pending->ran) result->stop_reason = lm::StopReason::Cancelled;
    outcome.generation = std::move(*result);
    outcome.waited_ms = pending->waited_ms;
    return outcome;
}

bool CompletionService::submit_and_wait(const std::shared_ptr<Pending>& pending, const std::function<bool()>& client_gone) {
    auto future = pending->done.get_future();
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
    future.get();  // rethrows what the model threw
    const bool cancelled = pending->cancel;
    if (cancelled) metrics_.count_cancellation();
    return cancelled;
}

CompletionService::KeptSession& CompletionService::session_for(const std::string& client, const std::string& prefix) {
    auto chosen = sessions_.end();
    if (!client.empty()) {
        chosen = std::find_if(sessions_.begin(), sessions_.end(), [&](const KeptSession& k) { return k.client == client; });
    } else {
        std::size_t best = 0;
        for (auto it = sessions_.begin(); it != sessions_.end(); ++it) {
            if (!it->client.empty()) continue;
            const auto shared = static_cast<std::size_t>(
                std::mismatch(it->last_prefix.begin(), it->last_prefix.end(), prefix.begin(), prefix.end()).first -
                it->last_prefix.begin());
            const std::size_t needed = std::max<std::size_t>(1, std::min(it->last_prefix.size(), prefix.size()) / 2);
            if (shared >= needed && shared > best) {
                best = shared;
                chosen = it;
            }
        }
    }
    if (chosen != sessions_.end()) {
        sessions_.splice(sessions_.begin(), sessions_, chosen);
    } else {
        sessions_.push_front({client, {}, model_->new_session()});
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
            p->done.set_value();
            p->nudge();
            std::lock_guard lock(mutex_);
            running_.reset();
            continue;
        }
        bool session_chosen = false;
        try {
            auto& kept = session_for(p->client, p->prefix);
            session_chosen = true;
            p->ran = true;
            p->work(*kept.session, p->cancel);
            kept.last_prefix = p->prefix;
            p->done.set_value();
            p->nudge();
        } catch (...) {
            // A session left half-way through a failed call may hold a cache that no longer matches.
            // It is at the front: session_for put it there, and nothing ran since.
            if (session_chosen) sessions_.pop_front();
            p->done.set_exception(std::current_exception());
            p->nudge();
        }
        std::lock_guard lock(mutex_);
        running_.reset();
    }
}

}  // namespace ew::serve

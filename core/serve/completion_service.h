// One model in memory, serving completions to any number of HTTP connections (issue 17). The
// model runs on one thread of its own: requests wait in a bounded queue (a full queue is refused
// at once, as 503, rather than piling up latency), each is cancelled when its client goes away —
// dropped while waiting, or stopped between tokens while generating — and a request reuses the
// generation session of the text it continues, so a prefix that only grew by a few characters costs
// only those tokens (the KV cache), as in the editor. A request that names its client (OpenAI's
// `user`) uses that client's session; one that does not takes the kept session whose last prompt
// shares the longest start with its own (as much as half of the shorter one at least), so editors
// on one machine — one address — each keep their own cache instead of evicting one another's.
#pragma once
#include "empower/suggestion_policy.h"
#include "lm/language_model.h"
#include "serve/serve_metrics.h"

#include <condition_variable>
#include <deque>
#include <functional>
#include <list>
#include <memory>
#include <mutex>
#include <thread>

namespace ew::serve {

struct CompletionJob {
    std::string prefix;
    std::string line_suffix;  // closers after the caret (empower/line_suffix.h); empty at a line's end
    empower::SuggestionPolicy policy;
    int top_k = 0;            // alternatives per token
    float temperature = 0.0f, top_p = 1.0f;
    std::uint64_t seed = 0;
    std::string client;       // whose generation session (KV cache) to use; empty: matched by prefix
};

struct CompletionOutcome {
    empower::Suggestion suggestion;
    bool cancelled = false;
    double waited_ms = 0;     // in the queue, before the model took it
};

// A served model's raw generation (serve/generation_wire.h): a remote workstation runs the
// Empower logic itself and asks for tokens on its own session.
struct GenerationJob {
    std::string client;       // required: the remote session whose KV cache this continues
    std::vector<lm::TokenId> context;
    lm::GenerationOptions options;
};

struct GenerationOutcome {
    lm::Generation generation;
    bool cancelled = false;
    double waited_ms = 0;
};

class CompletionService {
public:
    struct Options {
        std::size_t max_waiting = 16;  // requests queued behind the running one; more: 503
        std::size_t max_sessions = 4;  // KV caches kept (least recently used goes)
    };
    CompletionService(std::shared_ptr<const lm::LanguageModel> model, Options options, ServeMetrics& metrics);
    ~CompletionService();  // cancels what waits, finishes the running job, joins the thread

    // Runs `job` on the model's thread and waits for it. `client_gone` is polled while waiting; once
    // it returns true the job is cancelled and the outcome says so. `on_cut_final` and
    // `on_final_text` as in SuggestRequest (called on the model's thread). Throws HttpError(503)
    // when the queue is full, and what the model threw otherwise.
    CompletionOutcome run(CompletionJob job, const std::function<bool()>& client_gone,
                          std::function<void(const empower::Suggestion&)> on_cut_final = {},
                          std::function<void(std::string_view)> on_final_text = {});

    // As run(), for one GenerationSession::generate call on the session of `job.client`.
    GenerationOutcome run_generation(GenerationJob job, const std::function<bool()>& client_gone);

    // Refuses new jobs (503), drops the waiting ones and stops the running one between tokens, so a
    // server can stop without serving its queue first. Called by the destructor too.
    void shut_down();

    const lm::LanguageModel& model() const { return *model_; }
    std::size_t waiting() const;

private:
    struct Pending;
    // Queues `pending`, waits for the model thread to finish it (cancelling it once `client_gone`),
    // rethrows what it threw. True when it was cancelled.
    bool submit_and_wait(const std::shared_ptr<Pending>& pending, const std::function<bool()>& client_gone);
    void serve_loop();
    struct KeptSession {
        std::string client;       // empty: anonymous, matched by prefix
        std::string last_prefix;  // the prompt it served last (what its cache holds, plus the answer)
        std::unique_ptr<lm::GenerationSession> session;
    };
    // The session of `client` (or, unnamed, the one whose last prompt shares the most with
    // `prefix`), moved to the front (most recently used); may evict the last.
    KeptSession& session_for(const std::string& client, const std::string& prefix);

    std::shared_ptr<const lm::LanguageModel> model_;
    Options options_;
    ServeMetrics& metrics_;
    mutable std::mutex mutex_;
    std::condition_variable wake_;
    std::deque<std::shared_ptr<Pending>> queue_;
    bool stopping_ = false;
    std::shared_ptr<Pending> running_;  // the job on the model thread, if any
    // Model thread only: most recently used first.
    std::list<KeptSession> sessions_;
    std::thread thread_;
};

}  // namespace ew::serve

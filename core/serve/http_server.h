// `empower serve`: one model's Empower assistant over HTTP for other editors (issue 17), on
// cpp-httplib (Debian's libcpp-httplib-dev: a small, well-kept library with no Qt, so the headless
// core and GPU servers can serve too; Qt HTTP Server would tie serving to the GUI build).
// Routes:
//   POST /v1/completions, GET /v1/models     OpenAI-compatible (serve/openai_protocol.h)
//   POST /infill                             llama.cpp server's infill (serve/infill_protocol.h)
//   GET /health, GET /metrics                model loaded? / Prometheus text
//   GET /empower/v1/model, POST /empower/v1/generate
//                                            the model for a remote workstation (serve/generation_wire.h)
//   POST / and POST /<name>/                 tab_frontend (serve/tab_frontend_protocol.h)
// Limits that keep it alive on bad input: bodies over max_body_bytes → 413, malformed JSON → 400
// with a one-line reason, unknown route → 404, a full queue → 503, a client that stalls mid-request
// is dropped after read_timeout_s; an exception in a handler answers 500 and the server goes on.
#pragma once
#include "empower/suggestion_policy.h"
#include "lm/language_model.h"
#include "serve/completion_service.h"
#include "serve/serve_metrics.h"

#include <atomic>
#include <memory>
#include <mutex>
#include <string>

namespace httplib {
class Server;
struct Request;
struct Response;
}

namespace ew::serve {

class ConnectionWatch;
struct OpenAiCall;
struct OpenAiReplyContext;

struct ServeOptions {
    std::string host = "127.0.0.1";
    int port = 8080;                  // 0: a free port (bind() says which)
    std::string api_key;              // required when host is not loopback
    empower::SuggestionPolicy policy; // what a request gets unless its "empower" object says otherwise
    std::size_t max_body_bytes = 4u << 20;
    std::size_t max_waiting = 16;
    std::size_t max_sessions = 4;
    int read_timeout_s = 5;
};

bool is_loopback_host(const std::string& host);
// Throws ew::Error when `options` would serve beyond loopback without an API key (the CLI asks
// before loading the model; the server's constructor asks again).
void check_exposure(const ServeOptions& options);

class HttpServer {
public:
    // Throws ew::Error when a non-loopback host has no API key.
    HttpServer(std::shared_ptr<const lm::LanguageModel> model, ServeOptions options);
    ~HttpServer();

    int bind();    // the port it listens on; throws ew::Error when it cannot bind
    void listen(); // serves until stop() (from another thread or a signal handler's thread)
    void stop();
    ServeMetrics& metrics() { return metrics_; }
    // The policy requests get from now on (the editor's η slider moves it while serving).
    void set_policy(const empower::SuggestionPolicy& policy);
    empower::SuggestionPolicy policy() const;
    const ServeOptions& options() const { return options_; }

private:
    void routes();
    // A completion's common path: queued with its connection watched (closed: cancelled), timed,
    // generating only to the cut. `poll` runs on the waiting thread between checks (true: the
    // client is gone by another sign); `on_final_text` as in SuggestRequest.
    CompletionOutcome run_watched(CompletionJob job, const ConnectionWatch& watch, const std::function<bool()>& poll = {},
                                  std::function<void(std::string_view)> on_final_text = {});
    // POST /v1/completions with "stream": each piece of final text is sent as it is generated.
    void stream_completion(const OpenAiCall& call, const OpenAiReplyContext& context, const httplib::Request& req, httplib::Response& res);

    std::shared_ptr<const lm::LanguageModel> model_;
    ServeOptions options_;
    mutable std::mutex policy_mutex_;  // options_.policy may change while connections read it
    ServeMetrics metrics_;
    CompletionService service_;
    std::unique_ptr<httplib::Server> http_;
    std::atomic<bool> listening_{false}, stopped_{false};  // stop() before listen()'s loop began (see stop())
    std::once_flag card_once_;  // GET /empower/v1/model: the tokenizer's JSON is written once
    std::string card_json_;
};

}  // namespace ew::serve

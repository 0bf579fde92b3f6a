#include "serve/http_server.h"

#include "serve/connection_watch.h"
#include "serve/generation_wire.h"
#include "serve/http_error.h"
#include "serve/infill_protocol.h"
#include "serve/openai_protocol.h"
#include "serve/request_fields.h"
#include "serve/stream_holdback.h"
#include "serve/tab_frontend_protocol.h"
#include "support/json_text.h"

#include <httplib.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <optional>
#include <thread>
#include <vector>

namespace ew::serve {

namespace {

constexpr const char* kJson = "application/json";
constexpr int kClientClosedRequest = 499;  // nginx's code: the client left before the answer

std::size_t prompt_tokens(const lm::LanguageModel& model, const CompletionJob& job) {
    const auto n = model.tokenizer().encode(job.prefix).size();
    return job.policy.context_tokens > 0 ? std::min<std::size_t>(n, static_cast<std::size_t>(job.policy.context_tokens)) : n;
}

}  // namespace

bool is_loopback_host(const std::string& host) {
    return host == "localhost" || host == "::1" || host == "[::1]" || host.rfind("127.", 0) == 0;
}

void check_exposure(const ServeOptions& options) {
    if (!is_loopback_host(options.host) && options.api_key.empty())
        throw Error("serving on " + options.host + " (not loopback) lets other machines use the model: give --api-key");
}

HttpServer::HttpServer(std::shared_ptr<const lm::LanguageModel> model, ServeOptions options)
    : model_(std::move(model)),
      options_(std::move(options)),
      service_(model_, {options_.max_waiting, options_.max_sessions}, metrics_),
      http_(std::make_unique<httplib::Server>()) {
    check_exposure(options_);
    // Enough connection threads for every request the queue admits plus the running one and a few
    // health/metrics probes; httplib's default is the core count.
    const std::size_t threads = options_.max_waiting + 8;
    http_->new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
    http_->set_payload_max_length(options_.max_body_bytes);
    http_->set_read_timeout(options_.read_timeout_s, 0);
    http_->set_write_timeout(options_.read_timeout_s, 0);
    http_->set_keep_alive_timeout(options_.read_timeout_s);
    http_->set_tcp_nodelay(true);
    routes();
}

HttpServer::~HttpServer() { stop(); }

int HttpServer::bind() {
    const int port = options_.port == 0 ? http_->bind_to_any_port(options_.host) : (http_->bind_to_port(options_.host, options_.port) ? options_.port : -1);
    if (port < 0) throw Error("cannot listen on " + options_.host + ":" + std::to_string(options_.port) + " (in use, or not an address of this machine)");
    options_.port = port;
    return port;
}

void HttpServer::listen() {
    listening_ = true;
    // Stopped before this began: listen anyway, to have httplib close the bound socket, and stop
    // as soon as the loop runs (left bound, the port would take connections nobody answers).
    std::thread late_stop;
    if (stopped_)
        late_stop = std::thread([this] {
            while (listening_ && !http_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
            http_->stop();
        });
    http_->listen_after_bind();
    listening_ = false;
    if (late_stop.joinable()) late_stop.join();
}

void HttpServer::stop() {
    stopped_ = true;
    // Cancel the model's work first: httplib's stop waits for its connection threads, which
    // wait for their completions.
    service_.shut_down();
    if (!http_) return;
    // httplib's stop() does nothing to a listen() whose loop has not started yet, which would then
    // never return: wait for the loop (a listen() that has not begun sees stopped_ itself).
    while (listening_ && !http_->is_running()) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    http_->stop();
}

void HttpServer::set_policy(const empower::SuggestionPolicy& policy) {
    std::lock_guard lock(policy_mutex_);
    options_.policy = policy;
}

empower::SuggestionPolicy HttpServer::policy() const {
    std::lock_guard lock(policy_mutex_);
    return options_.policy;
}

void HttpServer::routes() {
    // Every answer is counted by route and status; errors are JSON with a one-line reason.
    auto fail = [](httplib::Response& res, int status, const std::string& message) {
        res.status = status;
        res.set_content(json_text(openai_error(status, message)), kJson);
    };
    http_->set_pre_routing_handler([this, fail](const httplib::Request& req, httplib::Response& res) {
        if (options_.api_key.empty() || req.path == "/health") return httplib::Server::HandlerResponse::Unhandled;
        const std::string bearer = req.get_header_value("Authorization");
        if (bearer == "Bearer " + options_.api_key || req.get_header_value("X-Api-Key") == options_.api_key)
            return httplib::Server::HandlerResponse::Unhandled;
        fail(res, 401, "this server needs its API key: Authorization: Bearer <key>");
        return httplib::Server::HandlerResponse::Handled;
    });
    http_->set_exception_handler([fail](const httplib::Request&, httplib::Response& res, std::exception_ptr ep) {
        try {
            std::rethrow_exception(ep);
        } catch (const HttpError& e) {
            fail(res, e.status(), e.what());
        } catch (const std::exception& e) {
            fail(res, 500, e.what());
        } catch (...) {
            fail(res, 500, "unknown error");
        }
    });
    http_->set_error_handler([fail](const httplib::Request& req, httplib::Response& res) {
        if (!res.body.empty()) return;
        if (res.status == 404) fail(res, 404, "no route " + req.method + " " + req.path + " (see GET /v1/models, POST /v1/completions, POST /infill, POST /)");
        else if (res.status == 413) fail(res, 413, "the body is larger than this server accepts (--max-body)");
        else if (res.status == 400) fail(res, 400, "malformed HTTP request");
    });
    http_->set_logger([this](const httplib::Request& req, const httplib::Response& res) {
        std::string route = req.path;
        if (route != "/v1/completions" && route != "/v1/models" && route != "/infill" && route != "/health" && route != "/metrics" &&
            route != "/empower/v1/model" && route != "/empower/v1/generate")
            route = req.method == "POST" && res.status != 404 ? "/ (tab_frontend)" : "other";
        metrics_.count_request(route, res.status);
    });

    // An answer in one piece: a client that left gets nginx's 499 and no body.
    auto complete = [this](CompletionJob job, const httplib::Request& req, httplib::Response& res) -> std::optional<CompletionOutcome> {
        const ConnectionWatch watch(req.local_addr, req.local_port, req.remote_addr, req.remote_port);
        auto outcome = run_watched(std::move(job), watch);
        if (outcome.cancelled) {
            res.status = kClientClosedRequest;
            return std::nullopt;
        }
        return outcome;
    };

    http_->Get("/health", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(json_text({{"status", "ok"},
                                   {"model", model_->name()},
                                   {"weights", model_->weights_provenance()},
                                   {"policy", policy().label()},
                                   {"waiting", service_.waiting()}}),
                        kJson);
    });
    http_->Get("/metrics", [this](const httplib::Request&, httplib::Response& res) {
        res.set_content(metrics_.prometheus_text(model_ != nullptr), "text/plain; version=0.0.4");
    });
    http_->Get("/v1/models", [this](const httplib::Request&, httplib::Response& res) { res.set_content(json_text(openai_models(model_->name())), kJson); });

    http_->Post("/v1/completions", [this, complete](const httplib::Request& req, httplib::Response& res) {
        const auto call = openai_call(req.body, policy());
        const auto tokens = prompt_tokens(*model_, call.job);
        static std::atomic<std::uint64_t> next_id{1};
        const OpenAiReplyContext context{"cmpl-" + std::to_string(next_id++), model_->name(),
                                         std::chrono::duration_cast<std::chrono::seconds>(std::chrono::system_clock::now().time_since_epoch()).count(),
                                         tokens};
        if (call.stream && !call.logprobs) {
            stream_completion(call, context, req, res);
            return;
        }
        const auto outcome = complete(call.job, req, res);
        if (!outcome) return;
        const auto served = served_completion(outcome->suggestion, model_->tokenizer(), call.stop);
        if (call.stream)
            res.set_content(openai_event_stream(call, served, outcome->suggestion, context), "text/event-stream");
        else
            res.set_content(json_text(openai_completion(call, served, outcome->suggestion, context)), kJson);
    });
    http_->Post("/infill", [this, complete](const httplib::Request& req, httplib::Response& res) {
        const auto call = infill_call(req.body, policy());
        const auto tokens = prompt_tokens(*model_, call.job);
        const auto outcome = complete(call.job, req, res);
        if (!outcome) return;
        const auto served = served_completion(outcome->suggestion, model_->tokenizer(), call.stop);
        res.set_content(json_text(infill_response(call, served, outcome->suggestion, model_->name(), tokens)), kJson);
    });
    // A workstation's remote model (serve/remote_language_model.h): what it needs to tokenize as
    // this server does, then raw generation on its own session; the Empower logic runs there.
    http_->Get("/empower/v1/model", [this](const httplib::Request&, httplib::Response& res) {
        std::call_once(card_once_, [this] {
            ServedModelCard card{model_->name(), model_->device(), model_->weight_format(), model_->weights_provenance(),
                                 model_->context_length(), model_->sequence_template(), model_->tokenizer().to_json_text()};
            card_json_ = json_text(model_card_json(card));
        });
        res.set_content(card_json_, kJson);
    });
    http_->Post("/empower/v1/generate", [this](const httplib::Request& req, httplib::Response& res) {
        const auto body = parse_body(req.body);
        if (!body.is_object()) throw HttpError(400, "the body must be a JSON object with \"client\", \"context\" and \"options\"");
        GenerationJob job;
        job.client = string_field(body, "client").value_or("");
        if (!body.contains("context") || !body.at("context").is_array()) throw HttpError(400, "\"context\" must be an array of token ids");
        const int vocab = model_->tokenizer().vocab_size();
        job.context = token_ids_field(body, "context", vocab);
        job.options = generation_options_from_json(body.contains("options") ? body.at("options") : nlohmann::json::object(), vocab);
        const ConnectionWatch watch(req.local_addr, req.local_port, req.remote_addr, req.remote_port);
        const auto start = std::chrono::steady_clock::now();
        const auto outcome = service_.run_generation(std::move(job), [&] { return watch.closed(); });
        metrics_.observe_latency(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
        if (outcome.cancelled) {
            res.status = kClientClosedRequest;
            return;
        }
        res.set_content(json_text(generation_json(outcome.generation)), kJson);
    });
    // tab_frontend lists servers by URL in assistants.json; any path ending in '/' is one.
    http_->Post(R"(/|/.*/)", [this, complete](const httplib::Request& req, httplib::Response& res) {
        const std::string prefix = tab_frontend_prefix(req.body);
        CompletionJob job;
        job.prefix = prefix;
        job.policy = policy();
        const auto outcome = complete(std::move(job), req, res);
        if (!outcome) return;
        res.set_content(tab_frontend_reply(prefix, served_completion(outcome->suggestion, model_->tokenizer(), {})), kJson);
    });
}

CompletionOutcome HttpServer::run_watched(CompletionJob job, const ConnectionWatch& watch, const std::function<bool()>& poll,
                                          std::function<void(std::string_view)> on_final_text) {
    const auto start = std::chrono::steady_clock::now();
    job.policy.lookahead = 1.0;  // nobody moves η after the answer: stop generating at the cut
    auto outcome = service_.run(
        std::move(job), [&] { return (poll && poll()) || watch.closed(); }, {}, std::move(on_final_text));
    metrics_.observe_latency(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
    return outcome;
}

void HttpServer::stream_completion(const OpenAiCall& call, const OpenAiReplyContext& context, const httplib::Request& req,
                                   httplib::Response& res) {
    // Refused before the 200 and its headers go out, while a status can still say so.
    if (service_.waiting() >= options_.max_waiting)
        throw HttpError(503, "the model is busy: " + std::to_string(service_.waiting()) + " requests are waiting (--max-waiting); try again");
    const std::string local_addr = req.local_addr, remote_addr = req.remote_addr;
    const int local_port = req.local_port, remote_port = req.remote_port;
    res.set_chunked_content_provider("text/event-stream", [=, this](std::size_t, httplib::DataSink& sink) {
        const ConnectionWatch watch(local_addr, local_port, remote_addr, remote_port);
        bool gone = false;
        const auto send = [&](const std::string& events) {
            if (!gone && !events.empty() && !sink.write(events.data(), events.size())) gone = true;
        };
        // Pieces of final text come from the model's thread; this thread sends them while it
        // waits for the job (run() wakes it as each arrives), through the stop-string/UTF-8
        // holdback — one event per piece, however many arrived before this thread ran.
        std::mutex arrived_mutex;
        std::vector<std::string> arrived;
        StreamHoldback holdback(call.stop);
        const auto send_arrived = [&] {
            std::vector<std::string> pieces;
            {
                std::lock_guard lock(arrived_mutex);
                pieces.swap(arrived);
            }
            for (const auto& piece : pieces)
                if (const auto text = holdback.push(piece); !text.empty()) send(openai_text_event(context, text));
        };
        if (call.echo) send(openai_text_event(context, call.job.prefix));
        try {
            const auto outcome = run_watched(
                call.job, watch,
                [&] {
                    send_arrived();
                    return gone;
                },
                [&](std::string_view piece) {
                    std::lock_guard lock(arrived_mutex);
                    arrived.emplace_back(piece);
                });
            if (outcome.cancelled) return false;  // the client left: close without an ending
            send_arrived();
            const auto served = served_completion(outcome.suggestion, model_->tokenizer(), call.stop);
            send(openai_stream_end(call, served, outcome.suggestion, context, holdback.finish(served.text)));
        } catch (const HttpError& e) {
            send("data: " + json_text(openai_error(e.status(), e.what())) + "\n\ndata: [DONE]\n\n");
        } catch (const std::exception& e) {
            send("data: " + json_text(openai_error(500, e.what())) + "\n\ndata: [DONE]\n\n");
        }
        sink.done();
        return !gone;
    });
}

}  // namespace ew::serve

// `empower serve`: the assistant over HTTP for other editors (core/serve/http_server.h). Prints one
// line when it listens (with the port, which --port 0 chooses), serves until SIGINT or SIGTERM,
// then stops the running request between tokens, drops the waiting ones and exits 0.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/serve_support.h"
#include "serve/http_server.h"
#include "support/error.h"

#include <iostream>

namespace ew::cli {

void register_serve(CLI::App& app) {
    struct Args {
        std::string model, policy = "empower", units = "nats", host = "127.0.0.1", api_key, weights = "auto";
        double eta = 8.0;
        int port = 8080, max_tokens = 64, context_tokens = 1024, threads = 0, read_timeout = 5;
        std::size_t max_waiting = 16, max_sessions = 4, max_body = 4u << 20;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("serve", "Serve an Empower assistant over HTTP: tab_frontend, OpenAI /v1/completions, llama.cpp /infill");
    cmd->add_option("--model", a->model, "Model directory (default: the bundled model)");
    cmd->add_option("--policy", a->policy, "empower | base | base-N, optionally +instruct (a request's \"empower\" object may override)")
        ->capture_default_str();
    cmd->add_option("--eta", a->eta, "Threshold η")->capture_default_str();
    cmd->add_option("--units", a->units, "Units of η: nats or bits")->capture_default_str();
    cmd->add_option("--max-tokens", a->max_tokens, "Generation cap per request (max_tokens / n_predict may lower or raise it)")->capture_default_str();
    cmd->add_option("--context-tokens", a->context_tokens, "Tokens of context before the caret the model sees (0: all it serves)")->capture_default_str();
    cmd->add_option("--host", a->host, "Address to listen on; other than loopback needs --api-key")->capture_default_str();
    cmd->add_option("--port", a->port, "Port (0: any free one; the line printed at start says which)")->capture_default_str();
    cmd->add_option("--api-key", a->api_key, "Clients must send Authorization: Bearer <key> (all routes but /health)");
    cmd->add_option("--max-waiting", a->max_waiting, "Requests queued behind the running one; more are answered 503")->capture_default_str();
    cmd->add_option("--max-sessions", a->max_sessions, "KV caches kept for prefix reuse (one per client: its `user`, else the text it continues)")->capture_default_str();
    cmd->add_option("--max-body", a->max_body, "Largest request body in bytes (413 above)")->capture_default_str();
    cmd->add_option("--read-timeout", a->read_timeout, "Seconds a client may stall mid-request or idle on keep-alive")->capture_default_str();
    cmd->add_option("--threads", a->threads, "CPU threads (0: one per physical core, or OMP_NUM_THREADS when set)");
    add_weights_option(cmd, a->weights);
    cmd->callback([a] {
        auto policy = empower::SuggestionPolicy::parse(a->policy);
        if (!policy) throw Error("--policy must be empower, base or base-N (N > 0), not \"" + a->policy + "\"");
        if (policy->adaptive)
            throw Error("--policy empower-auto learns from what a user keeps of each suggestion, which a server does not see; "
                        "serve --policy empower --eta X");
        const auto unit = empower::parse_unit(a->units);
        if (!unit) throw Error("--units must be nats or bits, not \"" + a->units + "\"");
        if (a->max_tokens <= 0) throw Error("--max-tokens must be positive");
        if (a->context_tokens < 0) throw Error("--context-tokens must be 0 (all) or positive");
        if (a->max_waiting < 1) throw Error("--max-waiting must be at least 1");
        if (a->read_timeout < 1) throw Error("--read-timeout must be at least 1 second");
        policy->eta = a->eta;
        policy->unit = *unit;
        policy->max_tokens = a->max_tokens;
        policy->context_tokens = a->context_tokens;
        serve::ServeOptions options;
        options.host = a->host;
        options.port = a->port;
        options.api_key = a->api_key;
        options.policy = *policy;
        options.max_waiting = a->max_waiting;
        options.max_sessions = a->max_sessions;
        options.max_body_bytes = a->max_body;
        options.read_timeout_s = a->read_timeout;
        serve::check_exposure(options);  // before the model loads

        const auto stop_signals = block_stop_signals();  // before the model's threads start
        auto model = load_model_or_default(a->model, a->threads, a->weights, policy->reach_tokens() * std::max<std::size_t>(1, a->max_sessions));
        serve::HttpServer server(model, options);
        const int port = server.bind();
        std::cout << "empower serve: listening on http://" << (options.host.find(':') != std::string::npos ? "[" + options.host + "]" : options.host)
                  << ":" << port << " (model " << model->name() << ", " << model->weights_provenance() << "; " << policy->label() << ")"
                  << std::endl;
        serve_until_stopped({&server}, stop_signals);
        std::cerr << "empower serve: stopped\n";
    });
}

}  // namespace ew::cli

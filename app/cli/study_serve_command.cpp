// `empower study serve`: a study design's assistant arms served to the paper's own study editor
// (festusev/tab_frontend), so a study can be run there and its logs brought back with `study
// import-tab`. One server per arm on consecutive ports (or free ones), each with the arm's model
// and policy, and an assistants.json naming each arm's URL for the editor to list — the editor
// shows them to participants as "Assistant 1, 2, ..." and writes which was which to
// mapping_do_not_read.json under these names, which is what import-tab reads back. Serves until
// SIGINT or SIGTERM, like `empower serve`.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "cli/serve_support.h"
#include "serve/http_server.h"
#include "study/study_design.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/json_text.h"

#include <iostream>
#include <memory>

namespace ew::cli {

namespace {

// The arm's suggestion policy as its server serves it; refuses arms a server cannot serve.
empower::SuggestionPolicy arm_policy(const study::Arm& arm, int context_tokens) {
    if (arm.policy == "imported") throw Error("arm \"" + arm.name + "\" is imported from tab_frontend logs: there is nothing to serve");
    if (!arm.server.empty())
        throw Error("arm \"" + arm.name + "\" takes its model from " + arm.server + ": study serve runs the arms whose model is on this machine");
    auto policy = empower::SuggestionPolicy::parse(arm.policy);
    if (!policy) throw Error("arm \"" + arm.name + "\" has an unknown policy \"" + arm.policy + "\"");
    if (policy->adaptive)
        throw Error("arm \"" + arm.name + "\" is empower-auto, which learns from what each participant keeps; a server does not see that, "
                    "so run that arm in the workbench's participant window");
    policy->eta = arm.eta;  // designs give η in nats
    policy->unit = empower::NllUnit::Nats;
    policy->max_tokens = arm.max_tokens;
    policy->context_tokens = context_tokens;
    return *policy;
}

}  // namespace

void register_study_serve(CLI::App& app) {
    struct Args {
        std::string design, host = "127.0.0.1", api_key, weights = "auto", assistants = "assistants.json";
        int first_port = 9532, threads = 0, context_tokens = 1024;
        std::size_t max_waiting = 16, max_sessions = 4;
    };
    auto a = std::make_shared<Args>();
    auto* study_cmd = app.get_subcommand("study");
    auto* cmd = study_cmd->add_subcommand("serve", "Serve a design's arms to tab_frontend (one port each) and write its assistants.json");
    cmd->add_option("--design", a->design, "Study design JSON")->required();
    cmd->add_option("--first-port", a->first_port, "Port of the first arm; the others follow it (0: free ports)")->capture_default_str();
    cmd->add_option("--host", a->host, "Address to listen on; other than loopback needs --api-key")->capture_default_str();
    cmd->add_option("--api-key", a->api_key, "Clients must send Authorization: Bearer <key>");
    cmd->add_option("--assistants", a->assistants, "Where to write tab_frontend's assistants.json")->capture_default_str();
    cmd->add_option("--context-tokens", a->context_tokens, "Tokens of context before the caret the model sees (0: all)")->capture_default_str();
    cmd->add_option("--max-waiting", a->max_waiting, "Requests queued per arm behind the running one; more are answered 503")->capture_default_str();
    cmd->add_option("--max-sessions", a->max_sessions, "KV caches kept per arm for prefix reuse")->capture_default_str();
    cmd->add_option("--threads", a->threads, "CPU threads (0: one per physical core, or OMP_NUM_THREADS when set)");
    add_weights_option(cmd, a->weights);
    cmd->callback([a] {
        study::StudyDesign design;
        try {
            design = study::StudyDesign::from_json(nlohmann::json::parse(read_file(a->design)), a->design);
        } catch (const nlohmann::json::exception& e) {
            fail_file(a->design, std::string("not valid JSON (") + e.what() + ")");
        }
        if (a->first_port < 0 || a->first_port + static_cast<int>(design.arms.size()) - 1 > 65535)
            throw Error("--first-port leaves no room for " + std::to_string(design.arms.size()) + " arms");
        if (a->max_waiting < 1) throw Error("--max-waiting must be at least 1");
        std::vector<serve::ServeOptions> options;
        for (std::size_t i = 0; i < design.arms.size(); ++i) {
            serve::ServeOptions o;
            o.host = a->host;
            o.port = a->first_port == 0 ? 0 : a->first_port + static_cast<int>(i);
            o.api_key = a->api_key;
            o.policy = arm_policy(design.arms[i], a->context_tokens);  // every arm checked before any model loads
            o.max_waiting = a->max_waiting;
            o.max_sessions = a->max_sessions;
            serve::check_exposure(o);
            options.push_back(o);
        }

        const auto stop_signals = block_stop_signals();  // before the models' threads start
        std::vector<std::unique_ptr<serve::HttpServer>> servers;
        auto assistants = nlohmann::json::array();
        const std::string host = a->host.find(':') != std::string::npos ? "[" + a->host + "]" : a->host;
        for (std::size_t i = 0; i < design.arms.size(); ++i) {
            const auto& arm = design.arms[i];
            // Arms of one model share it (lm/model_registry.h): loaded once, held once.
            auto model = load_model_or_default(arm.model, a->threads, a->weights,
                                               options[i].policy.reach_tokens() * std::max<std::size_t>(1, a->max_sessions));
            servers.push_back(std::make_unique<serve::HttpServer>(model, options[i]));
            const int port = servers.back()->bind();
            const std::string url = "http://" + host + ":" + std::to_string(port);
            assistants.push_back({{"name", arm.name}, {"url", url}});
            std::cout << "empower study serve: arm \"" << arm.name << "\" on " << url << " (model " << model->name() << ", "
                      << model->weights_provenance() << "; " << options[i].policy.label() << ")" << std::endl;
        }
        // Written once every arm listens, so an editor started on it finds them all.
        write_file_atomic(a->assistants, json_text(assistants, 2) + "\n");
        std::cout << "empower study serve: wrote " << a->assistants << " for tab_frontend" << std::endl;
        std::vector<serve::HttpServer*> running;
        for (auto& s : servers) running.push_back(s.get());
        serve_until_stopped(running, stop_signals);
        std::cerr << "empower study serve: stopped\n";
    });
}

}  // namespace ew::cli

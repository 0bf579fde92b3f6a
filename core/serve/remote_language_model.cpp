#include "serve/remote_language_model.h"

#include "serve/generation_wire.h"
#include "support/error.h"
#include "support/file_io.h"

#include <httplib.h>
#include <nlohmann/json.hpp>

#include <atomic>
#include <chrono>
#include <random>
#include <thread>

namespace ew::serve {

RemoteEndpoint parse_remote_endpoint(const std::string& url) {
    const std::string scheme = "http://";
    if (url.rfind("https://", 0) == 0)
        throw Error(url + ": https is not supported; serve on the study network with --api-key, or reach the server through an SSH tunnel (http://127.0.0.1:PORT)");
    if (url.rfind(scheme, 0) != 0) throw Error(url + ": a served model's address is http://host:port");
    RemoteEndpoint e;
    e.url = url;
    std::string rest = url.substr(scheme.size());
    if (const auto slash = rest.find('/'); slash != std::string::npos) {
        e.path_prefix = rest.substr(slash);
        while (!e.path_prefix.empty() && e.path_prefix.back() == '/') e.path_prefix.pop_back();
        rest.resize(slash);
    }
    if (rest.empty()) throw Error(url + ": no host");
    std::string port_text;
    if (rest.front() == '[') {  // [::1]:9532
        const auto close = rest.find(']');
        if (close == std::string::npos) throw Error(url + ": an IPv6 address without its ']'");
        e.host = rest.substr(1, close - 1);
        if (close + 1 < rest.size()) {
            if (rest[close + 1] != ':') throw Error(url + ": expected ':' and a port after the address");
            port_text = rest.substr(close + 2);
        }
    } else if (const auto colon = rest.rfind(':'); colon != std::string::npos) {
        e.host = rest.substr(0, colon);
        port_text = rest.substr(colon + 1);
    } else {
        e.host = rest;
    }
    if (!port_text.empty()) {
        std::size_t used = 0;
        int port = -1;
        try {
            port = std::stoi(port_text, &used);
        } catch (const std::exception&) {
        }
        if (used != port_text.size() || port < 1 || port > 65535) throw Error(url + ": \"" + port_text + "\" is not a port (1-65535)");
        e.port = port;
    }
    if (e.host.empty()) throw Error(url + ": no host");
    return e;
}

namespace {

constexpr const char* kJson = "application/json";

httplib::Headers auth_headers(const std::string& api_key) {
    if (api_key.empty()) return {};
    return {{"Authorization", "Bearer " + api_key}};
}

std::unique_ptr<httplib::Client> new_client(const RemoteEndpoint& endpoint) {
    auto client = std::make_unique<httplib::Client>(endpoint.host, endpoint.port);
    client->set_connection_timeout(5, 0);
    // A cold prefill of a long file on a large model takes a while; cancelling does not wait for this.
    client->set_read_timeout(600, 0);
    client->set_write_timeout(30, 0);
    client->set_keep_alive(true);
    client->set_tcp_nodelay(true);
    return client;
}

// "<url>: <what the server said>" — the server's errors are JSON with a one-line message.
[[noreturn]] void refuse(const RemoteEndpoint& endpoint, const httplib::Result& res) {
    if (!res) throw Error(endpoint.url + ": " + httplib::to_string(res.error()) + " (is `empower serve` running there?)");
    std::string message;
    try {
        message = nlohmann::json::parse(res->body).at("error").at("message").get<std::string>();
    } catch (const std::exception&) {
        message = res->body.substr(0, 200);
    }
    if (res->status == 404) message = "not an Empower server with remote generation (" + message + ")";
    throw Error(endpoint.url + ": HTTP " + std::to_string(res->status) + ": " + message);
}

nlohmann::json parse_answer(const RemoteEndpoint& endpoint, const std::string& body) {
    try {
        return nlohmann::json::parse(body);
    } catch (const nlohmann::json::exception&) {
        throw Error(endpoint.url + ": the answer is not JSON");
    }
}

std::string new_client_id() {
    static std::atomic<std::uint64_t> counter{0};
    std::random_device device;
    const std::uint64_t random = (static_cast<std::uint64_t>(device()) << 32) ^ device();
    return "remote-" + to_hex(std::string_view(reinterpret_cast<const char*>(&random), sizeof random)) + "-" + std::to_string(++counter);
}

class RemoteSession final : public lm::GenerationSession {
public:
    RemoteSession(RemoteEndpoint endpoint, std::string api_key)
        : endpoint_(std::move(endpoint)), headers_(auth_headers(api_key)), client_(new_client(endpoint_)), id_(new_client_id()) {}

    lm::Generation generate(std::span<const lm::TokenId> context, const lm::GenerationOptions& options,
                            const std::atomic<bool>* cancel) override {
        lm::Generation cancelled;
        cancelled.stop_reason = lm::StopReason::Cancelled;
        if (cancel && cancel->load()) return cancelled;
        const nlohmann::json body = {{"client", id_},
                                     {"context", std::vector<lm::TokenId>(context.begin(), context.end())},
                                     {"options", generation_options_json(options)}};
        // Cancelling closes the connection (httplib's stop() from another thread); the server
        // notices and stops between tokens. Repeated until the call returns, in case it came
        // between two requests on the keep-alive socket.
        std::atomic<bool> done{false};
        std::thread watcher;
        if (cancel)
            watcher = std::thread([&] {
                while (!done.load()) {
                    if (cancel->load()) client_->stop();
                    std::this_thread::sleep_for(std::chrono::milliseconds(5));
                }
            });
        auto res = client_->Post(endpoint_.path_prefix + "/empower/v1/generate", headers_, body.dump(), kJson);
        done = true;
        if (watcher.joinable()) watcher.join();
        if (cancel && cancel->load()) return cancelled;
        if (!res || res->status != 200) refuse(endpoint_, res);
        auto generation = generation_from_json(parse_answer(endpoint_, res->body));
        if (options.on_token)
            for (const auto& t : generation.tokens) options.on_token(t);
        return generation;
    }

    // The server forgets the old session's cache when it runs out of room for sessions (LRU).
    void reset() override { id_ = new_client_id(); }

private:
    RemoteEndpoint endpoint_;
    httplib::Headers headers_;
    std::unique_ptr<httplib::Client> client_;
    std::string id_;
};

class RemoteLanguageModel final : public lm::LanguageModel {
public:
    RemoteLanguageModel(RemoteEndpoint endpoint, std::string api_key, ServedModelCard card)
        : endpoint_(std::move(endpoint)),
          api_key_(std::move(api_key)),
          card_(std::move(card)),
          tokenizer_(text::BpeTokenizer::from_json_text(card_.tokenizer_json, endpoint_.url + " (tokenizer)")) {
        card_.tokenizer_json.clear();  // held as the tokenizer now
    }

    const text::BpeTokenizer& tokenizer() const override { return tokenizer_; }
    const text::SequenceTemplate& sequence_template() const override { return card_.sequence_template; }
    std::string name() const override { return card_.name + " @ " + endpoint_.url; }
    std::string device() const override { return card_.device + ", served by " + endpoint_.url; }
    std::string weight_format() const override { return card_.weight_format; }
    std::string weights_provenance() const override { return card_.weights_provenance; }
    int context_length() const override { return card_.context_length; }

    std::vector<std::vector<lm::ScoredToken>> score(std::span<const lm::ScoreRequest>, int) const override {
        throw Error("the model served by " + endpoint_.url + " generates only; scoring (the heat map, `score`, evaluations) needs a local model");
    }

    std::unique_ptr<lm::GenerationSession> new_session() const override { return std::make_unique<RemoteSession>(endpoint_, api_key_); }

private:
    RemoteEndpoint endpoint_;
    std::string api_key_;
    ServedModelCard card_;
    text::BpeTokenizer tokenizer_;
};

}  // namespace

std::shared_ptr<const lm::LanguageModel> connect_remote_model(const std::string& url, const std::string& api_key) {
    auto endpoint = parse_remote_endpoint(url);
    auto client = new_client(endpoint);
    client->set_read_timeout(60, 0);
    auto res = client->Get(endpoint.path_prefix + "/empower/v1/model", auth_headers(api_key));
    if (!res || res->status != 200) refuse(endpoint, res);
    ServedModelCard card;
    try {
        card = model_card_from_json(parse_answer(endpoint, res->body));
    } catch (const Error& e) {
        throw Error(endpoint.url + ": " + e.what());
    }
    return std::make_shared<RemoteLanguageModel>(std::move(endpoint), api_key, std::move(card));
}

std::string read_api_key_file(const std::string& path) {
    std::string key = read_file(path);
    while (!key.empty() && (key.back() == '\n' || key.back() == '\r' || key.back() == ' ' || key.back() == '\t')) key.pop_back();
    if (key.empty()) throw Error(path + ": the API key file is empty");
    return key;
}

}  // namespace ew::serve

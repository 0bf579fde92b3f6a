// A model served by `empower serve` and used from another process as a LanguageModel
// (serve/remote_language_model.h), over real loopback HTTP: the suggestions a workstation makes
// with it equal, token for token, those of the same model in process; the server keeps each
// remote session's KV cache; cancelling closes the connection and frees the server's model at once;
// every failure is one line naming the server.
#include "empower/suggestion_policy.h"
#include "serve/generation_wire.h"
#include "serve/http_error.h"
#include "serve/http_server.h"
#include "serve/remote_language_model.h"
#include "support/error.h"
#include "support/tiny_model.h"

#include <QtTest>

#include <chrono>
#include <thread>

using namespace ew;

namespace {

// One server on a free loopback port, listening on a thread of its own while it lives.
struct RunningServer {
    serve::HttpServer server;
    int port = 0;
    std::thread thread;
    RunningServer(std::shared_ptr<const lm::LanguageModel> model, std::string api_key = {})
        : server(std::move(model), [&] {
              serve::ServeOptions o;
              o.port = 0;
              o.api_key = std::move(api_key);
              return o;
          }()) {
        port = server.bind();
        thread = std::thread([this] { server.listen(); });
    }
    ~RunningServer() {
        server.stop();
        thread.join();
    }
    std::string url() const { return "http://127.0.0.1:" + std::to_string(port); }
};

std::string error_of(const std::function<void()>& f) {
    try {
        f();
    } catch (const std::exception& e) {
        return e.what();
    }
    return "(no error)";
}

}  // namespace

class TestRemoteLanguageModel : public QObject {
    Q_OBJECT

private slots:
    void suggestionsEqualTheModelInProcess() {
        auto local = testing::tiny_model(3);
        RunningServer running(local);
        const auto remote = serve::connect_remote_model(running.url());
        QCOMPARE(remote->tokenizer().vocab_size(), local->tokenizer().vocab_size());
        QVERIFY(remote->sequence_template() == local->sequence_template());
        QCOMPARE(remote->context_length(), local->context_length());
        QVERIFY(remote->name().find(running.url()) != std::string::npos);
        QCOMPARE(remote->weights_provenance(), local->weights_provenance());

        auto localSession = local->new_session();
        auto remoteSession = remote->new_session();
        // Typing on: each prefix continues the last (the server's cache for this session), one
        // ends inside a word (healing backs up typed bytes: required_prefix on the wire).
        const std::vector<std::string> prefixes = {"def add(a, b):\n    ", "def add(a, b):\n    return a", "def add(a, b):\n    return a + b\n\nfor i in ra"};
        const std::vector<std::string> policies = {"empower", "base-8", "empower"};
        for (std::size_t i = 0; i < prefixes.size(); ++i) {
            auto policy = *empower::SuggestionPolicy::parse(policies[i]);
            policy.eta = 3.0;
            policy.max_tokens = 24;
            const empower::SuggestRequest request{prefixes[i], policy, 3, nullptr};
            bool earlyLocal = false, earlyRemote = false;
            auto localRequest = request, remoteRequest = request;
            localRequest.on_cut_final = [&](const empower::Suggestion&) { earlyLocal = true; };
            remoteRequest.on_cut_final = [&](const empower::Suggestion&) { earlyRemote = true; };
            const auto want = empower::suggest(*local, *localSession, localRequest);
            const auto got = empower::suggest(*remote, *remoteSession, remoteRequest);
            QCOMPARE(got.text, want.text);
            QCOMPARE(got.cut, want.cut);
            QCOMPARE(got.typed_prefix, want.typed_prefix);
            QCOMPARE(got.typed_tokens, want.typed_tokens);
            QCOMPARE(got.stop_reason, want.stop_reason);
            QCOMPARE(got.tokens.size(), want.tokens.size());
            for (std::size_t t = 0; t < want.tokens.size(); ++t) {
                QCOMPARE(got.tokens[t].id, want.tokens[t].id);
                QVERIFY(got.tokens[t].logprob == want.tokens[t].logprob);  // floats travel exactly
                QCOMPARE(got.tokens[t].top.size(), want.tokens[t].top.size());
                for (std::size_t k = 0; k < want.tokens[t].top.size(); ++k) QCOMPARE(got.tokens[t].top[k].id, want.tokens[t].top[k].id);
            }
            QVERIFY(got.cumulative_nll == want.cumulative_nll);
            QCOMPARE(earlyRemote, earlyLocal);  // the editor's early ghost text is called for here too
            if (i > 0) QVERIFY2(got.reused_prefix_tokens > 0, "the server kept this session's KV cache");
            QCOMPARE(got.reused_prefix_tokens, want.reused_prefix_tokens);
        }
        // score() is the one thing a served model does not do, and says so.
        const std::vector<lm::ScoreRequest> requests(1);
        QVERIFY(error_of([&] { remote->score(requests, 0); }).find("generates only") != std::string::npos);
    }

    void cancellingClosesTheConnectionAndFreesTheServer() {
        // Slow enough that a generation nobody cancels takes minutes: full recomputation (no KV
        // cache) over ~1,000 tokens of context for each of 1,000 tokens.
        auto tok = testing::tiny_tokenizer();
        auto config = testing::tiny_config(tok.vocab_size());
        config.hidden_size = 256;
        config.intermediate_size = 1024;
        config.num_hidden_layers = 6;
        config.num_attention_heads = 8;
        config.num_key_value_heads = 4;
        config.max_position_embeddings = 2304;
        auto local = lm::TransformerLanguageModel::create_random(config, std::move(tok), 5, "slow");
        RunningServer running(local);
        const auto remote = serve::connect_remote_model(running.url());

        std::vector<lm::TokenId> context;
        while (context.size() < 1000) {
            const auto ids = remote->tokenizer().encode("def step(state, action):\n    return state + action\n");
            context.insert(context.end(), ids.begin(), ids.end());
        }
        context.resize(1000);
        lm::GenerationOptions slow;
        slow.max_new_tokens = 1000;
        slow.use_kv_cache = false;
        slow.stop_at_end_of_text = false;
        std::atomic<bool> cancel{false};
        auto session = remote->new_session();
        std::thread canceller([&] {
            std::this_thread::sleep_for(std::chrono::milliseconds(400));
            cancel = true;
        });
        const auto started = std::chrono::steady_clock::now();
        const auto cancelled = session->generate(context, slow, &cancel);
        const double returnedAfterS = std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
        canceller.join();
        QCOMPARE(cancelled.stop_reason, lm::StopReason::Cancelled);
        QVERIFY2(returnedAfterS < 5.0, qPrintable(QString("returned %1 s after the call").arg(returnedAfterS)));
        // The server saw the connection close and stopped: the model is free for the next request.
        QTRY_VERIFY_WITH_TIMEOUT(running.server.metrics().cancellations() >= 1, 10000);
        lm::GenerationOptions quick;
        quick.max_new_tokens = 3;
        quick.stop_at_end_of_text = false;
        const auto before = std::chrono::steady_clock::now();
        const auto next = remote->new_session()->generate(std::span(context).first(20), quick);
        QCOMPARE(next.tokens.size(), std::size_t{3});
        QVERIFY(std::chrono::steady_clock::now() - before < std::chrono::seconds(20));
    }

    void failuresAreOneLineNamingTheServer() {
        auto local = testing::tiny_model(3);
        {
            RunningServer keyed(local, "sesame");
            const auto noKey = error_of([&] { serve::connect_remote_model(keyed.url()); });
            QVERIFY2(noKey.find(keyed.url() + ": HTTP 401") == 0, noKey.c_str());
            QVERIFY(serve::connect_remote_model(keyed.url(), "sesame") != nullptr);
        }
        // Nothing listens there any more.
        int freePort = 0;
        {
            RunningServer gone(local);
            freePort = gone.port;
        }
        const auto refused = error_of([&] { serve::connect_remote_model("http://127.0.0.1:" + std::to_string(freePort)); });
        QVERIFY2(refused.find("is `empower serve` running there?") != std::string::npos, refused.c_str());
        QVERIFY(refused.find('\n') == std::string::npos);
        QVERIFY(error_of([&] { serve::parse_remote_endpoint("https://gpu:9532"); }).find("https is not supported") != std::string::npos);
        QVERIFY(error_of([&] { serve::parse_remote_endpoint("gpu:9532"); }).find("http://host:port") != std::string::npos);
        QVERIFY(error_of([&] { serve::parse_remote_endpoint("http://gpu:95x"); }).find("not a port") != std::string::npos);
        const auto v6 = serve::parse_remote_endpoint("http://[::1]:9532/arm-a/");
        QCOMPARE(v6.host, std::string("::1"));
        QCOMPARE(v6.port, 9532);
        QCOMPARE(v6.path_prefix, std::string("/arm-a"));
        QCOMPARE(serve::parse_remote_endpoint("http://gpu-box").port, 80);
    }

    void wireFormatKeepsBytesAndRefusesNonsense() {
        lm::GenerationOptions o;
        o.max_new_tokens = 17;
        o.max_context_tokens = 512;
        o.temperature = 0.5f;
        o.top_p = 0.9f;
        o.seed = 42;
        o.stop_strings = {"\n\n", std::string("\xe2\x82", 2)};  // half a UTF-8 character
        o.stop_token_ids = {3, 5};
        o.top_k_alternatives = 4;
        o.required_prefix = std::string("ra\xc3", 3);
        o.stop_above_cumulative_nll = 7.5;
        const auto back = serve::generation_options_from_json(nlohmann::json::parse(serve::generation_options_json(o).dump()), 100);
        QCOMPARE(back.max_new_tokens, 17);
        QCOMPARE(back.max_context_tokens, 512);
        QCOMPARE(back.temperature, 0.5f);
        QCOMPARE(back.top_p, 0.9f);
        QCOMPARE(back.seed, std::uint64_t{42});
        QVERIFY(back.stop_strings == o.stop_strings);
        QVERIFY(back.stop_token_ids == o.stop_token_ids);
        QCOMPARE(back.top_k_alternatives, 4);
        QCOMPARE(back.required_prefix, o.required_prefix);
        QCOMPARE(back.stop_above_cumulative_nll, 7.5);
        QVERIFY(std::isinf(serve::generation_options_from_json(serve::generation_options_json(lm::GenerationOptions{}), 100).stop_above_cumulative_nll));

        auto status = [](const nlohmann::json& j) {
            try {
                serve::generation_options_from_json(j, 100);
            } catch (const serve::HttpError& e) {
                return e.status();
            }
            return 200;
        };
        QCOMPARE(status({{"required_prefix_hex", "zz"}}), 400);
        QCOMPARE(status({{"stop_token_ids", {100}}}), 400);
        QCOMPARE(status({{"max_new_tokens", "many"}}), 400);
        QCOMPARE(status(nlohmann::json::array()), 400);

        lm::Generation g;
        // Healing leaves impossible alternatives at -inf, which JSON cannot write as a number.
        g.tokens = {{7, -0.25f, {{7, -0.25f}, {9, -2.5f}, {11, -std::numeric_limits<float>::infinity()}}}, {9, -1.0f, {}}};
        g.stop_reason = lm::StopReason::LikelihoodBudget;
        g.reused_prefix_tokens = 12;
        g.computed_prefix_tokens = 3;
        g.typed_tokens = 1;
        g.required_prefix_done = false;
        const auto h = serve::generation_from_json(nlohmann::json::parse(serve::generation_json(g).dump()));
        QCOMPARE(h.tokens.size(), std::size_t{2});
        QCOMPARE(h.tokens[0].top[1].id, 9);
        QCOMPARE(h.tokens[0].top[1].logprob, -2.5f);
        QVERIFY(std::isinf(h.tokens[0].top[2].logprob) && h.tokens[0].top[2].logprob < 0);
        QCOMPARE(h.stop_reason, lm::StopReason::LikelihoodBudget);
        QCOMPARE(h.reused_prefix_tokens, std::int64_t{12});
        QCOMPARE(h.typed_tokens, 1);
        QVERIFY(!h.required_prefix_done);
        QVERIFY(error_of([] { serve::generation_from_json({{"tokens", 3}}); }).find("not in the expected form") != std::string::npos);
        auto huge = nlohmann::json::parse(serve::generation_json(g).dump());
        huge["tokens"][0]["id"] = 1e300;  // converting it to an int would be undefined behaviour
        QVERIFY(error_of([&] { serve::generation_from_json(huge); }).find("token id") != std::string::npos);
        serve::ServedModelCard card;
        card.context_length = 128;
        auto noContext = nlohmann::json::parse(serve::model_card_json(card).dump());
        QCOMPARE(serve::model_card_from_json(noContext).context_length, 128);
        noContext["context_length"] = 0;
        QVERIFY(error_of([&] { serve::model_card_from_json(noContext); }).find("\"context_length\" is out of range") != std::string::npos);
    }
};

QTEST_GUILESS_MAIN(TestRemoteLanguageModel)
#include "test_remote_language_model.moc"

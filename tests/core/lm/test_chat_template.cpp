// A checkpoint's own chat template, rendered by jinja2 in the helper process: where the template is
// found (tokenizer_config.json, a named "default", chat_template.jinja), the variables transformers
// passes (special tokens, add_generation_prompt, enable_thinking, a fixed date), template errors
// with their own message, a template that loops stopped by the timeout (and the renderer usable
// again), non-ASCII text intact, and a Llama-3 instruct prompt that carries exactly one BOS.
// The real templates of the paper's models are compared with an independent engine in
// tests/parity/chat_template_parity.py.
#include "empower/instruct_prompt.h"
#include "lm/chat_template.h"
#include "lm/jinja_renderer.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/tiny_model.h"

#include <QElapsedTimer>
#include <QTemporaryDir>
#include <QtTest>

using namespace ew;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
// A ChatML template in the style of Qwen's, short enough to read.
const char* kChatMl =
    "{%- for m in messages %}{{ '<|im_start|>' + m.role + '\\n' + m.content | trim + '<|im_end|>\\n' }}{%- endfor %}"
    "{%- if add_generation_prompt %}{{ '<|im_start|>assistant\\n' }}"
    "{%- if enable_thinking is defined and enable_thinking is false %}{{ '<think>\\n\\n</think>\\n\\n' }}{%- endif %}{%- endif %}";
}  // namespace

class TestChatTemplate : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path dir(const char* name) const { return fs::path(tmp_.path().toStdString()) / name; }

private slots:
    void foundWhereTransformersLooks() {
        QVERIFY(!lm::read_chat_template(dir("none"), nullptr));
        auto t = lm::read_chat_template(dir("a"), json{{"chat_template", kChatMl}, {"bos_token", nullptr}, {"eos_token", {{"content", "<|im_end|>"}}}});
        QVERIFY(t);
        QCOMPARE(t->special_tokens, (json{{"eos_token", "<|im_end|>"}}));  // a null bos_token is not passed (it would print "None")
        t = lm::read_chat_template(dir("b"), json{{"chat_template", json::array({json{{"name", "tool_use"}, {"template", "T"}}, json{{"name", "default"}, {"template", "D"}}})}});
        QCOMPARE(t->source, std::string("D"));
        fs::create_directories(dir("c"));
        write_file_atomic(dir("c") / "chat_template.jinja", "J");
        t = lm::read_chat_template(dir("c"), json::object());
        QCOMPARE(t->source, std::string("J"));
        QVERIFY(t->origin.ends_with("chat_template.jinja"));
    }

    void rendersAsApplyChatTemplate() {
        const lm::ChatTemplate t{kChatMl, "test", json::object()};
        const std::vector<lm::ChatMessage> m{{"system", "  Be brief.  "}, {"user", "héllo ✓ 名前"}};
        auto p = lm::render_chat_prompt(&t, lm::ChatFormat::None, m, "Sure:");
        QCOMPARE(QString::fromStdString(p.text),
                 QString::fromUtf8("<|im_start|>system\nBe brief.<|im_end|>\n<|im_start|>user\nhéllo ✓ 名前<|im_end|>\n"
                                   "<|im_start|>assistant\n<think>\n\n</think>\n\nSure:"));
        QVERIFY(p.engine.find("jinja2") != std::string::npos);
        p = lm::render_chat_prompt(&t, lm::ChatFormat::None, m, "", {true, ""});
        QVERIFY(p.text.ends_with("<|im_start|>assistant\n"));  // thinking on: no empty think block
        // The helper is reused: many renders are cheap after the first.
        QElapsedTimer clock;
        clock.start();
        for (int i = 0; i < 50; ++i) lm::render_chat_prompt(&t, lm::ChatFormat::None, m);
        qInfo("50 renders in %lld ms", static_cast<long long>(clock.elapsed()));
    }

    void datesAreExplicit() {
        const lm::ChatTemplate t{"{{ strftime_now('%d %b %Y') }}|{{ date_string | default('unset') }}", "test", json::object()};
        QCOMPARE(lm::render_chat_prompt(&t, lm::ChatFormat::None, {}, "", {false, "2024-07-26"}).text, std::string("26 Jul 2024|26 Jul 2024"));
        QVERIFY(lm::render_chat_prompt(&t, lm::ChatFormat::None, {}).text.ends_with("|unset"));  // the template's own default
        QVERIFY_THROWS_EXCEPTION(Error, lm::render_chat_prompt(&t, lm::ChatFormat::None, {}, "", {false, "26/07/2024"}));
    }

    void templateErrorsCarryTheirMessage() {
        const lm::ChatTemplate t{"{{ raise_exception('Conversation roles must alternate user/assistant') }}", "test", json::object()};
        try {
            lm::render_chat_prompt(&t, lm::ChatFormat::None, {{"user", "a"}});
            QFAIL("no error");
        } catch (const Error& e) {
            QVERIFY2(std::string(e.what()).find("Conversation roles must alternate") != std::string::npos, e.what());
        }
        const lm::ChatTemplate broken{"{% for x in %}", "test", json::object()};
        QVERIFY_THROWS_EXCEPTION(Error, lm::render_chat_prompt(&broken, lm::ChatFormat::None, {}));
        // The sandbox refuses what a template must not do.
        const lm::ChatTemplate escape{"{{ messages.__class__.__mro__ }}", "test", json::object()};
        QVERIFY_THROWS_EXCEPTION(Error, lm::render_chat_prompt(&escape, lm::ChatFormat::None, {}));
    }

    void aLoopingTemplateIsStoppedAndTheRendererRecovers() {
        QElapsedTimer clock;
        clock.start();
        QVERIFY_THROWS_EXCEPTION(Error, lm::render_jinja_template("{% for i in range(100000) %}{% for j in range(100000) %}{% endfor %}{% endfor %}",
                                                                  json::object(), "", 1.0));
        QVERIFY(clock.elapsed() < 30000);
        QCOMPARE(lm::render_jinja_template("{{ 1 + 1 }}", json::object()), std::string("2"));
    }

    // A Llama-3 instruct prompt written by its template starts with <|begin_of_text|> once: the
    // model adds nothing to a rendered prompt (issue 20: there used to be two).
    void llama3PromptHasOneBos() {
        auto tok = testing::tiny_tokenizer();
        auto j = json::parse(tok.to_json_text());
        int next = 0;
        for (const auto& a : j["added_tokens"]) next = std::max(next, a["id"].get<int>() + 1);
        for (const char* s : {"<|begin_of_text|>", "<|start_header_id|>", "<|end_header_id|>", "<|eot_id|>"})
            j["added_tokens"].push_back({{"id", next++}, {"content", s}, {"special", true}});
        auto llama_tok = text::BpeTokenizer::from_json_text(j.dump(), "llama-like");
        const text::TokenId bos = *llama_tok.find_added("<|begin_of_text|>");
        llama_tok.set_post_processor(text::post_processor_json({{bos}, {}, -1, {}}, llama_tok).dump());
        auto config = testing::tiny_config(llama_tok.vocab_size());
        config.bos_token_id = bos;
        config.eos_token_id = *llama_tok.find_added("<|eot_id|>");
        lm::TransformerLanguageModel::create_random(config, llama_tok, 2)->save(dir("llama"));
        write_file_atomic(dir("llama") / "tokenizer_config.json",
                          json{{"bos_token", "<|begin_of_text|>"}, {"eos_token", "<|eot_id|>"}, {"tokenizer_class", "PreTrainedTokenizerFast"},
                               {"chat_template", "{{ bos_token }}{% for m in messages %}{{ '<|start_header_id|>' + m.role + '<|end_header_id|>\\n\\n' + m.content | trim + '<|eot_id|>' }}{% endfor %}"
                                                 "{% if add_generation_prompt %}{{ '<|start_header_id|>assistant<|end_header_id|>\\n\\n' }}{% endif %}"}}
                              .dump());
        auto model = lm::TransformerLanguageModel::load(dir("llama"));
        QVERIFY(model->chat_template());
        const auto prompt = empower::instruct_prompt(*model, "x = 1", true);
        QVERIFY(prompt.engine.find("tokenizer_config.json") != std::string::npos);
        const auto ids = model->tokenizer().encode_with_added_tokens(prompt.text);
        QCOMPARE(ids.front(), bos);
        QCOMPARE(std::count(ids.begin(), ids.end(), bos), 1l);
        QCOMPARE(model->sequence_template().begin, std::vector<text::TokenId>{bos});  // plain text still gets its BOS
    }
};

QTEST_GUILESS_MAIN(TestChatTemplate)
#include "test_chat_template.moc"

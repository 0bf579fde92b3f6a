// Instruct assistants (App. D.1-D.2): chat rendering for Llama 3 and ChatML exactly as their
// templates write it, the paper's prompt and few-shot turns, parsing a reply that does or does
// not re-type the code, and suggest() on a tiny random model with ChatML tokens using exactly
// that prompt (compared against a direct generation from the rendered text).
#include "empower/instruct_prompt.h"
#include "empower/suggestion_policy.h"
#include "lm/chat_template.h"
#include "lm/token_healing.h"
#include "support/error.h"
#include "support/tiny_model.h"

#include <QtTest>

using namespace ew;
using namespace ew::empower;


class TestInstructPrompt : public QObject {
    Q_OBJECT
private slots:
    void rendersBothChatFormats() {
        const std::vector<lm::ChatMessage> m{{"system", "S"}, {"user", "U"}};
        QCOMPARE(lm::render_chat_prompt(nullptr, lm::ChatFormat::Llama3, m, "P").text,
                 std::string("<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nS<|eot_id|>"
                             "<|start_header_id|>user<|end_header_id|>\n\nU<|eot_id|>"
                             "<|start_header_id|>assistant<|end_header_id|>\n\nP"));
        QCOMPARE(lm::render_chat_prompt(nullptr, lm::ChatFormat::ChatML, m, "P").text,
                 std::string("<|im_start|>system\nS<|im_end|>\n<|im_start|>user\nU<|im_end|>\n<|im_start|>assistant\n"
                             "<think>\n\n</think>\n\nP"));
        QCOMPARE(lm::detect_chat_format(testing::tiny_chat_tokenizer()), lm::ChatFormat::ChatML);
        QCOMPARE(lm::detect_chat_format(testing::tiny_tokenizer()), lm::ChatFormat::None);
        QVERIFY_THROWS_EXCEPTION(Error, lm::render_chat_prompt(nullptr, lm::ChatFormat::None, m));
        // The fallback says it is one.
        QVERIFY(lm::render_chat_prompt(nullptr, lm::ChatFormat::ChatML, m).engine.find("no chat template") != std::string::npos);
    }

    void paperPromptAndFewShot() {
        const auto m = instruct_messages("import sys\n");
        QCOMPARE(m.size(), std::size_t(6));
        QCOMPARE(m[0].role, std::string("system"));
        QVERIFY(m[0].content.find("Please re-type the current code and then add in your suggested completion.") != std::string::npos);
        QVERIFY(m[2].content.starts_with("Here is my suggested completion:\n```python\ndef twoSum("));
        QVERIFY(m[2].content.find("complement = target - nums[i]") != std::string::npos);
        QCOMPARE(m[5].content,
                 std::string("Now it's your turn! Please provide a completion for the following code:\n```python\nimport sys\n\n```"));
        const auto forced = instruct_prompt(*testing::tiny_chat_model(), "x = 1", true).text;
        QVERIFY(forced.ends_with("<|im_start|>assistant\n<think>\n\n</think>\n\nHere is my suggested completion:\n```python\nx = 1"));
    }

    void parsesRepliesAndDetectsMissingRetype() {
        auto r = parse_instruct_reply("def f(", "Here is my suggested completion:\n```python\ndef f(x):\n    return x\n```");
        QVERIFY(r.retyped);
        QCOMPARE(r.completion, std::string("x):\n    return x"));
        QCOMPARE(r.completion_offset, std::string("Here is my suggested completion:\n```python\ndef f(").size());
        r = parse_instruct_reply("a = 1\n", "a = 1\nb = 2\n");  // no fence at all
        QVERIFY(r.retyped);
        QCOMPARE(r.completion, std::string("b = 2\n"));
        r = parse_instruct_reply("def f(x):\n", "```python\ndef f(y):\n    pass\n```");  // changed the code
        QVERIFY(!r.retyped);
        QVERIFY(r.completion.empty());
        QVERIFY(!parse_instruct_reply("a=1", "```\na = 1 + 2\n```").retyped);  // whitespace differs: not exact
    }

    void suggestUsesThePromptAndTheCut() {
        auto model = testing::tiny_chat_model(9);
        const auto& tok = model->tokenizer();
        auto policy = *SuggestionPolicy::parse("base-6+instruct");
        QVERIFY(policy.instruct && policy.instruct_forced);
        policy.heal = false;  // first the prompt exactly as rendered
        QCOMPARE(policy.label(), std::string("Base-6 · instruct"));
        const std::string code = "def add(a, b):\n    return";
        auto session = model->new_session();
        const auto s = suggest(*model, *session, {code, policy, 0, nullptr});
        QVERIFY(s.retyped);
        // The same tokens as generating straight from the rendered prompt (greedy).
        lm::GenerationOptions o;
        o.max_new_tokens = 6;
        o.stop_strings = {"```"};
        o.add_special_tokens = false;  // the rendered prompt is the whole sequence
        const auto prompt = tok.encode_with_added_tokens(instruct_prompt(*model, code, true).text);
        QVERIFY(std::count(prompt.begin(), prompt.end(), *tok.find_added("<|im_start|>")) == 7);  // special, not text
        const auto direct = model->new_session()->generate(prompt, o);
        QCOMPARE(s.tokens.size(), direct.tokens.size());
        for (std::size_t i = 0; i < s.tokens.size(); ++i) QCOMPARE(s.tokens[i].id, direct.tokens[i].id);
        // Healed, the re-typed code's tail is backed up and regenerated like any prompt's end.
        policy.heal = true;
        const auto healed = suggest(*model, *model->new_session(), {code, policy, 0, nullptr});
        const auto backed = lm::back_up_prompt(tok, prompt);
        QVERIFY(!backed.removed.empty());
        QCOMPARE(QString::fromStdString(healed.typed_prefix), QString::fromStdString(backed.removed));
        lm::GenerationOptions h = o;
        h.required_prefix = backed.removed;
        const auto healed_direct = model->new_session()->generate(backed.ids, h);
        QCOMPARE(healed.tokens.size(), healed_direct.tokens.size());
        for (std::size_t i = 0; i < healed.tokens.size(); ++i) QCOMPARE(healed.tokens[i].id, healed_direct.tokens[i].id);
        // Empower's cut applies to instruct suggestions: a tiny η keeps fewer tokens than Base.
        auto empower = *SuggestionPolicy::parse("empower+instruct");
        empower.eta = 0.01;
        empower.max_tokens = 6;
        const auto cut = suggest(*model, *model->new_session(), {code, empower, 0, nullptr});
        QVERIFY(cut.cut < 6);
        // Free mode: the random model will not re-type the code; that is reported, not shown.
        auto free_policy = *SuggestionPolicy::parse("base+instruct-free");
        free_policy.max_tokens = 4;
        const auto f = suggest(*model, *model->new_session(), {code, free_policy, 0, nullptr});
        QVERIFY(!f.retyped);
        QVERIFY(f.text.empty());
        // A base model (no chat tokens) cannot be prompted as an instruct model.
        auto base_model = testing::tiny_model();
        QVERIFY_THROWS_EXCEPTION(Error, suggest(*base_model, *base_model->new_session(), {code, policy, 0, nullptr}));
    }
};

QTEST_GUILESS_MAIN(TestInstructPrompt)
#include "test_instruct_prompt.moc"

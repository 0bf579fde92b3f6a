// The LLM human of App. D.3 on a tiny random instruct-format model: the prompts carry the
// paper's text, the question, the code and the diff; decisions are parsed from free text (the
// first action named wins, none counts as reject and is counted); writing continues the human's
// own code; an episode with it runs end to end; a base model is refused; a checkpoint's own chat
// template renders its prompts (with the date it is given), and the engine is recorded.
#include "eval/episode.h"
#include "eval/episode_log.h"
#include "eval/llm_human.h"
#include "lm/transformer_language_model.h"
#include "support/file_io.h"
#include "support/error.h"
#include "support/tiny_model.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ew;
using namespace ew::eval;


class TestLlmHuman : public QObject {
    Q_OBJECT
private slots:
    void promptsAndDecisions() {
        LlmHuman human(testing::tiny_chat_model(), "Print the sum of two numbers.", "def main():\n    pass\n", {8, 4});
        const auto appender = human.appender_prompt("import sys\n");
        QVERIFY(appender.find("You are an expert Python programmer.") != std::string::npos);
        QVERIFY(appender.find("### Question:\nPrint the sum of two numbers.") != std::string::npos);
        QVERIFY(appender.ends_with("<|im_start|>assistant\n<think>\n\n</think>\n\n```python\nimport sys\n"));
        const auto reasoning = human.acceptor_reasoning_prompt("a = 1\n", "b = 2\n");
        QVERIFY(reasoning.find("## Suggested Completion diff") != std::string::npos);
        QVERIFY(reasoning.find("  a = 1\n+ b = 2\n") != std::string::npos);
        QCOMPARE(LlmHuman::parse_decision("I will ACCEPT it."), std::optional<HumanAction>(HumanAction::Accept));
        QCOMPARE(LlmHuman::parse_decision("reject, not accept"), std::optional<HumanAction>(HumanAction::Reject));
        QCOMPARE(LlmHuman::parse_decision("\"finish\""), std::optional<HumanAction>(HumanAction::Finish));
        QVERIFY(!LlmHuman::parse_decision("maybe later"));
    }

    void runsAnEpisodeAndCountsUnparsedDecisions() {
        auto model = testing::tiny_chat_model();
        LlmHuman human(model, "Print the sum of two numbers.", "", {6, 3});
        EpisodeOptions options;
        options.human_tokens_per_turn = 4;
        options.max_rounds = 3;
        auto assistant = [](const std::string&) { return std::string("x = 1\n"); };
        const auto e = run_episode("sum", "", assistant, human, model->tokenizer(), options);
        QVERIFY(!e.steps.empty() && e.steps.size() <= 3);
        QCOMPARE(e.suggestions_shown, static_cast<int>(e.steps.size()));
        // Every decision was made; those naming no action were counted (and taken as reject).
        QVERIFY(human.unparsed_decisions() <= e.suggestions_shown);
        int rejects = 0;
        for (const auto& s : e.steps) rejects += s.action == HumanAction::Reject;
        QVERIFY(human.unparsed_decisions() <= rejects);
        QVERIFY_THROWS_EXCEPTION(Error, LlmHuman(testing::tiny_model(), "q", ""));
    }

    void promptsComeFromTheCheckpointsTemplate() {
        LlmHuman builtin(testing::tiny_chat_model(), "q", "");
        QVERIFY(builtin.prompt_engine().find("built-in chatml") != std::string::npos);

        QTemporaryDir tmp;
        const std::filesystem::path dir = tmp.path().toStdString();
        testing::tiny_chat_model()->save(dir);
        write_file_atomic(dir / "tokenizer_config.json", nlohmann::json{{"chat_template",
            "{% for m in messages %}<|im_start|>{{ m.role }}\n{{ m.content }}<|im_end|>\n{% endfor %}"
            "{% if add_generation_prompt %}<|im_start|>assistant\n[{{ strftime_now('%d %b %Y') }}]{% endif %}"}}.dump());
        LlmHumanOptions options;
        options.chat.date = "2025-03-14";
        LlmHuman human(lm::TransformerLanguageModel::load(dir), "q", "", options);
        QVERIFY(human.prompt_engine().find("tokenizer_config.json") != std::string::npos);
        QVERIFY(human.appender_prompt("x = 1\n").ends_with("<|im_start|>assistant\n[14 Mar 2025]```python\nx = 1\n"));

        Episode e;
        e.problem = "p";
        e.human_prompt = human.prompt_engine();
        e.assistant_prompt = "built-in";
        const auto path = dir / "episodes.jsonl";
        write_file_atomic(path, episode_to_json(e).dump() + "\n");
        const auto back = read_episode_log(path).at(0);
        QCOMPARE(back.human_prompt, e.human_prompt);
        QCOMPARE(back.assistant_prompt, e.assistant_prompt);
    }
};

QTEST_GUILESS_MAIN(TestLlmHuman)
#include "test_llm_human.moc"

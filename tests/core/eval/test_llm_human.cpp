// The LLM human of App. D.3 on a tiny random instruct-format model: the prompts carry the
// paper's text, the question, the code and the diff; decisions are parsed from free text (the
// first action named wins, none counts as reject and is counted); writing continues the human's
// own code; an episode with it runs end to end; a base model is refused.
#include "eval/episode.h"
#include "eval/llm_human.h"
#include "support/error.h"
#include "support/tiny_model.h"

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
};

QTEST_GUILESS_MAIN(TestLlmHuman)
#include "test_llm_human.moc"

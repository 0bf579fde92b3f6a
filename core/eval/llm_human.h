// The paper's LLM human (App. D.3): an instruct model that writes its own solution K_H tokens at
// a time (the "appender" prompt: the question, the starter code, its code so far pre-filled) and,
// when the assistant proposes, first reasons about the suggestion and then answers accept, reject
// or finish (the "acceptor" prompts, with the code, the code with the suggestion and their diff).
// An answer naming none of the three counts as reject and is counted (unparsed_decisions).
#pragma once
#include "eval/episode.h"
#include "lm/chat_template.h"
#include "lm/language_model.h"

#include <memory>
#include <optional>
#include <string>

namespace ew::eval {

struct LlmHumanOptions {
    int reasoning_tokens = 160;  // the thoughts before the decision
    int decision_tokens = 8;
    lm::ChatOptions chat;        // enable_thinking and the date its chat template sees
};

class LlmHuman : public SimulatedHuman {
public:
    // Throws ew::Error when the model has neither a chat template nor chat tokens (a base model
    // cannot follow the prompts).
    LlmHuman(std::shared_ptr<const lm::LanguageModel> model, std::string question, std::string starter, LlmHumanOptions options = {});

    Decision decide(const std::string& code, const std::string& suggestion) override;
    std::string write(const std::string& code, int tokens) override;
    bool done(const std::string& code) const override { return finished_; }

    int unparsed_decisions() const { return unparsed_; }
    // How its prompts are rendered: the checkpoint's template, or the built-in layout it fell back to.
    std::string prompt_engine() const;

    // The prompts, exposed for tests.
    std::string appender_prompt(const std::string& code) const;
    std::string acceptor_reasoning_prompt(const std::string& code, const std::string& suggestion) const;
    static std::string line_diff(const std::string& before, const std::string& after);
    static std::optional<HumanAction> parse_decision(const std::string& reply);

private:
    std::string render(const std::vector<lm::ChatMessage>& messages, const std::string& assistant_prefix = {}) const;
    std::string generate(const std::string& prompt, int max_tokens, const std::vector<std::string>& stops, lm::StopReason* why);

    std::shared_ptr<const lm::LanguageModel> model_;
    std::unique_ptr<lm::GenerationSession> session_;
    lm::ChatFormat format_;
    std::string question_, starter_;
    LlmHumanOptions options_;
    bool finished_ = false;
    int unparsed_ = 0;
};

}  // namespace ew::eval

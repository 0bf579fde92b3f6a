// The simulated-human environment of the paper's Section 3 / 5.2: each round the assistant
// proposes a completion of the current code; the human accepts, rejects or finishes; unless
// finished, the human then writes K_H tokens; at most R rounds. Every step is logged.
#pragma once
#include "text/bpe_tokenizer.h"

#include <cstdint>
#include <functional>
#include <memory>
#include <random>
#include <string>
#include <vector>

namespace ew::eval {

enum class HumanAction { Accept, Reject, Finish };
const char* to_string(HumanAction action);

struct EpisodeStep {
    int round = 0;
    std::string suggestion;       // what the assistant showed ("" = nothing shown)
    HumanAction action = HumanAction::Reject;
    std::string kept;             // accepted text that stayed (after deleting a wrong tail)
    int deleted_chars = 0;        // characters of an accepted suggestion the human deleted
    std::string written;          // what the human typed this round
    int tokens_read = 0;          // suggestion tokens the human had to read
    int tokens_written = 0;
    double eta = -1;              // empower-auto: the η (nats) this round's suggestion was cut at; -1 otherwise
};

struct Episode {
    std::string problem;
    std::string starter;          // the code the episode began from
    std::vector<EpisodeStep> steps;
    std::string final_code;
    bool passed = false;
    int suggestions_shown = 0, accepted = 0;
    int tokens_read = 0, tokens_written = 0, deleted_chars = 0;
    std::size_t suggested_chars = 0;  // total length of shown suggestions
    int unparsed_decisions = 0;       // LLM human: decisions naming no action (counted as reject)
    // How chat prompts were rendered — the checkpoint's template (with the date and thinking
    // switch it saw) or the built-in fallback — for an instruct assistant and the LLM human; empty
    // when that role does not chat. With the forced reply, each step's prompt is the template
    // applied to the code before the step, so these fix every prompt the episode sent.
    std::string assistant_prompt, human_prompt;
};

// The assistant under evaluation: a completion for the code so far ("" = no suggestion).
using Assistant = std::function<std::string(const std::string& code)>;

class SimulatedHuman {
public:
    virtual ~SimulatedHuman() = default;
    struct Decision {
        HumanAction action;
        std::string kept;  // for Accept: the part of the suggestion that stays
    };
    virtual Decision decide(const std::string& code, const std::string& suggestion) = 0;
    virtual std::string write(const std::string& code, int tokens) = 0;  // the human's own next tokens
    virtual bool done(const std::string& code) const = 0;
};

// Follows a reference solution: accepts a suggestion iff it continues the reference exactly or
// modulo whitespace, then writes the next K_H reference tokens.
class ReplayHuman : public SimulatedHuman {
public:
    ReplayHuman(std::string reference, const text::BpeTokenizer& tokenizer);
    Decision decide(const std::string& code, const std::string& suggestion) override;
    std::string write(const std::string& code, int tokens) override;
    bool done(const std::string& code) const override;

protected:
    std::string remainder(const std::string& code) const;  // reference text after `code`
    std::string reference_;
    const text::BpeTokenizer& tokenizer_;
};

// Like replay, but also accepts a partly wrong suggestion when at least `min_correct_fraction` of
// it (by characters) continues the reference, then deletes the wrong tail (counted).
class NoisyReplayHuman : public ReplayHuman {
public:
    NoisyReplayHuman(std::string reference, const text::BpeTokenizer& tokenizer, double min_correct_fraction = 0.5);
    Decision decide(const std::string& code, const std::string& suggestion) override;

private:
    double min_correct_fraction_;
};

struct EpisodeOptions {
    int human_tokens_per_turn = 10;  // K_H
    int max_rounds = 50;             // R
};

// What the human did with a shown suggestion, for an assistant that learns from it (empower-auto):
// called after each decision with the suggestion and the decision; it may fill in the step's η.
using DecisionObserver = std::function<void(const std::string& suggestion, const SimulatedHuman::Decision& decision, EpisodeStep& step)>;

// Runs one episode from `starter` code. The caller judges final_code afterwards (sets passed).
Episode run_episode(const std::string& problem, const std::string& starter, const Assistant& assistant, SimulatedHuman& human,
                    const text::BpeTokenizer& tokenizer, const EpisodeOptions& options, const DecisionObserver& observe = {});

// True when `text` equals `reference` after removing all whitespace.
bool equal_modulo_whitespace(const std::string& text, const std::string& reference);

}  // namespace ew::eval

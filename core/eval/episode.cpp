#include "eval/episode.h"

#include <algorithm>
#include <cctype>

namespace ew::eval {

const char* to_string(HumanAction a) {
    switch (a) {
        case HumanAction::Accept: return "accept";
        case HumanAction::Reject: return "reject";
        case HumanAction::Finish: return "finish";
    }
    return "?";
}

namespace {
std::string without_whitespace(const std::string& s) {
    std::string out;
    for (unsigned char c : s)
        if (!std::isspace(c)) out += static_cast<char>(c);
    return out;
}
}  // namespace

bool equal_modulo_whitespace(const std::string& text, const std::string& reference) {
    return without_whitespace(text) == without_whitespace(reference);
}

ReplayHuman::ReplayHuman(std::string reference, const text::BpeTokenizer& tokenizer)
    : reference_(std::move(reference)), tokenizer_(tokenizer) {}

std::string ReplayHuman::remainder(const std::string& code) const {
    return reference_.starts_with(code) ? reference_.substr(code.size()) : std::string();
}

bool ReplayHuman::done(const std::string& code) const { return code.size() >= reference_.size(); }

SimulatedHuman::Decision ReplayHuman::decide(const std::string& code, const std::string& suggestion) {
    if (done(code)) return {HumanAction::Finish, {}};
    const auto rest = remainder(code);
    if (rest.starts_with(suggestion)) return {HumanAction::Accept, suggestion};
    // Modulo whitespace: the suggestion spells the next reference characters with other spacing;
    // the human keeps the reference's own spelling of that stretch.
    const auto want = without_whitespace(suggestion);
    if (!want.empty()) {
        std::size_t matched = 0, i = 0;
        while (i < rest.size() && matched < want.size()) {
            if (!std::isspace(static_cast<unsigned char>(rest[i]))) {
                if (rest[i] != want[matched]) break;
                ++matched;
            }
            ++i;
        }
        if (matched == want.size()) return {HumanAction::Accept, rest.substr(0, i)};
    }
    return {HumanAction::Reject, {}};
}

std::string ReplayHuman::write(const std::string& code, int tokens) {
    const auto rest = remainder(code);
    const auto ids = tokenizer_.encode(rest);
    std::string out;
    for (int i = 0; i < tokens && i < static_cast<int>(ids.size()); ++i) out += tokenizer_.token_bytes(ids[i]);
    return out;
}

NoisyReplayHuman::NoisyReplayHuman(std::string reference, const text::BpeTokenizer& tokenizer, double min_correct_fraction)
    : ReplayHuman(std::move(reference), tokenizer), min_correct_fraction_(min_correct_fraction) {}

SimulatedHuman::Decision NoisyReplayHuman::decide(const std::string& code, const std::string& suggestion) {
    auto exact = ReplayHuman::decide(code, suggestion);
    if (exact.action != HumanAction::Reject || suggestion.empty()) return exact;
    const auto rest = remainder(code);
    std::size_t common = 0;
    while (common < rest.size() && common < suggestion.size() && rest[common] == suggestion[common]) ++common;
    if (common > 0 && double(common) >= min_correct_fraction_ * double(suggestion.size()))
        return {HumanAction::Accept, suggestion.substr(0, common)};  // accept, then delete the wrong tail
    return {HumanAction::Reject, {}};
}

Episode run_episode(const std::string& problem, const std::string& starter, const Assistant& assistant, SimulatedHuman& human,
                    const text::BpeTokenizer& tokenizer, const EpisodeOptions& options, const DecisionObserver& observe) {
    Episode e;
    e.problem = problem;
    e.starter = starter;
    std::string code = starter;
    for (int round = 1; round <= options.max_rounds; ++round) {
        EpisodeStep step;
        step.round = round;
        if (human.done(code)) {
            step.action = HumanAction::Finish;
            e.steps.push_back(step);
            break;
        }
        step.suggestion = assistant(code);
        if (!step.suggestion.empty()) {
            ++e.suggestions_shown;
            e.suggested_chars += step.suggestion.size();
            step.tokens_read = static_cast<int>(tokenizer.encode(step.suggestion).size());
            auto decision = human.decide(code, step.suggestion);
            if (observe) observe(step.suggestion, decision, step);
            step.action = decision.action;
            if (decision.action == HumanAction::Accept) {
                ++e.accepted;
                step.kept = decision.kept;
                step.deleted_chars = static_cast<int>(step.suggestion.size() > decision.kept.size() && step.suggestion.starts_with(decision.kept)
                                                          ? step.suggestion.size() - decision.kept.size()
                                                          : 0);
                code += decision.kept;
            }
        }
        if (step.action == HumanAction::Finish || human.done(code)) {
            if (step.action != HumanAction::Accept) step.action = HumanAction::Finish;
            e.tokens_read += step.tokens_read;
            e.deleted_chars += step.deleted_chars;
            e.steps.push_back(step);
            break;
        }
        step.written = human.write(code, options.human_tokens_per_turn);
        step.tokens_written = static_cast<int>(tokenizer.encode(step.written).size());
        code += step.written;
        e.tokens_read += step.tokens_read;
        e.tokens_written += step.tokens_written;
        e.deleted_chars += step.deleted_chars;
        e.steps.push_back(step);
    }
    e.final_code = code;
    return e;
}

}  // namespace ew::eval

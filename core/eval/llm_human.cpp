#include "eval/llm_human.h"

#include "support/error.h"

#include <algorithm>
#include <cctype>
#include <sstream>

namespace ew::eval {

namespace {

// App. D.3, as printed in the paper.
const char* const kAppenderSystem =
    "You are an expert Python programmer. You will be given a question (problem specification) and will generate a correct "
    "Python program that matches the specification and passes all tests.\n"
    "Please do not provide any sample outputs or testcases in your response.\n"
    "Additionally, you are only allowed to solve the problem *ONCE*.\n"
    "Do not attempt to retry your solution if you are unhappy with it.\n"
    "For example, if your solution is in a function called `solve`, you should only define one function called `solve`. "
    "DO NOT try to retry it if you think it has a bug.\n"
    "For example, you should not write `solve2` if you think `solve` has a bug. Only the first solution will be counted, so "
    "simply stop writing once the first solution is finished--even if it is not correct.";

const char* const kAcceptorSystem =
    "You are an expert Python programming agent. You will be given a question (problem specification) and will generate a "
    "correct Python program that matches the specification and passes all tests.\n"
    "The way you will compose your program is by interacting with the file editing interface through tools.\n"
    "In addition, you will be assisted by an automated assistant that will sometimes propose suggested completions to "
    "whatever you are typing.\n"
    "At every step you will first write your thoughts on the suggestion and whether it correctly continues your solution, or "
    "instead introduces bugs.\n"
    "Please *only consider the assistant suggestion* in your decision to accept the suggestion, reject the suggestion, or "
    "finish and submit your code for testing.\n"
    "Previous code that you have written is not able to be changed, so you should only look at the changes the assistant is "
    "proposing.\n"
    "At the very end of your thought process, you will write one word to specify which action you are taking.\n"
    "Unless you take the \"finish\" action, you will be prompted afterwards to write what you would like to append to your "
    "program.\n"
    "Therefore, please accept suggestions as long as they do not introduce bugs, and either help you solve the problem or "
    "improve the quality of your code.\n"
    "It's ok if the the suggested completion is incomplete, because you can always append to it later.\n"
    "You will first be prompted to write your thoughts on the suggestion.\n"
    "Afterwords, you will be prompted to write which action you would like to take\n"
    "\n"
    "Here are the actions you have access to:\n"
    "### \"accept\"\n"
    "description: Accepts a suggested completion given by an intelligent assistant. The suggested completion will then be "
    "incorporated into the code you have written.\n"
    "### \"reject\"\n"
    "description: Rejects a suggested completion given by an intelligent assistant. The suggested completion will not be "
    "incorporated into the code you have written.\n"
    "### \"finish\"\n"
    "description: Tells the editor that you have finished writing the program and to run the testcases. Only call this tool "
    "if you are confident that your program is finished. You will not be prompted to write any more code after calling this "
    "tool.\n"
    "\n"
    "Remember, you will be able to continue writing your program regardless of whether you accept the suggested completion "
    "or not.\n"
    "As long as the suggested completion does not introduce bugs, and either helps you solve the problem or improves the "
    "quality of your code, you should accept it.\n"
    "DO NOT reject a suggestion because it is \"minor\" or \"short\". Only reject the suggestion if it is wrong, introduces "
    "a bug, or otherwise sets you back.";

const char* const kDecisionPrompt =
    "Now, please write which action you would like to take.\n"
    "Remember, the actions available are \"accept\" to accept the suggested completion, \"reject\" to reject the suggested "
    "completion, and \"finish\" to finish writing your code and run the tests.\n"
    "Please only call \"finish\" if you are confident that your code is correct and you are ready to run the tests.";

std::vector<std::string> lines_of(const std::string& s) {
    std::vector<std::string> out;
    std::istringstream in(s);
    for (std::string line; std::getline(in, line);) out.push_back(line);
    return out;
}

}  // namespace

LlmHuman::LlmHuman(std::shared_ptr<const lm::LanguageModel> model, std::string question, std::string starter, LlmHumanOptions options)
    : model_(std::move(model)), session_(model_->new_session()), format_(lm::detect_chat_format(model_->tokenizer())),
      question_(std::move(question)), starter_(std::move(starter)), options_(options) {
    if (format_ == lm::ChatFormat::None && !model_->chat_template())
        throw Error("the LLM human needs an instruct model (it has no chat template and its tokenizer has no chat tokens); model: " +
                    model_->name());
}

std::string LlmHuman::render(const std::vector<lm::ChatMessage>& messages, const std::string& assistant_prefix) const {
    return lm::render_chat_prompt(model_->chat_template(), format_, messages, assistant_prefix, options_.chat).text;
}

std::string LlmHuman::prompt_engine() const { return lm::chat_prompt_engine(model_->chat_template(), format_); }

std::string LlmHuman::appender_prompt(const std::string& code) const {
    const std::string user = "### Question:\n" + question_ +
                             "\n\n### Format:\nYou will use the following starter code to write the solution to the problem and "
                             "enclose your code within delimiters.\n```python\n" + starter_ +
                             "\n```\n\nRead the inputs from stdin solve the problem and write the answer to stdout (do not directly "
                             "test on the sample inputs). Enclose your code within delimiters as follows. Ensure that when the "
                             "python program runs, it reads the inputs, runs the algorithm and writes output to STDOUT.\n"
                             "```python\n# YOUR CODE HERE\n```";
    // The human continues its own code: the reply is pre-filled with the code written so far.
    return render({{"system", kAppenderSystem}, {"user", user}}, "```python\n" + code);
}

std::string LlmHuman::line_diff(const std::string& before, const std::string& after) {
    // The suggestion only appends, so the diff is the common lines, then removed / added tails.
    const auto a = lines_of(before), b = lines_of(after);
    std::size_t same = 0;
    while (same < a.size() && same < b.size() && a[same] == b[same]) ++same;
    std::string out;
    for (std::size_t i = 0; i < same; ++i) out += "  " + a[i] + "\n";
    for (std::size_t i = same; i < a.size(); ++i) out += "- " + a[i] + "\n";
    for (std::size_t i = same; i < b.size(); ++i) out += "+ " + b[i] + "\n";
    return out;
}

std::string LlmHuman::acceptor_reasoning_prompt(const std::string& code, const std::string& suggestion) const {
    return "## You have written the following code:\n```python\n" + code + "\n```\n\n## Suggested Completion\nHere is what your code "
           "would look like with a suggested completion:\n```python\n" + code + suggestion +
           "\n```\n\n## Suggested Completion diff\nFor clarity, here is the diff between your current code and the suggested "
           "completion code:\n```diff\n" + line_diff(code, code + suggestion) +
           "```\n\n## Instructions:\nWhat do you think of the suggested completion? Do you think it is solving the question "
           "correctly, or does it introduce a bug or error?\nPlease write down your thoughts. You are not allowed to write any new "
           "code in your response, only your thoughts on whether the suggested completion helps you on your way to solving the "
           "problem, or otherwise improves the quality of your code.\nIt is ok if the the suggested completion is incomplete, "
           "because you will be prompted to append to it later.\nYou are also not able to take any actions at this stage.";
}

std::optional<HumanAction> LlmHuman::parse_decision(const std::string& reply) {
    std::string lower(reply);
    std::transform(lower.begin(), lower.end(), lower.begin(), [](unsigned char c) { return std::tolower(c); });
    std::size_t best = std::string::npos;
    std::optional<HumanAction> action;
    for (const auto& [word, a] : {std::pair{"accept", HumanAction::Accept}, {"reject", HumanAction::Reject}, {"finish", HumanAction::Finish}})
        if (auto at = lower.find(word); at < best) {  // the first action word named wins
            best = at;
            action = a;
        }
    return action;
}

std::string LlmHuman::generate(const std::string& prompt, int max_tokens, const std::vector<std::string>& stops, lm::StopReason* why) {
    lm::GenerationOptions o;
    o.max_new_tokens = max_tokens;
    o.stop_strings = stops;
    o.add_special_tokens = false;  // the rendered prompt writes its own BOS
    const auto g = session_->generate(model_->tokenizer().encode_with_added_tokens(prompt), o);
    if (why) *why = g.stop_reason;
    std::string text;
    for (const auto& t : g.tokens) text += model_->tokenizer().token_bytes(t.id);
    return text;
}

SimulatedHuman::Decision LlmHuman::decide(const std::string& code, const std::string& suggestion) {
    const std::vector<lm::ChatMessage> conversation{{"system", kAcceptorSystem}, {"user", acceptor_reasoning_prompt(code, suggestion)}};
    const std::string thoughts = generate(render(conversation), options_.reasoning_tokens, {}, nullptr);
    auto with_decision = conversation;
    with_decision.push_back({"assistant", thoughts});
    with_decision.push_back({"user", kDecisionPrompt});
    const auto action = parse_decision(generate(render(with_decision), options_.decision_tokens, {}, nullptr));
    if (!action) ++unparsed_;
    const HumanAction a = action.value_or(HumanAction::Reject);
    if (a == HumanAction::Finish) finished_ = true;
    return {a, a == HumanAction::Accept ? suggestion : std::string()};
}

std::string LlmHuman::write(const std::string& code, int tokens) {
    lm::StopReason why{};
    const std::string text = generate(appender_prompt(code), tokens, {"```"}, &why);
    // The closing fence or the end of the turn: the human has finished its program.
    if (why == lm::StopReason::StopString || why == lm::StopReason::EndOfText) finished_ = true;
    return text;
}

}  // namespace ew::eval

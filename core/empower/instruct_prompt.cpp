#include "empower/instruct_prompt.h"

namespace ew::empower {

// App. D.1, as printed in the paper.
const char* const kInstructSystemPrompt =
    "You are assisting a human in a python code generation task. Your role is to provide suggested completions given "
    "what they have already typed. Please try to infer what the human wants the next piece of code to be given the "
    "code they have already written. If they have not written any code, please provide a good start to their program, "
    "such as with import statements or function definitions.\n"
    "The way you will compose your suggestion is by providing the next version of the code which would replace the "
    "current code.\n"
    "Please re-type the current code and then add in your suggested completion.\n"
    "DO NOT output any other text, including no quotation marks.\n"
    "\n"
    "## Remember to always re-type the code written so far and then add in your suggested completion.\n"
    "If you don't re-type the code written so far *exactly as it is written* (with all of the functions, comments, "
    "import statements, etc) an error will be raised.";

namespace {

constexpr std::string_view kFence = "```";

std::string user_turn(std::string_view code) {
    return "Now it's your turn! Please provide a completion for the following code:\n```python\n" + std::string(code) + "\n```";
}

std::string assistant_turn(std::string_view completed) { return instruct_reply_opening() + std::string(completed) + "\n```"; }

// App. D.2's two few-shot examples (the paper's layout lost the indentation; restored here).
const char* const kTwoSumPrefix =
    "def twoSum(self, nums: List[int], target: int) -> List[int]:\n"
    "    numMap = {}\n"
    "    n = len(nums)\n"
    "\n"
    "    # Build the hash table\n"
    "    for i in range(n):\n"
    "        numMap[nums[i]] = i\n"
    "\n"
    "    # Find the complement\n"
    "    for i in range(n):\n";

}  // namespace

std::string instruct_reply_opening() { return "Here is my suggested completion:\n```python\n"; }

std::vector<lm::ChatMessage> instruct_messages(std::string_view code) {
    return {
        {"system", kInstructSystemPrompt},
        {"user", user_turn(kTwoSumPrefix)},
        {"assistant", assistant_turn(std::string(kTwoSumPrefix) + "        complement = target - nums[i]")},
        {"user", user_turn("def whoami(name:")},
        {"assistant", assistant_turn("def whoami(name: str, age: int) -> str:")},
        {"user", user_turn(code)},
    };
}

lm::ChatPrompt instruct_prompt(const lm::LanguageModel& model, std::string_view code, bool forced, const lm::ChatOptions& options) {
    return lm::render_chat_prompt(model.chat_template(), lm::detect_chat_format(model.tokenizer()), instruct_messages(code),
                                  forced ? instruct_reply_opening() + std::string(code) : std::string(), options);
}

InstructReply parse_instruct_reply(std::string_view code, std::string_view reply) {
    InstructReply r;
    // The code block: after an opening fence (with or without "python") if there is one.
    std::string_view body = reply;
    if (auto fence = body.find(kFence); fence != std::string_view::npos) {
        body.remove_prefix(fence + kFence.size());
        if (body.starts_with("python")) body.remove_prefix(6);
        if (body.starts_with("\n")) body.remove_prefix(1);
    }
    if (auto close = body.find(kFence); close != std::string_view::npos) body = body.substr(0, close);
    if (!body.starts_with(code)) return r;  // not re-typed exactly: no suggestion, and the caller counts it
    r.retyped = true;
    r.completion_offset = static_cast<std::size_t>(body.data() - reply.data()) + code.size();
    r.completion = std::string(body.substr(code.size()));
    // The closing fence sits on its own line: the newline before it is not part of the code.
    if (!r.completion.empty() && r.completion.back() == '\n' && reply.find(kFence) != std::string_view::npos) r.completion.pop_back();
    return r;
}

}  // namespace ew::empower

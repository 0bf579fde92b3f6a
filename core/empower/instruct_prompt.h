// Prompting an instruct model as the paper's assistant (App. D.1-D.2): its system prompt, two
// few-shot turns, then the user turn with the current code; the model is to re-type the code and
// continue it, and the suggestion is what follows the re-typed code.
//
// Two ways to get there. Forced (the default): the assistant's reply is pre-filled with
// "Here is my suggested completion:\n```python\n" + the code, so the model can only continue it —
// every generated token belongs to the completion and the Empower cut applies to it directly.
// Free: the model writes the whole reply and parse_instruct_reply() takes the completion after
// the re-typed code; a reply that does not re-type it is reported (and counted by callers).
#pragma once
#include "lm/chat_template.h"
#include "lm/language_model.h"

#include <string>
#include <string_view>

namespace ew::empower {

extern const char* const kInstructSystemPrompt;

// The messages of App. D.1-D.2 for `code` (system, few-shot user/assistant pairs, user).
std::vector<lm::ChatMessage> instruct_messages(std::string_view code);
// The assistant reply's opening up to where the code goes.
std::string instruct_reply_opening();
// The full prompt, rendered by the model's own chat template (or the built-in layout its tokenizer
// suggests, said in ChatPrompt::engine); `forced`: the reply is pre-filled up to the end of the
// re-typed code.
lm::ChatPrompt instruct_prompt(const lm::LanguageModel& model, std::string_view code, bool forced, const lm::ChatOptions& options = {});

struct InstructReply {
    bool retyped = false;    // the reply re-typed the code exactly (after its opening, if any)
    std::string completion;  // what follows the re-typed code, up to the closing fence
    std::size_t completion_offset = 0;  // where `completion` starts in the reply (bytes)
};
InstructReply parse_instruct_reply(std::string_view code, std::string_view reply);

}  // namespace ew::empower

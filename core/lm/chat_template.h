// Chat prompts for instruct models, rendered the way their own chat templates render them:
// Llama 3 headers (<|start_header_id|>role<|end_header_id|>\n\n ... <|eot_id|>) or ChatML
// (<|im_start|>role\n ... <|im_end|>\n, Qwen). The format is recognised from the tokenizer's
// special tokens, so any checkpoint of those families works without a Jinja engine.
#pragma once
#include "text/bpe_tokenizer.h"

#include <string>
#include <vector>

namespace ew::lm {

enum class ChatFormat { None, Llama3, ChatML };
const char* to_string(ChatFormat format);

struct ChatMessage {
    std::string role;  // "system", "user", "assistant"
    std::string content;
};

// None when the tokenizer has neither family's special tokens (a base model).
ChatFormat detect_chat_format(const text::BpeTokenizer& tokenizer);

// The conversation followed by the header that opens the assistant's turn, plus `assistant_prefix`
// (text the assistant's reply is forced to begin with). `no_thinking`: Qwen3's empty think block,
// as its template writes it with enable_thinking=False.
std::string render_chat(ChatFormat format, const std::vector<ChatMessage>& messages, const std::string& assistant_prefix = {},
                        bool no_thinking = true);

// Special tokens that end an assistant turn in this tokenizer (<|eot_id|>, <|im_end|>, ...).
std::vector<text::TokenId> end_of_turn_ids(const text::BpeTokenizer& tokenizer);

}  // namespace ew::lm

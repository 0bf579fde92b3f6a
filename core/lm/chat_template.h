// Chat prompts for instruct models. A checkpoint's own template (tokenizer_config.json's
// "chat_template", or chat_template.jinja) is rendered with jinja2 as transformers'
// apply_chat_template(messages, add_generation_prompt=True) renders it (lm/jinja_renderer.h).
// A directory without a template falls back to a built-in Llama-3 header or ChatML layout,
// recognised from the tokenizer's special tokens — and says so in ChatPrompt::engine, which the
// UI and every run record show.
#pragma once
#include "text/bpe_tokenizer.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ew::lm {

struct ChatMessage {
    std::string role;  // "system", "user", "assistant"
    std::string content;
};

// Options a template may read, explicit so that a recorded prompt can be rendered again.
struct ChatOptions {
    bool enable_thinking = false;  // Qwen3's switch; false: the template writes an empty think block
    std::string date;              // "YYYY-MM-DD" for templates that print today's date (Llama 3.x); empty: as transformers (template default or the clock)
};

struct ChatTemplate {
    std::string source;             // the Jinja text
    std::string origin;             // the file it came from
    nlohmann::json special_tokens;  // {"bos_token": "<|begin_of_text|>", ...}: the template's variables of that name
};

// The template of a model directory, or nullopt when it has none. `tokenizer_config`: the parsed
// tokenizer_config.json (null when absent). A list of named templates yields the "default" one.
std::optional<ChatTemplate> read_chat_template(const std::filesystem::path& dir, const nlohmann::json& tokenizer_config);

// The built-in fallback layouts.
enum class ChatFormat { None, Llama3, ChatML };
const char* to_string(ChatFormat format);
// None when the tokenizer has neither family's special tokens (a base model).
ChatFormat detect_chat_format(const text::BpeTokenizer& tokenizer);

struct ChatPrompt {
    std::string text;    // the rendered conversation, the assistant's turn opened, then the assistant prefix
    std::string engine;  // how it was rendered, for the inspector and run records
};

// How render_chat_prompt() renders for this model, without rendering anything (run records).
std::string chat_prompt_engine(const ChatTemplate* tmpl, ChatFormat fallback);

// `tmpl` when the model has one, else the built-in `fallback` layout (throws for None: not an
// instruct model). `assistant_prefix` is text the reply is forced to begin with.
ChatPrompt render_chat_prompt(const ChatTemplate* tmpl, ChatFormat fallback, const std::vector<ChatMessage>& messages,
                              const std::string& assistant_prefix = {}, const ChatOptions& options = {});

// Special tokens that end an assistant turn in this tokenizer (<|eot_id|>, <|im_end|>, <end_of_turn>, ...).
std::vector<text::TokenId> end_of_turn_ids(const text::BpeTokenizer& tokenizer);

}  // namespace ew::lm

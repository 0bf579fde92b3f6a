#include "lm/chat_template.h"

#include "support/error.h"

namespace ew::lm {

const char* to_string(ChatFormat format) {
    switch (format) {
        case ChatFormat::None: return "none";
        case ChatFormat::Llama3: return "llama3";
        case ChatFormat::ChatML: return "chatml";
    }
    return "?";
}

ChatFormat detect_chat_format(const text::BpeTokenizer& tokenizer) {
    if (tokenizer.find_added("<|start_header_id|>") && tokenizer.find_added("<|end_header_id|>") && tokenizer.find_added("<|eot_id|>"))
        return ChatFormat::Llama3;
    if (tokenizer.find_added("<|im_start|>") && tokenizer.find_added("<|im_end|>")) return ChatFormat::ChatML;
    return ChatFormat::None;
}

std::string render_chat(ChatFormat format, const std::vector<ChatMessage>& messages, const std::string& assistant_prefix,
                        bool no_thinking) {
    std::string out;
    switch (format) {
        case ChatFormat::Llama3:
            out = "<|begin_of_text|>";
            for (const auto& m : messages) out += "<|start_header_id|>" + m.role + "<|end_header_id|>\n\n" + m.content + "<|eot_id|>";
            out += "<|start_header_id|>assistant<|end_header_id|>\n\n";
            break;
        case ChatFormat::ChatML:
            for (const auto& m : messages) out += "<|im_start|>" + m.role + "\n" + m.content + "<|im_end|>\n";
            out += "<|im_start|>assistant\n";
            if (no_thinking) out += "<think>\n\n</think>\n\n";
            break;
        case ChatFormat::None:
            throw Error("this model's tokenizer has no chat tokens (<|start_header_id|> or <|im_start|>): it is not an instruct model");
    }
    return out + assistant_prefix;
}

std::vector<text::TokenId> end_of_turn_ids(const text::BpeTokenizer& tokenizer) {
    std::vector<text::TokenId> ids;
    for (const char* t : {"<|eot_id|>", "<|end_of_text|>", "<|im_end|>", "<|endoftext|>", "<|eom_id|>"})
        if (auto id = tokenizer.find_added(t)) ids.push_back(*id);
    return ids;
}

}  // namespace ew::lm

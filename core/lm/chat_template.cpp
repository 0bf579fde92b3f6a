#include "lm/chat_template.h"

#include "lm/jinja_renderer.h"
#include "support/error.h"
#include "support/file_io.h"

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

std::optional<ChatTemplate> read_chat_template(const std::filesystem::path& dir, const nlohmann::json& tokenizer_config) {
    ChatTemplate t;
    t.special_tokens = nlohmann::json::object();
    if (tokenizer_config.is_object()) {
        // transformers passes the special tokens map: only tokens that are set, as strings.
        for (const char* key : {"bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"}) {
            if (!tokenizer_config.contains(key)) continue;
            const auto& v = tokenizer_config.at(key);
            if (v.is_string()) t.special_tokens[key] = v;
            else if (v.is_object() && v.contains("content") && v.at("content").is_string()) t.special_tokens[key] = v.at("content");
        }
        if (tokenizer_config.contains("chat_template")) {
            const auto& c = tokenizer_config.at("chat_template");
            if (c.is_string()) t.source = c.get<std::string>();
            else if (c.is_array())
                for (const auto& named : c)
                    if (named.is_object() && named.value("name", "") == "default" && named.contains("template") && named.at("template").is_string())
                        t.source = named.at("template").get<std::string>();
            if (!t.source.empty()) t.origin = (dir / "tokenizer_config.json").string();
        }
    }
    std::error_code ec;
    if (t.source.empty() && std::filesystem::exists(dir / "chat_template.jinja", ec)) {
        t.source = read_file(dir / "chat_template.jinja");
        t.origin = (dir / "chat_template.jinja").string();
    }
    if (t.source.empty()) return std::nullopt;
    return t;
}

namespace {

std::string render_builtin(ChatFormat format, const std::vector<ChatMessage>& messages, bool enable_thinking) {
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
            if (!enable_thinking) out += "<think>\n\n</think>\n\n";
            break;
        case ChatFormat::None:
            throw Error("this model has no chat template and its tokenizer has no chat tokens (<|start_header_id|> or <|im_start|>): "
                        "it is not an instruct model");
    }
    return out;
}

}  // namespace

std::string chat_prompt_engine(const ChatTemplate* tmpl, ChatFormat fallback) {
    if (!tmpl) return std::string("built-in ") + to_string(fallback) + " layout: the model directory has no chat template";
    return "the checkpoint's chat template (" + tmpl->origin + "), rendered with jinja2 as transformers renders it";
}

ChatPrompt render_chat_prompt(const ChatTemplate* tmpl, ChatFormat fallback, const std::vector<ChatMessage>& messages,
                              const std::string& assistant_prefix, const ChatOptions& options) {
    ChatPrompt p;
    if (!tmpl) {
        p.text = render_builtin(fallback, messages, options.enable_thinking) + assistant_prefix;
        p.engine = chat_prompt_engine(tmpl, fallback);
        return p;
    }
    nlohmann::json context = tmpl->special_tokens;
    context["messages"] = nlohmann::json::array();
    for (const auto& m : messages) context["messages"].push_back({{"role", m.role}, {"content", m.content}});
    context["add_generation_prompt"] = true;
    context["tools"] = nullptr;
    context["documents"] = nullptr;
    context["enable_thinking"] = options.enable_thinking;
    if (!options.date.empty()) {
        // Llama 3.1 prints date_string ("26 Jul 2024" unless given); 3.2/3.3 call strftime_now("%d %b %Y").
        static const char* const months[] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
        int y = 0, mo = 0, d = 0;
        if (std::sscanf(options.date.c_str(), "%4d-%2d-%2d", &y, &mo, &d) != 3 || mo < 1 || mo > 12 || d < 1 || d > 31)
            throw Error("chat date \"" + options.date + "\" is not YYYY-MM-DD");
        char buffer[32];
        std::snprintf(buffer, sizeof buffer, "%02d %s %04d", d, months[mo - 1], y);
        context["date_string"] = buffer;
    }
    p.text = render_jinja_template(tmpl->source, context, options.date) + assistant_prefix;
    p.engine = chat_prompt_engine(tmpl, fallback);
    return p;
}

std::vector<text::TokenId> end_of_turn_ids(const text::BpeTokenizer& tokenizer) {
    std::vector<text::TokenId> ids;
    for (const char* t : {"<|eot_id|>", "<|end_of_text|>", "<|im_end|>", "<|endoftext|>", "<|eom_id|>", "<end_of_turn>", "<eos>"})
        if (auto id = tokenizer.find_added(t)) ids.push_back(*id);
    return ids;
}

}  // namespace ew::lm

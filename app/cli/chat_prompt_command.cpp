// `empower chat-prompt`: a conversation rendered by a checkpoint's own chat template, exactly as it
// goes to the model — to inspect a prompt, or to compare with transformers' apply_chat_template.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "lm/chat_template.h"
#include "model/model_directory.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/json_text.h"
#include "support/jsonl_reader.h"

#include <iostream>

namespace ew::cli {

namespace {

std::vector<lm::ChatMessage> messages_of(const nlohmann::json& j, const std::string& where) {
    if (!j.is_array()) throw Error(where + ": \"messages\" must be a list of {\"role\", \"content\"}");
    std::vector<lm::ChatMessage> out;
    for (const auto& m : j) {
        if (!m.is_object() || !m.contains("role") || !m.at("role").is_string() || !m.contains("content") || !m.at("content").is_string())
            throw Error(where + ": every message needs string \"role\" and \"content\"");
        out.push_back({m.at("role").get<std::string>(), m.at("content").get<std::string>()});
    }
    return out;
}

}  // namespace

void register_chat_prompt(CLI::App& app) {
    struct Args {
        std::string model, tokenizer_config, messages, conversations, date;
        bool thinking = false, json = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("chat-prompt", "Render a conversation with a checkpoint's own chat template (add_generation_prompt=True)");
    auto* model = cmd->add_option("--model", a->model, "Model directory (its tokenizer_config.json or chat_template.jinja)");
    auto* config = cmd->add_option("--tokenizer-config", a->tokenizer_config, "A tokenizer_config.json on its own");
    model->excludes(config);
    auto* messages = cmd->add_option("--messages", a->messages, "JSON file: [{\"role\": ..., \"content\": ...}, ...]");
    auto* conversations = cmd->add_option("--conversations", a->conversations,
                                          "JSONL, one {\"messages\", \"enable_thinking\"?, \"date\"?} per line; prints one {\"text\"} line each");
    messages->excludes(conversations);
    cmd->add_flag("--enable-thinking", a->thinking, "Qwen3: let the model think (the template's enable_thinking)");
    cmd->add_option("--date", a->date, "YYYY-MM-DD: the date templates print (Llama 3.x); default: as transformers would");
    cmd->add_flag("--json", a->json, "Print {\"text\", \"engine\"}");
    cmd->callback([a] {
        std::optional<lm::ChatTemplate> tmpl;
        lm::ChatFormat fallback = lm::ChatFormat::None;
        if (!a->model.empty()) {
            const auto files = model::ModelDirectory::open(a->model);
            tmpl = lm::read_chat_template(a->model, files.tokenizer_config);
            fallback = lm::detect_chat_format(files.tokenizer);
        } else if (!a->tokenizer_config.empty()) {
            nlohmann::json config;
            try {
                config = nlohmann::json::parse(read_file(a->tokenizer_config));
            } catch (const nlohmann::json::exception& e) {
                fail_file(a->tokenizer_config, std::string("not valid JSON (") + e.what() + ")");
            }
            tmpl = lm::read_chat_template(std::filesystem::path(a->tokenizer_config).parent_path(), config);
            if (!tmpl) fail_file(a->tokenizer_config, "has no chat_template");
        } else {
            throw Error("give --model or --tokenizer-config");
        }
        const lm::ChatTemplate* t = tmpl ? &*tmpl : nullptr;
        if (!a->conversations.empty()) {
            for_each_jsonl_line(a->conversations, [&](const nlohmann::json& line, int number) {
                const std::string where = a->conversations + " line " + std::to_string(number);
                if (!line.is_object()) throw Error(where + ": not a JSON object");
                lm::ChatOptions options{line.value("enable_thinking", a->thinking), line.value("date", a->date)};
                std::cout << json_text(nlohmann::json{{"text", lm::render_chat_prompt(t, fallback, messages_of(line.value("messages", nlohmann::json()), where), {}, options).text}})
                          << "\n";
            });
            return;
        }
        if (a->messages.empty()) throw Error("give --messages or --conversations");
        nlohmann::json j;
        try {
            j = nlohmann::json::parse(read_file(a->messages));
        } catch (const nlohmann::json::exception& e) {
            fail_file(a->messages, std::string("not valid JSON (") + e.what() + ")");
        }
        const auto prompt = lm::render_chat_prompt(t, fallback, messages_of(j, a->messages), {}, {a->thinking, a->date});
        if (a->json) std::cout << json_text({{"text", prompt.text}, {"engine", prompt.engine}}) << "\n";
        else std::cout << prompt.text;
    });
}

}  // namespace ew::cli

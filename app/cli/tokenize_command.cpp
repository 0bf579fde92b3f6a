// `empower tokenize`: a tokenizer.json applied to text or a file, for scripts and parity checks.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/jsonl_reader.h"
#include "text/bpe_tokenizer.h"
#include "text/sequence_template.h"

#include <iostream>
#include <sstream>

namespace ew::cli {

void register_tokenize(CLI::App& app) {
    struct Args {
        std::string tokenizer, file, text, jsonl;
        bool decode = false, json = false, added = false, specials = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("tokenize", "Encode text with a tokenizer.json (or decode ids with --decode)");
    cmd->add_option("--tokenizer", a->tokenizer, "tokenizer.json (default: the bundled model's)");
    auto* file = cmd->add_option("--file", a->file, "Text file (with --decode: whitespace-separated ids)");
    auto* text = cmd->add_option("--text", a->text, "Text given inline");
    auto* jsonl = cmd->add_option("--jsonl", a->jsonl, "One JSON string per line; prints one {\"ids\"} line each (batch parity checks)");
    file->excludes(text);
    jsonl->excludes(file);
    jsonl->excludes(text);
    cmd->add_flag("--added-tokens", a->added, "Recognise added/special tokens written in the text (e.g. <|im_start|>)");
    cmd->add_flag("--add-special-tokens", a->specials,
                  "Frame the ids as transformers' tokenizer(text) does: the post_processor's BOS/EOS, or tokenizer_config.json's "
                  "add_bos_token/add_eos_token (read beside the tokenizer.json) for the Llama and Gemma tokenizer classes");
    cmd->add_flag("--decode", a->decode, "Decode the ids given in --file/--text instead of encoding");
    cmd->add_flag("--json", a->json, "Print one JSON object");
    cmd->callback([a] {
        const auto path = a->tokenizer.empty() ? load_default_tokenizer_path() : std::filesystem::path(a->tokenizer);
        auto tok = text::BpeTokenizer::load(path);
        text::SequenceTemplate sequence;
        if (a->specials) {
            sequence = text::sequence_template_from_post_processor(nlohmann::json::parse(tok.post_processor()), path.string());
            const auto config_path = path.parent_path() / "tokenizer_config.json";
            if (std::filesystem::exists(config_path)) {
                nlohmann::json config;
                try {
                    config = nlohmann::json::parse(read_file(config_path));
                } catch (const nlohmann::json::exception& e) {
                    fail_file(config_path, std::string("not valid JSON (") + e.what() + ")");
                }
                sequence = text::apply_tokenizer_config(config, std::move(sequence), tok, config_path.string());
            }
        }
        auto encode = [&](std::string_view s) {
            auto ids = a->added ? tok.encode_with_added_tokens(s) : tok.encode(s);
            if (!a->specials) return ids;
            ids.insert(ids.begin(), sequence.begin.begin(), sequence.begin.end());
            ids.insert(ids.end(), sequence.end.begin(), sequence.end.end());
            return ids;
        };
        if (!a->jsonl.empty()) {
            for_each_jsonl_line(a->jsonl, [&](const nlohmann::json& line, int number) {
                if (!line.is_string()) fail_file(a->jsonl, "line " + std::to_string(number) + " is not a JSON string");
                std::cout << nlohmann::json{{"ids", encode(line.get<std::string>())}}.dump() << "\n";
            });
            return;
        }
        const std::string input = !a->file.empty() ? read_file(a->file) : a->text;
        if (a->file.empty() && a->text.empty() && !a->decode) throw Error("give --file or --text");
        if (a->decode) {
            std::vector<text::TokenId> ids;
            std::istringstream in(input);
            long long v;
            while (in >> v) {
                // Bounded before the cast: 4294967297 must not decode as token 1.
                if (v < 0 || v >= text::kMaxVocabularySize) throw Error("--decode: id " + std::to_string(v) + " is not a token id");
                ids.push_back(static_cast<text::TokenId>(v));
            }
            if (!in.eof()) throw Error("--decode expects whitespace-separated integer ids");
            const auto decoded = tok.decode(ids);
            if (a->json) std::cout << json_text({{"text", decoded}}) << "\n";
            else std::cout << decoded;
            return;
        }
        const auto ids = encode(input);
        nlohmann::json tokens = nlohmann::json::array();
        for (auto id : ids) tokens.push_back(tok.token_bytes(id));
        if (a->json) {
            std::cout << json_text({{"ids", ids}, {"tokens", tokens}}) << "\n";
            return;
        }
        for (std::size_t i = 0; i < ids.size(); ++i) std::cout << ids[i] << "\t" << json_text(tokens[i]) << "\n";
    });
}

}  // namespace ew::cli

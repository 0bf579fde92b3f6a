#include "text/sequence_template.h"

#include "support/error.h"
#include "support/json_integer.h"

#include <nlohmann/json.hpp>

namespace ew::text {

using nlohmann::json;

namespace {

TokenId checked_id(const json& v, const std::string& what) {
    return static_cast<TokenId>(json_integer_in_range(v, 0, kMaxVocabularySize - 1, what));
}

// One TemplateProcessing's "single" template: special tokens before $A begin, after it end.
void add_template_processing(const json& p, SequenceTemplate& t, const std::string& origin) {
    const auto& single = p.at("single");
    const auto& specials = p.contains("special_tokens") ? p.at("special_tokens") : json::object();
    if (!single.is_array()) throw Error(origin + ": post_processor TemplateProcessing \"single\" is not a list");
    bool seen_sequence = false;
    for (const auto& piece : single) {
        if (piece.contains("Sequence")) {
            if (piece.at("Sequence").value("id", "A") != "A")
                throw Error(origin + ": post_processor's single-sequence template refers to sequence B");
            seen_sequence = true;
            continue;
        }
        if (!piece.contains("SpecialToken")) throw Error(origin + ": post_processor template piece " + piece.dump() + " is not understood");
        const auto name = piece.at("SpecialToken").at("id").get<std::string>();
        if (!specials.contains(name)) throw Error(origin + ": post_processor names special token \"" + name + "\" without its ids");
        auto& where = seen_sequence ? t.end : t.begin;
        for (const auto& id : specials.at(name).at("ids")) where.push_back(checked_id(id, origin + ": post_processor id of \"" + name + "\""));
    }
    if (!seen_sequence) throw Error(origin + ": post_processor's single-sequence template has no $A");
}

void add_processor(const json& p, SequenceTemplate& t, const std::string& origin) {
    if (p.is_null()) return;
    if (!p.is_object()) throw Error(origin + ": post_processor is not an object");
    const auto type = p.value("type", "");
    if (type == "TemplateProcessing") {
        add_template_processing(p, t, origin);
    } else if (type == "Sequence") {
        for (const auto& sub : p.at("processors")) add_processor(sub, t, origin);
    } else if (type == "BertProcessing" || type == "RobertaProcessing") {
        // {"cls": ["[CLS]", 101], "sep": ["[SEP]", 102]}: [CLS] text [SEP]
        t.begin.push_back(checked_id(p.at("cls").at(1), origin + ": post_processor cls id"));
        t.end.push_back(checked_id(p.at("sep").at(1), origin + ": post_processor sep id"));
    } else if (type != "ByteLevel") {  // ByteLevel only adjusts offsets
        throw Error(origin + ": unsupported post_processor type \"" + type + "\" (supported: TemplateProcessing, Sequence, ByteLevel, Bert, Roberta)");
    }
}

// A special token as tokenizer_config.json writes it: "<bos>" or {"content": "<bos>", ...}.
std::optional<std::string> token_content(const json& config, const char* key) {
    if (!config.contains(key)) return std::nullopt;
    const auto& v = config.at(key);
    if (v.is_string()) return v.get<std::string>();
    if (v.is_object() && v.contains("content") && v.at("content").is_string()) return v.at("content").get<std::string>();
    return std::nullopt;
}

}  // namespace

SequenceTemplate sequence_template_from_post_processor(const json& post_processor, const std::string& origin) {
    SequenceTemplate t;
    try {
        add_processor(post_processor, t, origin);
    } catch (const json::exception& e) {
        throw Error(origin + ": malformed post_processor (" + e.what() + ")");
    }
    t.origin = post_processor.is_null() ? "tokenizer.json has no post_processor" : "tokenizer.json post_processor";
    return t;
}

SequenceTemplate apply_tokenizer_config(const json& config, SequenceTemplate from_tokenizer_json, const BpeTokenizer& tokenizer,
                                        const std::string& origin) {
    if (!config.is_object()) return from_tokenizer_json;
    const auto cls = config.value("tokenizer_class", std::string());
    const bool rebuilds = cls.starts_with("LlamaTokenizer") || cls.starts_with("CodeLlamaTokenizer") || cls.starts_with("GemmaTokenizer");
    if (!rebuilds) return from_tokenizer_json;
    auto flag = [&](const char* key, bool fallback) {
        if (!config.contains(key) || config.at(key).is_null()) return fallback;
        if (!config.at(key).is_boolean()) throw Error(origin + ": " + key + " is not true or false");
        return config.at(key).get<bool>();
    };
    auto id_of = [&](const char* key) -> TokenId {
        const auto content = token_content(config, key);
        if (!content) throw Error(origin + ": " + key + " is needed by " + cls + "'s add_" + std::string(key).substr(0, 3) + "_token but is not given");
        const auto id = tokenizer.find_added(*content);
        if (!id) throw Error(origin + ": " + key + " \"" + *content + "\" is not a token of tokenizer.json");
        return *id;
    };
    SequenceTemplate t;
    t.empty_context = from_tokenizer_json.empty_context;
    if (flag("add_bos_token", true)) t.begin.push_back(id_of("bos_token"));
    if (flag("add_eos_token", false)) t.end.push_back(id_of("eos_token"));
    t.origin = "tokenizer_config.json add_bos_token/add_eos_token (" + cls + ")";
    return t;
}

json post_processor_json(const SequenceTemplate& t, const BpeTokenizer& tokenizer) {
    if (t.begin.empty() && t.end.empty()) return nullptr;
    json single = json::array(), specials = json::object();
    auto special = [&](TokenId id) {
        const std::string& name = tokenizer.token_bytes(id);
        single.push_back({{"SpecialToken", {{"id", name}, {"type_id", 0}}}});
        specials[name] = {{"id", name}, {"ids", json::array({id})}, {"tokens", json::array({name})}};
    };
    for (auto id : t.begin) special(id);
    single.push_back({{"Sequence", {{"id", "A"}, {"type_id", 0}}}});
    for (auto id : t.end) special(id);
    json pair = single;  // pairs are never encoded here; written so that transformers accepts the file
    pair.push_back({{"Sequence", {{"id", "B"}, {"type_id", 1}}}});
    return {{"type", "TemplateProcessing"}, {"single", single}, {"pair", pair}, {"special_tokens", specials}};
}

std::vector<TokenId> framed_context(const SequenceTemplate& t, std::span<const TokenId> context) {
    std::vector<TokenId> seq;
    seq.reserve(t.begin.size() + context.size() + 1);
    seq.insert(seq.end(), t.begin.begin(), t.begin.end());
    seq.insert(seq.end(), context.begin(), context.end());
    if (seq.empty() && t.empty_context >= 0) seq.push_back(t.empty_context);
    return seq;
}

std::string describe(const SequenceTemplate& t, const BpeTokenizer& tokenizer) {
    auto names = [&](const std::vector<TokenId>& ids) {
        std::string s;
        for (auto id : ids) s += (s.empty() ? "" : " ") + tokenizer.token_bytes(id);
        return s;
    };
    std::string s;
    if (!t.begin.empty()) s += "BOS " + names(t.begin);
    if (!t.end.empty()) s += std::string(s.empty() ? "" : ", ") + "EOS " + names(t.end);
    if (s.empty()) s = "no BOS";
    return s + " (" + t.origin + ")";
}

}  // namespace ew::text

#include "serve/generation_wire.h"

#include "serve/http_error.h"
#include "serve/request_fields.h"

#include <array>
#include <cmath>
#include <limits>

namespace ew::serve {

std::string to_hex(std::string_view bytes) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string out;
    out.reserve(bytes.size() * 2);
    for (const unsigned char c : bytes) {
        out += digits[c >> 4];
        out += digits[c & 15];
    }
    return out;
}

std::string from_hex(std::string_view hex) {
    auto value = [](char c) -> int {
        if (c >= '0' && c <= '9') return c - '0';
        if (c >= 'a' && c <= 'f') return c - 'a' + 10;
        if (c >= 'A' && c <= 'F') return c - 'A' + 10;
        return -1;
    };
    if (hex.size() % 2) throw Error("hex text of odd length");
    std::string out;
    out.reserve(hex.size() / 2);
    for (std::size_t i = 0; i < hex.size(); i += 2) {
        const int hi = value(hex[i]), lo = value(hex[i + 1]);
        if (hi < 0 || lo < 0) throw Error("not a hex digit in \"" + std::string(hex.substr(i, 2)) + "\"");
        out += static_cast<char>(hi * 16 + lo);
    }
    return out;
}

namespace {

constexpr std::array<lm::StopReason, 6> kStopReasons = {lm::StopReason::MaxTokens, lm::StopReason::EndOfText, lm::StopReason::StopString,
                                                        lm::StopReason::Cancelled, lm::StopReason::ContextFull,
                                                        lm::StopReason::LikelihoodBudget};

std::string hex_field(const nlohmann::json& j, const char* name) {
    const auto text = string_field(j, name);
    if (!text) return {};
    try {
        return from_hex(*text);
    } catch (const Error& e) {
        throw HttpError(400, std::string("\"") + name + "\": " + e.what());
    }
}

// Checked reads of a server's answer: a number out of an int's or a float's range would be
// undefined behaviour to convert, and is a malformed answer.
std::int64_t integer_in(const nlohmann::json& v, std::int64_t min, std::int64_t max, const char* what) {
    if (!v.is_number_integer()) throw Error(std::string(what) + " is not an integer");
    // nlohmann reads every non-negative integer as unsigned, and one above INT64_MAX would not fit.
    const bool in_range = v.is_number_unsigned()
                              ? v.get<std::uint64_t>() <= static_cast<std::uint64_t>(max) && static_cast<std::int64_t>(v.get<std::uint64_t>()) >= min
                              : v.get<std::int64_t>() >= min && v.get<std::int64_t>() <= max;
    if (!in_range) throw Error(std::string(what) + " is out of range");
    return v.get<std::int64_t>();
}

lm::TokenId token_id_in(const nlohmann::json& v) {
    return static_cast<lm::TokenId>(integer_in(v, 0, std::numeric_limits<lm::TokenId>::max(), "a token id"));
}

// JSON has no infinities: an impossible alternative (log-prob -inf, as healing leaves them) is null.
nlohmann::json logprob_json(float logprob) { return std::isfinite(logprob) ? nlohmann::json(logprob) : nlohmann::json(nullptr); }

float logprob_in(const nlohmann::json& v) {
    if (v.is_null()) return -std::numeric_limits<float>::infinity();
    if (!v.is_number()) throw Error("a log-prob is not a number");
    const double x = v.get<double>();
    if (!(std::abs(x) <= std::numeric_limits<float>::max())) throw Error("a log-prob is out of range");
    return static_cast<float>(x);
}

std::vector<lm::TokenId> token_ids_in(const nlohmann::json& a) {
    if (!a.is_array()) throw Error("token ids are not an array");
    std::vector<lm::TokenId> ids;
    for (const auto& v : a) ids.push_back(token_id_in(v));
    return ids;
}

}  // namespace

std::vector<lm::TokenId> token_ids_field(const nlohmann::json& j, const char* name, int vocab_size) {
    std::vector<lm::TokenId> ids;
    if (!j.contains(name)) return ids;
    const auto& a = j.at(name);
    if (!a.is_array()) throw HttpError(400, std::string("\"") + name + "\" must be an array of token ids");
    ids.reserve(a.size());
    for (const auto& v : a) {
        if (!v.is_number_integer() || v.get<long long>() < 0 || v.get<long long>() >= vocab_size)
            throw HttpError(400, std::string("\"") + name + "\" holds " + v.dump() + ", not a token id below " + std::to_string(vocab_size));
        ids.push_back(static_cast<lm::TokenId>(v.get<long long>()));
    }
    return ids;
}

nlohmann::json generation_options_json(const lm::GenerationOptions& o) {
    auto stops = nlohmann::json::array();
    for (const auto& s : o.stop_strings) stops.push_back(to_hex(s));
    nlohmann::json j = {{"max_new_tokens", o.max_new_tokens},
                        {"max_context_tokens", o.max_context_tokens},
                        {"add_special_tokens", o.add_special_tokens},
                        {"temperature", o.temperature},
                        {"top_p", o.top_p},
                        {"seed", o.seed},
                        {"stop_strings_hex", stops},
                        {"stop_at_end_of_text", o.stop_at_end_of_text},
                        {"stop_token_ids", o.stop_token_ids},
                        {"top_k_alternatives", o.top_k_alternatives},
                        {"use_kv_cache", o.use_kv_cache},
                        {"required_prefix_hex", to_hex(o.required_prefix)}};
    // JSON has no infinity: absent means "no budget".
    if (std::isfinite(o.stop_above_cumulative_nll)) j["stop_above_cumulative_nll"] = o.stop_above_cumulative_nll;
    return j;
}

lm::GenerationOptions generation_options_from_json(const nlohmann::json& j, int vocab_size) {
    if (!j.is_object()) throw HttpError(400, "\"options\" must be a JSON object");
    lm::GenerationOptions o;
    o.max_new_tokens = static_cast<int>(integer_field(j, "max_new_tokens", 1, 4096).value_or(o.max_new_tokens));
    o.max_context_tokens = static_cast<int>(integer_field(j, "max_context_tokens", 0, 1 << 24).value_or(0));
    o.add_special_tokens = bool_field(j, "add_special_tokens").value_or(true);
    o.temperature = static_cast<float>(number_field(j, "temperature", 0, 100).value_or(0));
    o.top_p = static_cast<float>(number_field(j, "top_p", 0, 1).value_or(1));
    o.seed = static_cast<std::uint64_t>(integer_field(j, "seed", 0, std::numeric_limits<long long>::max()).value_or(0));
    if (j.contains("stop_strings_hex")) {
        for (const auto& hex : strings_field(j, "stop_strings_hex", 16)) {
            try {
                o.stop_strings.push_back(from_hex(hex));
            } catch (const Error& e) {
                throw HttpError(400, std::string("\"stop_strings_hex\": ") + e.what());
            }
        }
    }
    o.stop_at_end_of_text = bool_field(j, "stop_at_end_of_text").value_or(true);
    o.stop_token_ids = token_ids_field(j, "stop_token_ids", vocab_size);
    o.top_k_alternatives = static_cast<int>(integer_field(j, "top_k_alternatives", 0, 64).value_or(0));
    o.use_kv_cache = bool_field(j, "use_kv_cache").value_or(true);
    o.stop_above_cumulative_nll =
        number_field(j, "stop_above_cumulative_nll", -std::numeric_limits<double>::max(), std::numeric_limits<double>::max()).value_or(std::numeric_limits<double>::infinity());
    o.required_prefix = hex_field(j, "required_prefix_hex");
    return o;
}

nlohmann::json generation_json(const lm::Generation& g) {
    auto tokens = nlohmann::json::array();
    for (const auto& t : g.tokens) {
        auto top = nlohmann::json::array();
        for (const auto& a : t.top) top.push_back({a.id, logprob_json(a.logprob)});
        tokens.push_back({{"id", t.id}, {"logprob", logprob_json(t.logprob)}, {"top", top}});
    }
    return {{"tokens", tokens},
            {"stop_reason", lm::to_string(g.stop_reason)},
            {"reused_prefix_tokens", g.reused_prefix_tokens},
            {"computed_prefix_tokens", g.computed_prefix_tokens},
            {"typed_tokens", g.typed_tokens},
            {"required_prefix_done", g.required_prefix_done}};
}

lm::Generation generation_from_json(const nlohmann::json& j) {
    try {
        lm::Generation g;
        if (!j.at("tokens").is_array()) throw Error("\"tokens\" is not an array");
        for (const auto& t : j.at("tokens")) {
            lm::ScoredToken token{token_id_in(t.at("id")), logprob_in(t.at("logprob")), {}};
            if (!t.at("top").is_array()) throw Error("\"top\" is not an array");
            for (const auto& a : t.at("top")) token.top.push_back({token_id_in(a.at(0)), logprob_in(a.at(1))});
            g.tokens.push_back(std::move(token));
        }
        const auto reason = j.at("stop_reason").get<std::string>();
        bool known = false;
        for (const auto r : kStopReasons)
            if (reason == lm::to_string(r)) {
                g.stop_reason = r;
                known = true;
            }
        if (!known) throw Error("unknown stop reason \"" + reason + "\"");
        constexpr std::int64_t most = std::numeric_limits<int>::max();
        g.reused_prefix_tokens = integer_in(j.at("reused_prefix_tokens"), 0, most, "\"reused_prefix_tokens\"");
        g.computed_prefix_tokens = integer_in(j.at("computed_prefix_tokens"), 0, most, "\"computed_prefix_tokens\"");
        g.typed_tokens = static_cast<int>(integer_in(j.at("typed_tokens"), 0, static_cast<std::int64_t>(g.tokens.size()), "\"typed_tokens\""));
        g.required_prefix_done = j.at("required_prefix_done").get<bool>();
        return g;
    } catch (const std::exception& e) {
        throw Error(std::string("the server's generation is not in the expected form (") + e.what() + ")");
    }
}

nlohmann::json model_card_json(const ServedModelCard& c) {
    return {{"name", c.name},
            {"device", c.device},
            {"weight_format", c.weight_format},
            {"weights_provenance", c.weights_provenance},
            {"context_length", c.context_length},
            {"sequence_template",
             {{"begin", c.sequence_template.begin},
              {"end", c.sequence_template.end},
              {"empty_context", c.sequence_template.empty_context},
              {"origin", c.sequence_template.origin}}},
            {"tokenizer_json", c.tokenizer_json}};
}

ServedModelCard model_card_from_json(const nlohmann::json& j) {
    try {
        ServedModelCard c;
        c.name = j.at("name").get<std::string>();
        c.device = j.at("device").get<std::string>();
        c.weight_format = j.at("weight_format").get<std::string>();
        c.weights_provenance = j.at("weights_provenance").get<std::string>();
        c.context_length = static_cast<int>(integer_in(j.at("context_length"), 1, std::numeric_limits<int>::max(), "\"context_length\""));
        const auto& t = j.at("sequence_template");
        c.sequence_template.begin = token_ids_in(t.at("begin"));
        c.sequence_template.end = token_ids_in(t.at("end"));
        c.sequence_template.empty_context =
            static_cast<lm::TokenId>(integer_in(t.at("empty_context"), -1, std::numeric_limits<lm::TokenId>::max(), "\"empty_context\""));
        c.sequence_template.origin = t.at("origin").get<std::string>();
        c.tokenizer_json = j.at("tokenizer_json").get<std::string>();
        return c;
    } catch (const std::exception& e) {
        throw Error(std::string("the server's model description is not in the expected form (") + e.what() + ")");
    }
}

}  // namespace ew::serve

#include "serve/request_fields.h"

namespace ew::serve {

namespace {
[[noreturn]] void bad(const char* name, const std::string& why) { throw HttpError(400, std::string("\"") + name + "\" " + why); }
}  // namespace

nlohmann::json parse_body(const std::string& body) {
    try {
        return nlohmann::json::parse(body);
    } catch (const nlohmann::json::parse_error& e) {
        // nlohmann's message says where: "parse error at line 1, column 7: syntax error ..."
        std::string what = e.what();
        if (const auto at = what.find("parse error"); at != std::string::npos) what = what.substr(at);
        throw HttpError(400, "the body is not valid JSON: " + what);
    }
}

std::optional<std::string> string_field(const nlohmann::json& j, const char* name) {
    if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
    if (!j.at(name).is_string()) bad(name, "must be a string");
    return j.at(name).get<std::string>();
}

std::optional<double> number_field(const nlohmann::json& j, const char* name, double min, double max) {
    if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
    if (!j.at(name).is_number()) bad(name, "must be a number");
    const double v = j.at(name).get<double>();
    if (!(v >= min && v <= max)) bad(name, "must be between " + nlohmann::json(min).dump() + " and " + nlohmann::json(max).dump());
    return v;
}

std::optional<long long> integer_field(const nlohmann::json& j, const char* name, long long min, long long max) {
    if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
    if (!j.at(name).is_number_integer()) bad(name, "must be an integer");
    const auto v = j.at(name).get<long long>();
    if (v < min || v > max) bad(name, "must be between " + std::to_string(min) + " and " + std::to_string(max));
    return v;
}

std::optional<bool> bool_field(const nlohmann::json& j, const char* name) {
    if (!j.contains(name) || j.at(name).is_null()) return std::nullopt;
    if (!j.at(name).is_boolean()) bad(name, "must be true or false");
    return j.at(name).get<bool>();
}

std::vector<std::string> strings_field(const nlohmann::json& j, const char* name, std::size_t max) {
    std::vector<std::string> out;
    if (!j.contains(name) || j.at(name).is_null()) return out;
    const auto& v = j.at(name);
    if (v.is_string()) return {v.get<std::string>()};
    if (!v.is_array()) bad(name, "must be a string or an array of strings");
    if (v.size() > max) bad(name, "may hold at most " + std::to_string(max) + " strings");
    for (const auto& s : v) {
        if (!s.is_string()) bad(name, "must be a string or an array of strings");
        out.push_back(s.get<std::string>());
    }
    return out;
}

}  // namespace ew::serve

namespace ew::serve {

empower::SuggestionPolicy policy_with_extension(const nlohmann::json& body, empower::SuggestionPolicy policy) {
    if (!body.contains("empower") || body.at("empower").is_null()) return policy;
    const auto& e = body.at("empower");
    if (!e.is_object()) throw HttpError(400, "\"empower\" must be an object: {\"policy\", \"eta\", \"units\"}");
    if (const auto name = string_field(e, "policy")) {
        auto parsed = empower::SuggestionPolicy::parse(*name);
        if (!parsed) throw HttpError(400, "\"empower.policy\" must be empower, base or base-N (optionally +instruct), not \"" + *name + "\"");
        if (parsed->adaptive)
            throw HttpError(400, "\"empower.policy\": empower-auto learns from what a user keeps of each suggestion, which a server does "
                                 "not see; use empower with an η");
        parsed->eta = policy.eta;
        parsed->unit = policy.unit;
        parsed->max_tokens = policy.max_tokens;
        parsed->context_tokens = policy.context_tokens;
        parsed->lookahead = policy.lookahead;
        policy = *parsed;
    }
    if (const auto units = string_field(e, "units")) {
        const auto unit = empower::parse_unit(*units);
        if (!unit) throw HttpError(400, "\"empower.units\" must be nats or bits, not \"" + *units + "\"");
        policy.unit = *unit;
    }
    if (const auto eta = number_field(e, "eta", 1e-6, 1e6)) policy.eta = *eta;
    return policy;
}

}  // namespace ew::serve

// Reading a protocol's JSON body field by field, with a one-line reason (an HTTP 400) for whatever
// is missing or of the wrong type. Fields a protocol does not know are ignored, as OpenAI- and
// llama.cpp-compatible servers do: clients send many (penalties, samplers) that mean nothing here.
#pragma once
#include "serve/http_error.h"

#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <vector>

namespace ew::serve {

nlohmann::json parse_body(const std::string& body);  // throws HttpError(400) unless valid JSON

std::optional<std::string> string_field(const nlohmann::json& j, const char* name);
std::optional<double> number_field(const nlohmann::json& j, const char* name, double min, double max);
std::optional<long long> integer_field(const nlohmann::json& j, const char* name, long long min, long long max);
std::optional<bool> bool_field(const nlohmann::json& j, const char* name);
// A string or an array of strings (OpenAI's `stop`, llama.cpp's `stop`); at most `max` of them.
std::vector<std::string> strings_field(const nlohmann::json& j, const char* name, std::size_t max);

}  // namespace ew::serve

#include "empower/suggestion_policy.h"

namespace ew::serve {
// The request's `"empower": {"policy", "eta", "units", "lookahead"}` over the server's policy.
empower::SuggestionPolicy policy_with_extension(const nlohmann::json& body, empower::SuggestionPolicy policy);
}  // namespace ew::serve

#include "serve/openai_protocol.h"

#include "serve/request_fields.h"
#include "support/json_text.h"

#include <limits>

namespace ew::serve {

OpenAiCall openai_call(const std::string& body, const empower::SuggestionPolicy& defaults) {
    const auto j = parse_body(body);
    if (!j.is_object()) throw HttpError(400, "the body must be a JSON object with a \"prompt\"");
    OpenAiCall call;
    if (!j.contains("prompt")) throw HttpError(400, "\"prompt\" is required");
    const auto& prompt = j.at("prompt");
    if (prompt.is_string())
        call.job.prefix = prompt.get<std::string>();
    else if (prompt.is_array() && prompt.size() == 1 && prompt[0].is_string())
        call.job.prefix = prompt[0].get<std::string>();
    else
        throw HttpError(400, "\"prompt\" must be a string (or an array of one string; batches are not served)");
    if (const auto n = integer_field(j, "n", 1, 1000); n && *n != 1) throw HttpError(400, "\"n\" must be 1: one completion per request");
    call.job.policy = policy_with_extension(j, defaults);
    if (const auto max = integer_field(j, "max_tokens", 1, 4096)) call.job.policy.max_tokens = static_cast<int>(*max);
    call.stop = strings_field(j, "stop", 4);
    call.job.temperature = static_cast<float>(number_field(j, "temperature", 0, 2).value_or(0));
    call.job.top_p = static_cast<float>(number_field(j, "top_p", 0, 1).value_or(1));
    call.job.seed = static_cast<std::uint64_t>(integer_field(j, "seed", 0, std::numeric_limits<long long>::max()).value_or(0));
    if (const auto lp = integer_field(j, "logprobs", 0, 5)) {
        call.logprobs = static_cast<int>(*lp);
        call.job.top_k = static_cast<int>(*lp);
    }
    call.echo = bool_field(j, "echo").value_or(false);
    call.stream = bool_field(j, "stream").value_or(false);
    call.job.client = string_field(j, "user").value_or("");
    return call;
}

namespace {

nlohmann::json logprobs_json(const OpenAiCall& call, const ServedCompletion& completion) {
    const std::size_t base = call.echo ? call.job.prefix.size() : 0;  // offsets into the choice's text
    nlohmann::json tokens = nlohmann::json::array(), lps = nlohmann::json::array(), tops = nlohmann::json::array(),
                   offsets = nlohmann::json::array();
    for (const auto& t : completion.tokens) {
        if (!t.shown) continue;
        tokens.push_back(t.text);
        lps.push_back(t.logprob);
        offsets.push_back(base + t.offset);
        nlohmann::json top = nlohmann::json::object();
        for (std::size_t k = 0; k < t.top.size() && static_cast<int>(k) < *call.logprobs; ++k) top[t.top[k].first] = t.top[k].second;
        tops.push_back(top);
    }
    return {{"tokens", tokens}, {"token_logprobs", lps}, {"top_logprobs", tops}, {"text_offset", offsets}};
}

nlohmann::json envelope(const OpenAiReplyContext& context, nlohmann::json choice) {
    return {{"id", context.id},
            {"object", "text_completion"},
            {"created", context.created},
            {"model", context.model},
            {"choices", nlohmann::json::array({std::move(choice)})}};
}

}  // namespace

nlohmann::json openai_completion(const OpenAiCall& call, const ServedCompletion& completion, const empower::Suggestion& suggestion,
                                 const OpenAiReplyContext& context) {
    nlohmann::json choice = {{"index", 0},
                             {"text", call.echo ? call.job.prefix + completion.text : completion.text},
                             {"finish_reason", completion.finish_reason},
                             {"logprobs", call.logprobs ? logprobs_json(call, completion) : nlohmann::json(nullptr)}};
    auto j = envelope(context, std::move(choice));
    j["usage"] = {{"prompt_tokens", context.prompt_tokens},
                  {"completion_tokens", completion.tokens.size()},
                  {"total_tokens", context.prompt_tokens + completion.tokens.size()}};
    j["empower"] = empower_extension(completion, suggestion, call.job.policy);
    return j;
}

namespace {
std::string sse(const nlohmann::json& j) { return "data: " + json_text(j) + "\n\n"; }
}  // namespace

std::string openai_text_event(const OpenAiReplyContext& context, const std::string& text) {
    return sse(envelope(context, {{"index", 0}, {"text", text}, {"finish_reason", nullptr}, {"logprobs", nullptr}}));
}

std::string openai_stream_end(const OpenAiCall& call, const ServedCompletion& completion, const empower::Suggestion& suggestion,
                              const OpenAiReplyContext& context, const std::string& rest) {
    std::string out = rest.empty() ? std::string() : openai_text_event(context, rest);
    auto last = envelope(context, {{"index", 0}, {"text", ""}, {"finish_reason", completion.finish_reason}, {"logprobs", nullptr}});
    last["empower"] = empower_extension(completion, suggestion, call.job.policy);
    out += sse(last);
    out += "data: [DONE]\n\n";
    return out;
}

std::string openai_event_stream(const OpenAiCall& call, const ServedCompletion& completion, const empower::Suggestion& suggestion,
                                const OpenAiReplyContext& context) {
    const std::string text = call.echo ? call.job.prefix + completion.text : completion.text;
    std::string out;
    if (!text.empty())
        out += sse(envelope(context, {{"index", 0},
                                      {"text", text},
                                      {"finish_reason", nullptr},
                                      {"logprobs", call.logprobs ? logprobs_json(call, completion) : nlohmann::json(nullptr)}}));
    return out + openai_stream_end(call, completion, suggestion, context, {});
}

nlohmann::json openai_models(const std::string& model) {
    return {{"object", "list"},
            {"data", nlohmann::json::array({{{"id", model}, {"object", "model"}, {"created", 0}, {"owned_by", "empower-workbench"}}})}};
}

nlohmann::json openai_error(int status, const std::string& message) {
    const char* type = status == 401 ? "authentication_error" : status == 503 ? "server_busy" : status >= 500 ? "server_error" : "invalid_request_error";
    return {{"error", {{"message", message}, {"type", type}, {"code", status}}}};
}

}  // namespace ew::serve

#include "serve/infill_protocol.h"

#include "empower/line_suffix.h"
#include "serve/request_fields.h"

#include <limits>

namespace ew::serve {

InfillCall infill_call(const std::string& body, const empower::SuggestionPolicy& defaults) {
    const auto j = parse_body(body);
    if (!j.is_object()) throw HttpError(400, "the body must be a JSON object with \"input_prefix\"");
    InfillCall call;
    call.job.prefix = string_field(j, "input_prefix").value_or("") + string_field(j, "prompt").value_or("");
    const std::string suffix = string_field(j, "input_suffix").value_or("");
    const std::string rest_of_line = suffix.substr(0, suffix.find('\n'));
    if (empower::is_mid_line(rest_of_line) && empower::allows_suggestion_before(rest_of_line)) call.job.line_suffix = rest_of_line;
    call.job.policy = policy_with_extension(j, defaults);
    // n_predict: -1 means "until done" in llama.cpp; here the server's cap then applies.
    if (const auto n = integer_field(j, "n_predict", -1, 4096); n && *n > 0) call.job.policy.max_tokens = static_cast<int>(*n);
    call.stop = strings_field(j, "stop", 16);
    call.job.temperature = static_cast<float>(number_field(j, "temperature", 0, 2).value_or(0));
    call.job.top_p = static_cast<float>(number_field(j, "top_p", 0, 1).value_or(1));
    if (const auto seed = integer_field(j, "seed", -1, std::numeric_limits<long long>::max()); seed && *seed >= 0)
        call.job.seed = static_cast<std::uint64_t>(*seed);
    if (bool_field(j, "stream").value_or(false)) throw HttpError(400, "\"stream\": /infill answers in one response here; send stream: false");
    return call;
}

nlohmann::json infill_response(const InfillCall& call, const ServedCompletion& completion, const empower::Suggestion& suggestion,
                               const std::string& model, std::size_t prompt_tokens) {
    return {{"content", completion.text},
            {"stop", true},
            {"model", model},
            {"tokens_predicted", completion.tokens.size()},
            {"tokens_evaluated", prompt_tokens},
            {"tokens_cached", suggestion.reused_prefix_tokens},
            {"truncated", false},
            {"stop_type", completion.finish_reason == "length" ? "limit" : "eos"},
            {"timings", {{"predicted_n", completion.tokens.size()}, {"predicted_ms", suggestion.latency_ms}}},
            {"empower", empower_extension(completion, suggestion, call.job.policy)}};
}

}  // namespace ew::serve

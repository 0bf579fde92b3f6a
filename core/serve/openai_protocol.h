// OpenAI-compatible text completions: `POST /v1/completions` and `GET /v1/models`. Supported:
// prompt (a string, or an array of one), max_tokens, stop (≤ 4), temperature (absent: 0, greedy —
// the paper's setting; OpenAI's own default is 1), top_p, seed, logprobs (0–5: the shown tokens'
// log-probs and that many alternatives), echo, stream (server-sent events), user (whose KV cache to
// reuse), and the extension object "empower": {"policy", "eta", "units"}. The response carries
// "empower": the policy, the cut and every generated token's log-prob and cumulative NLL.
// With stream, the completion arrives as one text event once it is cut (generation stops at the cut),
// then the event with finish_reason and the extension, then [DONE] — not token by token.
#pragma once
#include "serve/completion_service.h"
#include "serve/served_completion.h"

#include <optional>
#include <string>

namespace ew::serve {

struct OpenAiCall {
    CompletionJob job;
    std::vector<std::string> stop;
    std::optional<int> logprobs;
    bool echo = false, stream = false;
};

OpenAiCall openai_call(const std::string& body, const empower::SuggestionPolicy& defaults);  // throws HttpError(400)

struct OpenAiReplyContext {
    std::string id, model;
    long long created = 0;  // unix seconds
    std::size_t prompt_tokens = 0;
};
nlohmann::json openai_completion(const OpenAiCall& call, const ServedCompletion& completion, const empower::Suggestion& suggestion,
                                  const OpenAiReplyContext& context);
// The same completion as server-sent events in one go, ending with "data: [DONE]" (with
// `logprobs`, whose per-token figures belong to the finished completion).
std::string openai_event_stream(const OpenAiCall& call, const ServedCompletion& completion, const empower::Suggestion& suggestion,
                                const OpenAiReplyContext& context);
// Streaming as the text is generated: one event per piece of final text, then the end — `rest`
// (the text not yet sent), the finish reason with the Empower extension, and "data: [DONE]".
std::string openai_text_event(const OpenAiReplyContext& context, const std::string& text);
std::string openai_stream_end(const OpenAiCall& call, const ServedCompletion& completion, const empower::Suggestion& suggestion,
                              const OpenAiReplyContext& context, const std::string& rest);
nlohmann::json openai_models(const std::string& model);
// {"error": {"message", "type", "code"}}, the shape OpenAI clients read.
nlohmann::json openai_error(int status, const std::string& message);

}  // namespace ew::serve

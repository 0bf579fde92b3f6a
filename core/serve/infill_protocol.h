// llama.cpp server's `POST /infill`, as editor plugins such as llama.vim and llama.vscode call it:
// input_prefix, input_suffix, prompt (text typed after input_prefix), n_predict, temperature, top_p,
// seed, stop; the answer's `content` is the text to insert. Our models are not trained to fill in
// the middle, so the suffix is context only: when the rest of the caret's line is only closing
// brackets or quotes, the suggestion is fitted in front of them (as in the editor); everything
// else after the caret, and `input_extra` (other files' chunks), does not reach the model.
#pragma once
#include "serve/completion_service.h"
#include "serve/served_completion.h"

namespace ew::serve {

struct InfillCall {
    CompletionJob job;
    std::vector<std::string> stop;
};

InfillCall infill_call(const std::string& body, const empower::SuggestionPolicy& defaults);  // throws HttpError(400)
nlohmann::json infill_response(const InfillCall& call, const ServedCompletion& completion, const empower::Suggestion& suggestion,
                               const std::string& model, std::size_t prompt_tokens);

}  // namespace ew::serve

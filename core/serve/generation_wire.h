// The wire format of a model served for generation (`POST /empower/v1/generate`, GET
// /empower/v1/model): a GenerationSession's call and answer, and what a client needs to tokenize as
// the server does. A workstation then runs Empower's own logic (healing, the cut, lookahead, the
// η slider) on a model that sits on another machine (serve/remote_language_model.h), with the
// same token ids and log-probs as in process. Byte strings (typed text backed up by healing, stop
// strings) travel as hex: a token boundary may split a UTF-8 character, and JSON text may not.
#pragma once
#include "lm/language_model.h"

#include <nlohmann/json.hpp>
#include <string>
#include <vector>

namespace ew::serve {

nlohmann::json generation_options_json(const lm::GenerationOptions& options);
// Throws HttpError(400) naming the field that is missing or out of range. `on_token` stays empty.
lm::GenerationOptions generation_options_from_json(const nlohmann::json& j, int vocab_size);

// `j[name]` as token ids below `vocab_size` (empty when absent); throws HttpError(400) otherwise.
std::vector<lm::TokenId> token_ids_field(const nlohmann::json& j, const char* name, int vocab_size);

nlohmann::json generation_json(const lm::Generation& generation);
// Throws ew::Error (the server's answer is not a generation).
lm::Generation generation_from_json(const nlohmann::json& j);

// What a client needs: the tokenizer (tokenizer.json text), the framing, the model's identity.
struct ServedModelCard {
    std::string name, device, weight_format, weights_provenance;
    int context_length = 0;
    text::SequenceTemplate sequence_template;
    std::string tokenizer_json;
};
nlohmann::json model_card_json(const ServedModelCard& card);
ServedModelCard model_card_from_json(const nlohmann::json& j);  // throws ew::Error

std::string to_hex(std::string_view bytes);
std::string from_hex(std::string_view hex);  // throws ew::Error on odd length or a non-hex digit

}  // namespace ew::serve

#include "serve/tab_frontend_protocol.h"

#include "serve/request_fields.h"
#include "support/json_text.h"

namespace ew::serve {

std::string tab_frontend_prefix(const std::string& body) {
    const auto j = parse_body(body);
    if (!j.is_array() || j.size() != 1 || !j[0].is_string())
        throw HttpError(400, "the body must be a JSON array holding one string, the text before the caret: [\"<prefix>\"]");
    return j[0].get<std::string>();
}

std::string tab_frontend_reply(const std::string& prefix, const ServedCompletion& completion) {
    return json_text(nlohmann::json::array({prefix + completion.text}));
}

}  // namespace ew::serve

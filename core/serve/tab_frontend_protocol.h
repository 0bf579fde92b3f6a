// The protocol of the paper's own study editor (festusev/tab_frontend): `POST /` or `POST /<name>/`
// with the JSON body ["<prefix>"]; the answer is ["<prefix><suggestion>"], and the client slices
// the suggestion off after the prefix. Nothing else travels: the server's policy and η apply.
#pragma once
#include "serve/served_completion.h"

#include <string>

namespace ew::serve {

std::string tab_frontend_prefix(const std::string& body);  // throws HttpError(400)
std::string tab_frontend_reply(const std::string& prefix, const ServedCompletion& completion);

}  // namespace ew::serve

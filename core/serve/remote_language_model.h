// A model that another machine serves (`empower serve` there, serve/generation_wire.h), used here
// as any other LanguageModel: the tokenizer comes from the server once, and each generate() is one
// HTTP call on a session of its own, so the server keeps that session's KV cache between
// keystrokes. Empower's logic — healing, the cut, the lookahead, the η slider — runs on this side
// with the server's token ids and log-probs, so an arm served from a GPU machine behaves exactly
// as the same model in process. Cancelling a generate() closes its connection; the server sees
// it gone and stops between tokens.
//
// It generates only: score() throws (the whole-file heat map needs a local model), and tokens
// arrive with the answer rather than one by one (on_token is called for each, in order, then).
#pragma once
#include "lm/language_model.h"

#include <memory>
#include <string>

namespace ew::serve {

struct RemoteEndpoint {
    std::string url;      // as given: "http://host:port[/prefix]"
    std::string host;
    int port = 80;
    std::string path_prefix;  // "" or "/prefix" (a reverse proxy's mount point)
};
// Throws ew::Error with a one-line reason for anything but http://host[:port][/path].
RemoteEndpoint parse_remote_endpoint(const std::string& url);

// Fetches the server's model description (GET /empower/v1/model); throws ew::Error naming the URL
// and what went wrong (unreachable, 401 without the right key, not an Empower server, ...).
std::shared_ptr<const lm::LanguageModel> connect_remote_model(const std::string& url, const std::string& api_key = {});

// The key in a file (its trailing newline dropped), so that it stays out of designs, logs and
// command lines; throws ew::Error naming the file when it cannot be read or is empty.
std::string read_api_key_file(const std::string& path);

}  // namespace ew::serve

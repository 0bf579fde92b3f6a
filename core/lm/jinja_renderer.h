// Renders Hugging Face chat templates with Python's jinja2, set up as `transformers` sets it up
// (apply_chat_template): an ImmutableSandboxedEnvironment with trim_blocks and lstrip_blocks, the
// loopcontrols extension, a pass-through {% generation %} block, its tojson filter (non-ASCII kept)
// and the raise_exception / strftime_now globals. jinja2 *is* the reference engine, so prompts
// match transformers' byte for byte; no C++ Jinja engine is packaged in Debian 12, and writing one
// would be a second implementation to keep in step with every new template.
//
// One helper process (/usr/bin/python3 with Debian's python3-jinja2) serves the whole process
// over pipes, one JSON line per request, so a render costs about a millisecond after the first.
// It is started on first use and restarted after it dies; a render that takes longer than the
// timeout (a template that loops) kills it and is reported as an error.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <string>

namespace ew::lm {

// `context` holds the template's variables (messages, add_generation_prompt, bos_token, ...).
// `today`: "YYYY-MM-DD" makes strftime_now() format that day instead of the clock's (recorded
// runs render the same prompt tomorrow); empty: the real date, as transformers does.
// Throws ew::Error with the template's own message for a template error (raise_exception),
// and a clear one when python3 or jinja2 is missing.
std::string render_jinja_template(const std::string& source, const nlohmann::json& context, const std::string& today = {},
                                  double timeout_seconds = 10.0);

// The Python program the helper runs (for tests and `empower chat-prompt --print-renderer`).
const char* jinja_renderer_program();

}  // namespace ew::lm

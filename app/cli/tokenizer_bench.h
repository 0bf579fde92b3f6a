// `empower bench --tokenizer-bench TOKENIZER.json`: encode time of texts whose pre-tokenizer chunks
// are long — where BPE merging's cost in the chunk length shows — next to ordinary text.
#pragma once
#include <cstddef>
#include <filesystem>
#include <nlohmann/json.hpp>
#include <string>

namespace ew::cli {

// Encodes, each `bytes` long: `source` on one line (newlines as spaces; ordinary short chunks), a
// run of spaces (one chunk), one long "word" of random letters (one chunk: a minified or base64
// line), and the one-line source with the pre-tokenizer switched off (the whole text one chunk).
// Prints one line per text as it finishes (so a slow one can be cut short) and returns the figures.
nlohmann::json bench_tokenizer(const std::filesystem::path& tokenizer_json, const std::string& source, std::size_t bytes, bool quiet);

}  // namespace ew::cli

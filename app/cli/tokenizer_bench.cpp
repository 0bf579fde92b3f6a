#include "cli/tokenizer_bench.h"

#include "support/error.h"
#include "support/file_io.h"
#include "text/bpe_tokenizer.h"

#include <chrono>
#include <cstdio>
#include <random>

namespace ew::cli {

nlohmann::json bench_tokenizer(const std::filesystem::path& tokenizer_json, const std::string& source, std::size_t bytes, bool quiet) {
    if (source.empty()) throw Error("the tokenizer bench needs a non-empty source text");
    const std::string json_text = read_file(tokenizer_json);
    auto loaded_at = std::chrono::steady_clock::now();
    const auto tok = text::BpeTokenizer::from_json_text(json_text, tokenizer_json.string());
    const double load_ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - loaded_at).count();
    auto unsplit_json = nlohmann::json::parse(json_text);
    unsplit_json["pre_tokenizer"] = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}};
    const auto unsplit = text::BpeTokenizer::from_json_text(unsplit_json.dump(), tokenizer_json.string() + " (no pre-tokenizer)");

    std::string one_line;
    while (one_line.size() < bytes) one_line += source;
    one_line.resize(bytes);
    for (auto& c : one_line)
        if (c == '\n' || c == '\r') c = ' ';
    const std::string spaces(bytes, ' ');
    std::string word(bytes, 'a');
    std::mt19937 rng(3);
    for (auto& c : word) c = static_cast<char>('a' + rng() % 26);

    nlohmann::json out = {{"tokenizer", tokenizer_json.string()}, {"bytes", bytes}, {"load_ms", load_ms}};
    if (!quiet) std::printf("tokenizer %s: %zu bytes per text (load %.0f ms)\n", tokenizer_json.c_str(), bytes, load_ms);
    const struct {
        const char* name;
        const text::BpeTokenizer& tok;
        const std::string& text;
    } cases[] = {{"single_line", tok, one_line}, {"spaces", tok, spaces}, {"one_word", tok, word},
                 {"single_line_unsplit", unsplit, one_line}};
    for (const auto& c : cases) {
        const auto t0 = std::chrono::steady_clock::now();
        const auto ids = c.tok.encode(c.text);
        const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
        if (c.tok.decode(ids) != c.text) throw Error(std::string("the tokenizer bench's ") + c.name + " text does not round-trip");
        out[std::string(c.name) + "_ms"] = ms;
        out[std::string(c.name) + "_tokens"] = ids.size();
        if (!quiet) {
            std::printf("  %-20s %10.1f ms  %8zu tokens\n", c.name, ms, ids.size());
            std::fflush(stdout);
        }
    }
    return out;
}

}  // namespace ew::cli

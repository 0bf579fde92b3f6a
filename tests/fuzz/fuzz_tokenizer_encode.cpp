// The tokenizer on arbitrary bytes: the bundled byte-level BPE with its pre-tokenizer regex, the
// same without a pre-tokenizer (one chunk: the long-chunk merge path), with an NFC normalizer, and
// a SentencePiece-style one (Gemma 3's shape: " " → "▁", characters with byte fallback, one chunk).
// Neither loses anything, so decode(encode(text)) must give the text back (for the last, unless
// the text itself contains "▁", which decodes as a space, as in Hugging Face).
#include "fuzz_support.h"
#include "support/file_io.h"
#include "text/bpe_tokenizer.h"

#include <nlohmann/json.hpp>

namespace {

struct Tokenizers {
    ew::text::BpeTokenizer split, unsplit, nfc, byte_fallback;
};

// Printable ASCII and "▁" as characters, the 256 byte tokens, and merges that chain ("▁" + letter,
// then + letter again), so long runs exercise the heap merge loop.
std::string byte_fallback_tokenizer_json() {
    nlohmann::json vocab = {{"<bos>", 0}};
    static constexpr char hex[] = "0123456789ABCDEF";
    for (int b = 0; b < 256; ++b) vocab[std::string("<0x") + hex[b >> 4] + hex[b & 15] + ">"] = 1 + b;
    int next = 257;
    const std::string space = "\u2581";
    vocab[space] = next++;
    for (char c = 33; c < 127; ++c) vocab[std::string(1, c)] = next++;
    nlohmann::json merges = nlohmann::json::array();
    for (const char* word : {"def", "return", "self", "for", "in", "the", "ab", "aa"}) {
        std::string made = space;
        for (const char* c = word; *c; ++c) {
            merges.push_back({made, std::string(1, *c)});
            made += *c;
            if (!vocab.contains(made)) vocab[made] = next++;
        }
    }
    merges.push_back({space, space});
    vocab[space + space] = next++;
    return nlohmann::json{{"added_tokens", {{{"id", 0}, {"content", "<bos>"}, {"special", true}}}},
                          {"normalizer", {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", space}}},
                          {"pre_tokenizer", {{"type", "Split"}, {"pattern", {{"String", " "}}}, {"behavior", "MergedWithPrevious"}}},
                          {"decoder", {{"type", "Sequence"}, {"decoders", {{{"type", "Replace"}, {"pattern", {{"String", space}}}, {"content", " "}},
                                                                           {{"type", "ByteFallback"}}, {{"type", "Fuse"}}}}}},
                          {"model", {{"type", "BPE"}, {"byte_fallback", true}, {"vocab", vocab}, {"merges", merges}}}}
        .dump();
}

const Tokenizers& tokenizers() {
    static const Tokenizers t = [] {
        const std::string text = ew::read_file(std::string(EW_SOURCE_RESOURCES) + "/models/default/tokenizer.json");
        auto json = nlohmann::json::parse(text);
        json["pre_tokenizer"] = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}};
        auto nfc = nlohmann::json::parse(text);
        nfc["normalizer"] = {{"type", "NFC"}};
        return Tokenizers{ew::text::BpeTokenizer::from_json_text(text, "bundled tokenizer.json"),
                          ew::text::BpeTokenizer::from_json_text(json.dump(), "unsplit tokenizer.json"),
                          ew::text::BpeTokenizer::from_json_text(nfc.dump(), "NFC tokenizer.json"),
                          ew::text::BpeTokenizer::from_json_text(byte_fallback_tokenizer_json(), "byte-fallback tokenizer.json")};
    }();
    return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const auto& t = tokenizers();
    const int which = data[0] % 4;  // the first byte picks the tokenizer
    const auto text = ew::fuzz::as_text(data + 1, size - 1);
    const auto& tok = which == 0 ? t.split : which == 1 ? t.unsplit : which == 2 ? t.nfc : t.byte_fallback;
    ew::fuzz::expect_clean([&] {
        const auto ids = tok.encode(text);
        for (const auto id : ids) ew::fuzz::require(id >= 0 && id < tok.vocab_size(), "ids lie in the vocabulary");
        const auto with_added = tok.encode_with_added_tokens(text);
        if (which != 2 && !(which == 3 && text.find("\xe2\x96\x81") != std::string::npos)) {  // NFC changes the text on purpose
            ew::fuzz::require(tok.decode(ids) == text, "decode(encode(text)) == text");
            ew::fuzz::require(tok.decode(with_added) == text, "decode(encode_with_added_tokens(text)) == text");
        }
    });
    return 0;
}

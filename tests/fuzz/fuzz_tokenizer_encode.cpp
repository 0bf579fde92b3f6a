// The tokenizer on arbitrary bytes: the bundled byte-level BPE with its pre-tokenizer regex, the
// same without a pre-tokenizer (one chunk: the long-chunk merge path), and with an NFC normalizer.
// Byte-level BPE loses nothing, so decode(encode(text)) must give the text back.
#include "fuzz_support.h"
#include "support/file_io.h"
#include "text/bpe_tokenizer.h"

#include <nlohmann/json.hpp>

namespace {

struct Tokenizers {
    ew::text::BpeTokenizer split, unsplit, nfc;
};

const Tokenizers& tokenizers() {
    static const Tokenizers t = [] {
        const std::string text = ew::read_file(std::string(EW_SOURCE_RESOURCES) + "/models/default/tokenizer.json");
        auto json = nlohmann::json::parse(text);
        json["pre_tokenizer"] = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}};
        auto nfc = nlohmann::json::parse(text);
        nfc["normalizer"] = {{"type", "NFC"}};
        return Tokenizers{ew::text::BpeTokenizer::from_json_text(text, "bundled tokenizer.json"),
                          ew::text::BpeTokenizer::from_json_text(json.dump(), "unsplit tokenizer.json"),
                          ew::text::BpeTokenizer::from_json_text(nfc.dump(), "NFC tokenizer.json")};
    }();
    return t;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const auto& t = tokenizers();
    const int which = data[0] % 3;  // the first byte picks the tokenizer
    const auto text = ew::fuzz::as_text(data + 1, size - 1);
    const auto& tok = which == 0 ? t.split : which == 1 ? t.unsplit : t.nfc;
    ew::fuzz::expect_clean([&] {
        const auto ids = tok.encode(text);
        for (const auto id : ids) ew::fuzz::require(id >= 0 && id < tok.vocab_size(), "ids lie in the vocabulary");
        const auto with_added = tok.encode_with_added_tokens(text);
        if (which != 2) {  // NFC changes the text on purpose
            ew::fuzz::require(tok.decode(ids) == text, "decode(encode(text)) == text");
            ew::fuzz::require(tok.decode(with_added) == text, "decode(encode_with_added_tokens(text)) == text");
        }
    });
    return 0;
}

// tokenizer.json: vocabulary, merges, added tokens, pre-tokenizer pattern, normalizer. A tokenizer
// that loads must encode and decode, and what it writes must load again.
#include "fuzz_support.h"
#include "text/bpe_tokenizer.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ew::fuzz::expect_clean([&] {
        const auto tok = ew::text::BpeTokenizer::from_json_text(ew::fuzz::as_text(data, size), "tokenizer.json");
        const auto ids = tok.encode_with_added_tokens("def f(x):\n    return x  # <|endoftext|> \xc3\xa9\xe2\x82\xac\n");
        (void)tok.decode(ids);
        const auto again = ew::text::BpeTokenizer::from_json_text(tok.to_json_text(), "written tokenizer.json");
        ew::fuzz::require(again.encode_with_added_tokens("def f(x):\n    return x") ==
                              tok.encode_with_added_tokens("def f(x):\n    return x"),
                          "a written tokenizer encodes like the one read");
    });
    return 0;
}

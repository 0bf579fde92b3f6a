// tokenizer.json: vocabulary, merges, added tokens, pre-tokenizer pattern, normalizer, and the
// post_processor that decides the BOS (text/sequence_template.h). A tokenizer that loads must
// encode and decode, its post_processor must read cleanly or fail with a clear error, and what it
// writes must load again with the same post_processor.
#include "fuzz_support.h"
#include "text/bpe_tokenizer.h"
#include "text/sequence_template.h"

#include <nlohmann/json.hpp>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ew::fuzz::expect_clean([&] {
        const auto tok = ew::text::BpeTokenizer::from_json_text(ew::fuzz::as_text(data, size), "tokenizer.json");
        const auto ids = tok.encode_with_added_tokens("def f(x):\n    return x  # <|endoftext|> \xc3\xa9\xe2\x82\xac\n");
        (void)tok.decode(ids);
        const auto sequence = ew::text::sequence_template_from_post_processor(nlohmann::json::parse(tok.post_processor()), "tokenizer.json");
        (void)ew::text::framed_context(sequence, ids);
        const auto again = ew::text::BpeTokenizer::from_json_text(tok.to_json_text(), "written tokenizer.json");
        ew::fuzz::require(again.encode_with_added_tokens("def f(x):\n    return x") ==
                              tok.encode_with_added_tokens("def f(x):\n    return x"),
                          "a written tokenizer encodes like the one read");
        ew::fuzz::require(again.post_processor() == tok.post_processor(), "a written tokenizer keeps its post_processor");
    });
    return 0;
}

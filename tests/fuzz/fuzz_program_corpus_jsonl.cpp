// The dataset builder's program corpus as JSONL: {"text": ..., "problem": optional} per line.
#include "empower/program_corpus.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = ew::fuzz::write_scratch("corpus.jsonl", ew::fuzz::as_text(data, size));
    ew::fuzz::expect_clean([&] { (void)ew::empower::load_program_corpus(path); });
    return 0;
}

// A fine-tuning dataset ("prefix", "completion" per line), tokenized into training windows with
// the bundled tokenizer and a sequence template with zero, one or two BOS tokens (and with or
// without an empty-context token). Every example must fit the window: seq_len + 1 ids in all.
#include "fuzz_support.h"
#include "support/file_io.h"
#include "train/training_examples.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const auto tok = ew::text::BpeTokenizer::load(std::string(EW_SOURCE_RESOURCES) + "/models/default/tokenizer.json");
    if (size == 0) return 0;
    const int seq_len = 8 + data[0] % 64;  // FineTuneConfig allows seq_len >= 8
    ew::text::SequenceTemplate sequence;
    for (int i = 0; i < (data[0] >> 6) % 3; ++i) sequence.begin.push_back(1 + i);
    sequence.empty_context = (data[0] & 0x40) ? 3 : -1;
    const auto path = ew::fuzz::write_scratch("dataset.jsonl", ew::fuzz::as_text(data + 1, size - 1));
    ew::fuzz::expect_clean([&] {
        for (const auto& e : ew::train::load_training_examples(path, tok, sequence, 2, seq_len)) {
            ew::fuzz::require(e.ids.size() <= static_cast<std::size_t>(seq_len) + 1, "an example fits seq_len + 1 ids");
            ew::fuzz::require(e.first_target >= 1 && e.first_target < e.ids.size(), "the completion starts after something to condition on");
        }
    });
    return 0;
}

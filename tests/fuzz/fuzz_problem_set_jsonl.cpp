// LiveCodeBench-style problem sets: one problem per JSONL line, test cases as a list or as a JSON
// string holding one.
#include "eval/problem_set.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = ew::fuzz::write_scratch("problems.jsonl", ew::fuzz::as_text(data, size));
    ew::fuzz::expect_clean([&] { (void)ew::eval::load_livecodebench_jsonl(path); });
    return 0;
}

// An evaluation's eval.json (`empower eval --config`); an accepted config round-trips.
#include "eval/evaluation.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ew::fuzz::expect_clean([&] {
        const auto config = ew::eval::EvalConfig::from_json_text(std::string(ew::fuzz::as_text(data, size)), "eval.json");
        const auto again = ew::eval::EvalConfig::from_json_text(config.to_json_text(), "written eval.json");
        ew::fuzz::require(again.to_json_text() == config.to_json_text(), "eval.json round-trips");
    });
    return 0;
}

// A fine-tuning run.json (`empower train --config`); an accepted config round-trips.
#include "fuzz_support.h"
#include "train/fine_tune_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ew::fuzz::expect_clean([&] {
        const auto config = ew::train::FineTuneConfig::from_json_text(std::string(ew::fuzz::as_text(data, size)), "run.json");
        const auto again = ew::train::FineTuneConfig::from_json_text(config.to_json_text(), "written run.json");
        ew::fuzz::require(again.to_json_text() == config.to_json_text(), "run.json round-trips");
    });
    return 0;
}

// config.json (Hugging Face LlamaConfig fields). An accepted config must survive what the loader
// does next: sizes, the parameter count, and writing it out and reading it back unchanged.
#include "fuzz_support.h"
#include "model/model_config.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ew::fuzz::expect_clean([&] {
        const auto config = ew::model::ModelConfig::from_json_text(std::string(ew::fuzz::as_text(data, size)), "config.json");
        (void)config.context_window();
        (void)config.q_width();
        (void)config.kv_width();
        (void)config.parameter_count();
        const auto again = ew::model::ModelConfig::from_json_text(config.to_json_text(), "written config.json");
        ew::fuzz::require(again.to_json_text() == config.to_json_text(), "config.json round-trips");
    });
    return 0;
}

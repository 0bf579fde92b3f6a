// The remote-generation wire format (serve/generation_wire.h) on both ends: a server reads a
// workstation's options (POST /empower/v1/generate), a workstation reads a server's answer and
// model description. Whatever parses must write out and read back to the same values, and writing
// must never throw (JSON text may not carry raw bytes: they travel as hex).
#include "fuzz_support.h"
#include "serve/generation_wire.h"

namespace {

bool same_options(const ew::lm::GenerationOptions& a, const ew::lm::GenerationOptions& b) {
    return a.max_new_tokens == b.max_new_tokens && a.max_context_tokens == b.max_context_tokens &&
           a.add_special_tokens == b.add_special_tokens && a.temperature == b.temperature && a.top_p == b.top_p && a.seed == b.seed &&
           a.stop_strings == b.stop_strings && a.stop_at_end_of_text == b.stop_at_end_of_text && a.stop_token_ids == b.stop_token_ids &&
           a.top_k_alternatives == b.top_k_alternatives && a.use_kv_cache == b.use_kv_cache &&
           a.stop_above_cumulative_nll == b.stop_above_cumulative_nll && a.required_prefix == b.required_prefix;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(ew::fuzz::as_text(data, size));
    } catch (const nlohmann::json::exception&) {
        return 0;  // the server answers 400 "not valid JSON" before these parsers
    }
    using namespace ew::serve;
    ew::fuzz::expect_clean([&] {
        const auto options = generation_options_from_json(j, 1000);
        const auto again = generation_options_from_json(nlohmann::json::parse(generation_options_json(options).dump()), 1000);
        ew::fuzz::require(same_options(options, again), "generation options round-trip");
    });
    ew::fuzz::expect_clean([&] {
        const auto generation = generation_from_json(j);
        const auto text = generation_json(generation).dump();
        ew::fuzz::require(generation_json(generation_from_json(nlohmann::json::parse(text))).dump() == text, "a generation round-trips");
    });
    ew::fuzz::expect_clean([&] {
        const auto card = model_card_from_json(j);
        const auto text = model_card_json(card).dump();
        ew::fuzz::require(model_card_json(model_card_from_json(nlohmann::json::parse(text))).dump() == text, "a model card round-trips");
    });
    return 0;
}

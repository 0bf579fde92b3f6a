// A study design JSON (`empower study create --design`). The input is parsed as the CLI does;
// a design that validates must write out and read back to the same design.
#include "fuzz_support.h"
#include "study/study_design.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(ew::fuzz::as_text(data, size));
    } catch (const nlohmann::json::exception&) {
        return 0;  // the CLI reports "not valid JSON" (parse_error, or out_of_range for 1e99999)
    }
    ew::fuzz::expect_clean([&] {
        const auto design = ew::study::StudyDesign::from_json(j, "study.json");
        const auto again = ew::study::StudyDesign::from_json(design.to_json(), "written study.json");
        ew::fuzz::require(again.to_json() == design.to_json(), "a design round-trips");
    });
    return 0;
}

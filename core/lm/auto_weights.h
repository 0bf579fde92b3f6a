// What `--weights auto` holds a checkpoint's matrices as on the CPU: the fastest kind, timed on
// this machine at load, among those that cannot move a researcher's result —
//  - exact kinds: as stored, and float32 for a bfloat16 checkpoint (widening bf16 is exact);
//  - kinds that round (bf16 of a float32 checkpoint, int8) only when this checkpoint's recorded
//    agreement (lm/weight_agreement.h, `empower calibrate-weights`) says ≥ 99 % of Empower cuts
//    at η = 8 and 16 stay where float32 puts them;
//  - and only kinds whose memory estimate fits.
// The choice and its reason go into the model's weight_format(), which every run, evaluation and
// study session records.
#pragma once
#include "lm/weight_agreement.h"
#include "model/model_config.h"

#include <cstdint>
#include <filesystem>
#include <string>
#include <vector>

namespace ew::lm {

struct WeightCandidate {
    std::string kind;           // "fp32", "bf16", "int8"
    bool exact = false;         // computes what float32 computes on the stored weights
    bool fits_memory = true;
    double suggestion_ms = -1;  // model::WeightKindSpeed::suggestion_ms; < 0: not timed
};

struct AutoWeightsChoice {
    std::string kind;
    std::string reason;  // one line: what was timed, what was left out and why
};

// The choice among `candidates` (the first exact one is the fallback when none may be used);
// pure, so the rule is tested without timing anything.
AutoWeightsChoice choose_auto_weights(const std::vector<WeightCandidate>& candidates, const AgreementRecord& record);

// Below this many float32 bytes of weights a model is small enough that how it is held changes
// nothing a person notices: auto keeps it as stored without timing anything.
inline constexpr std::uint64_t kAutoWeightsTimingFloor = std::uint64_t{64} << 20;

// Whether most of a checkpoint's matrix bytes are stored as bfloat16 (reads headers only). A
// broken checkpoint answers false here: loading it reports the file at fault, after the memory check.
bool stored_as_bfloat16(const std::filesystem::path& weights_path);

// The whole decision for one checkpoint at load: candidates from how it is stored, memory checked
// against `available` (0: detect), eligible ones timed on the model's MLP shape, the choice made.
AutoWeightsChoice resolve_auto_weights(const std::filesystem::path& model_dir, const model::ModelConfig& config,
                                       const std::filesystem::path& weights_path, std::uint64_t available_memory);

}  // namespace ew::lm

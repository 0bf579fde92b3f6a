#include "lm/auto_weights.h"

#include "model/memory_estimate.h"
#include "model/weight_files.h"
#include "model/weight_kind_speed.h"
#include "support/error.h"

#include <algorithm>
#include <cstdio>

namespace ew::lm {

namespace {

const WeightKindAgreement* recorded(const AgreementRecord& record, const std::string& kind) {
    for (const auto& a : record.agreements)
        if (a.kind == kind) return &a;
    return nullptr;
}

std::string percent(double share) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.0f%%", 100 * share);
    return buf;
}

std::string milliseconds(double ms) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.2f ms", ms);
    return buf;
}

int bytes_per_weight(const std::string& kind) { return kind == "fp32" ? 4 : kind == "bf16" ? 2 : 1; }

// Why `c` may not hold this checkpoint's weights; empty when it may.
std::string why_not_usable(const WeightCandidate& c, const AgreementRecord& record) {
    if (!c.fits_memory) return "does not fit in memory";
    if (c.exact) return {};
    const auto* a = recorded(record, c.kind);
    if (!a) return "has no recorded agreement with fp32 (empower calibrate-weights)";
    if (!a->agrees())
        return "moves cuts (" + percent(a->identical_cuts_eta8) + " identical at eta 8, " + percent(a->identical_cuts_eta16) + " at 16; " +
               percent(kRequiredIdenticalCuts) + " needed)";
    return {};
}

}  // namespace

AutoWeightsChoice choose_auto_weights(const std::vector<WeightCandidate>& candidates, const AgreementRecord& record) {
    if (candidates.empty()) throw Error("auto weights: no candidate kind");
    std::vector<const WeightCandidate*> usable;
    std::vector<std::string> left_out;
    for (const auto& c : candidates) {
        if (auto why = why_not_usable(c, record); !why.empty()) left_out.push_back(c.kind + " " + why);
        else usable.push_back(&c);
    }
    std::string reason;
    const WeightCandidate* pick = nullptr;
    if (usable.empty()) {
        const auto exact = std::find_if(candidates.begin(), candidates.end(), [](const auto& c) { return c.exact; });
        pick = exact != candidates.end() ? &*exact : &candidates.front();
        reason = "no kind may be used; as stored";
    } else if (usable.size() == 1 || usable.front()->suggestion_ms < 0) {
        pick = usable.front();
        reason = usable.size() == 1 ? "the only kind that may be used" : "as stored (not timed)";
    } else {
        pick = *std::min_element(usable.begin(), usable.end(), [](const auto* a, const auto* b) { return a->suggestion_ms < b->suggestion_ms; });
        reason = "fastest per suggestion-sized product:";
        for (const auto* c : usable) reason += " " + c->kind + " " + milliseconds(c->suggestion_ms);
    }
    if (!record.problem.empty()) left_out.push_back(record.problem);
    for (const auto& l : left_out) reason += "; " + l;
    return {pick->kind, reason};
}

bool stored_as_bfloat16(const std::filesystem::path& weights_path) try {
    const auto files = model::WeightFiles::open(weights_path);
    std::uint64_t bf16 = 0, other = 0;
    for (const auto& name : files.names()) {
        const auto& info = files.at(name);
        if (info.shape.size() != 2) continue;
        (info.dtype == model::DType::BF16 ? bf16 : other) += files.bytes(name).size();
    }
    return bf16 > other;
} catch (const Error&) {
    return false;
}

AutoWeightsChoice resolve_auto_weights(const std::filesystem::path& model_dir, const model::ModelConfig& config,
                                       const std::filesystem::path& weights_path, std::uint64_t available_memory) {
    std::vector<WeightCandidate> candidates;
    if (stored_as_bfloat16(weights_path)) candidates = {{"bf16", true}, {"fp32", true}, {"int8", false}};
    else candidates = {{"fp32", true}, {"bf16", false}, {"int8", false}};
    const auto fp32_bytes = static_cast<std::uint64_t>(config.parameter_count()) * 4;
    if (fp32_bytes < kAutoWeightsTimingFloor)
        return {candidates.front().kind, "small checkpoint (" + model::format_bytes(fp32_bytes) + " in fp32): held as stored"};
    const auto mapped = model::checkpoint_file_bytes(weights_path);
    for (auto& c : candidates)
        c.fits_memory = model::memory_fits(model::estimate_inference_memory(config, bytes_per_weight(c.kind), 0, mapped), available_memory);
    const auto record = read_agreement_record(model_dir);
    // Time only what may be chosen, and nothing when there is no choice.
    std::vector<WeightCandidate*> usable;
    for (auto& c : candidates)
        if (why_not_usable(c, record).empty()) usable.push_back(&c);
    if (usable.size() > 1)
        for (auto* c : usable) c->suggestion_ms = model::measure_weight_kind_speed(config.intermediate_size, config.hidden_size, c->kind).suggestion_ms();
    return choose_auto_weights(candidates, record);
}

}  // namespace ew::lm

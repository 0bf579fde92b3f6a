// Does holding a checkpoint's weights in bf16 or int8 change what a researcher measures? Scores the
// same code under float32 and under the candidate and compares, per case, the largest |Δ log p|
// and whether the Empower cut (η = 8 and 16 nats) lands on the same token: a cut that moves changes
// a result, so "auto" weights (lm/auto_weights.h) use a kind that rounds only when its cuts agree
// on at least 99 % of the cases. The figures are kept per checkpoint in the user's cache, where
// `empower calibrate-weights` writes them and every later load reads them.
#pragma once
#include "lm/language_model.h"

#include <atomic>
#include <cstddef>
#include <filesystem>
#include <functional>
#include <string>
#include <vector>

namespace ew::lm {

inline constexpr double kRequiredIdenticalCuts = 0.99;

struct WeightKindAgreement {
    std::string kind;  // "bf16", "int8", ...: compared with "fp32"
    std::size_t cases = 0;
    double max_abs_delta_logprob = 0;
    double identical_cuts_eta8 = 0;   // share of cases, 0..1
    double identical_cuts_eta16 = 0;
    bool agrees() const { return cases > 0 && identical_cuts_eta8 >= kRequiredIdenticalCuts && identical_cuts_eta16 >= kRequiredIdenticalCuts; }
};

// In each text, a case every 32 tokens from the 64th: the next 64 tokens scored after up to 256 before them
// (fewer where the model's `context_window` is shorter: a case and its BOS fit in it). At most
// `max_cases`, spread evenly over all of them.
std::vector<ScoreRequest> agreement_cases(const text::BpeTokenizer& tokenizer, const std::vector<std::string>& texts,
                                          std::size_t max_cases, int context_window);

// Compares each case's log-probs under a candidate kind with float32's. Both hold one vector per case.
WeightKindAgreement compare_logprobs(const std::string& kind, const std::vector<std::vector<float>>& reference,
                                     const std::vector<std::vector<float>>& candidate);

// Every case's log-probs under `model`, one batch of 8 cases per call; stops early (returning what
// was scored) when `cancelled` is set.
std::vector<std::vector<float>> score_cases(const LanguageModel& model, const std::vector<ScoreRequest>& cases,
                                            const std::atomic<bool>& cancelled);

// The code of the bundled sample projects (every .py file under projects_dir()), in a fixed order.
std::vector<std::string> sample_project_code();

struct AgreementOptions {
    std::vector<std::string> kinds = {"bf16", "int8"};
    std::vector<std::string> texts;  // empty: sample_project_code()
    std::size_t max_cases = 300;
    int threads = 0;
    // After each weight kind is scored: (kind, kinds done, kinds in all).
    std::function<void(const std::string&, std::size_t, std::size_t)> progress;
};

// Loads the checkpoint in float32, then in each kind in turn (one copy in memory at a time), and
// compares. Throws ew::Error when the texts give no case.
std::vector<WeightKindAgreement> measure_weight_agreement(const std::filesystem::path& model_dir, const AgreementOptions& options,
                                                          const std::atomic<bool>& cancelled);

// The per-checkpoint record in the user's cache (support/user_cache.h), keyed by the checkpoint's
// identity (model/checkpoint_identity.h): a checkpoint rewritten in place has none.
std::filesystem::path agreement_record_path(const std::filesystem::path& model_dir);
void write_agreement_record(const std::filesystem::path& model_dir, const std::vector<WeightKindAgreement>& agreements);

struct AgreementRecord {
    std::vector<WeightKindAgreement> agreements;  // empty: none recorded for these files
    std::string problem;                          // why a record that exists could not be used
};
AgreementRecord read_agreement_record(const std::filesystem::path& model_dir);

}  // namespace ew::lm

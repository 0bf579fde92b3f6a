// Training datasets of the paper (Sec. 4-5, App. C): for each program, one prefix sampled
// uniformly (seeded) and a completion chosen by
//   Empower-η     — the longest suffix whose cumulative NLL under the likelihood model is <= η
//                   (batched one-pass scoring; Algorithm 1 as written is available for benchmarks)
//   SFT-N         — the next N tokens
//   SFT-RAND-a-b  — a uniform length in [a, b]
// The completion is followed by the stop token at training time (see train/).
#pragma once
#include "empower/nll_units.h"
#include "empower/program_corpus.h"
#include "lm/language_model.h"

#include <atomic>
#include <cstdint>
#include <filesystem>
#include <functional>
#include <map>
#include <string>
#include <vector>

namespace ew::empower {

enum class DatasetMethod { Empower, SftN, SftRand };

struct DatasetSpec {
    DatasetMethod method = DatasetMethod::Empower;
    double eta = 8.0;  // Empower, in `unit`
    NllUnit unit = NllUnit::Nats;
    int n = 10;                       // SFT-N
    int rand_min = 1, rand_max = 30;  // SFT-RAND-a-b
    std::uint64_t seed = 0;
    int max_completion_tokens = 128;  // the suffix considered (and scored) per example
    int batch_size = 8;               // programs per forward pass (Empower)
    bool algorithm1_as_written = false;  // one forward per completion length (benchmark reference)

    // "empower", "sft-10", "sft-rand-1-30"; throws ew::Error for anything else.
    static DatasetSpec parse_method(const std::string& name);
    std::string label() const;  // "Empower-η=8 nats", "SFT-10", "SFT-RAND-1-30"
};

struct DatasetExample {
    std::string source;
    std::string problem;
    std::string prefix;
    std::string completion;
    int prefix_tokens = 0;
    int completion_tokens = 0;
    double completion_nll_nats = 0;  // Empower only: the kept tokens' cumulative NLL
};

struct DatasetProgress {
    std::size_t done = 0, total = 0;
};

// Programs shorter than 2 tokens are skipped. `likelihood` is required for Empower; its
// tokenizer defines the token positions for every method.
std::vector<DatasetExample> build_dataset(const std::vector<CorpusProgram>& programs, const DatasetSpec& spec,
                                          const lm::LanguageModel& likelihood,
                                          const std::function<void(const DatasetProgress&)>& on_progress = {},
                                          const std::atomic<bool>* cancel = nullptr);

// Completion-length histogram: length -> count.
std::map<int, int> completion_length_histogram(const std::vector<DatasetExample>& examples);

// JSONL, one example per line with provenance (method, η, units, seed, likelihood model, source);
// written atomically.
void write_dataset_jsonl(const std::filesystem::path& path, const std::vector<DatasetExample>& examples,
                         const DatasetSpec& spec, const std::string& likelihood_model_name);

}  // namespace ew::empower

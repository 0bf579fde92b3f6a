// Shared plumbing of the model-facing subcommands: model loading with the bundled default,
// reading a source file at a byte offset, and the JSON shape of scored tokens.
#pragma once
#include "cluster/slurm_job_spec.h"
#include "empower/nll_units.h"
#include "lm/transformer_language_model.h"
#include "support/json_text.h"  // json_text: what every command prints its JSON with

#include <CLI/CLI.hpp>
#include <chrono>
#include <filesystem>
#include <memory>
#include <nlohmann/json.hpp>
#include <string>

namespace ew::cli {

struct SourceAt {
    std::string prefix;  // bytes before the offset
    std::string suffix;  // bytes from the offset on
};

// `weights`: LoadOptions::weights ("auto", "fp32", "bf16", "int8"); `context_tokens`: LoadOptions::context_tokens.
std::shared_ptr<lm::TransformerLanguageModel> load_model_or_default(const std::string& model_dir, int threads,
                                                                    const std::string& weights = "auto",
                                                                    std::uint64_t context_tokens = 0);
// The --weights option of every command that loads a model, checked when parsed.
void add_weights_option(CLI::App* cmd, std::string& weights);
// What a Slurm job asks for: --partition, --gpus, --cpus, --time, --mem, --directive (validated by
// SlurmResources::validate when used). `prefix` begins each description ("Slurm: ").
void add_slurm_resource_options(CLI::App* cmd, cluster::SlurmResources& resources, const std::string& prefix = "");
std::filesystem::path load_default_tokenizer_path();  // the bundled model's tokenizer.json
SourceAt read_source_at(const std::filesystem::path& file, long long offset);

// [{"id","text","logprob","cum_nll","top":[{"text","logprob"}]}], cum_nll in `unit`.
nlohmann::json tokens_json(const text::BpeTokenizer& tokenizer, const std::vector<lm::ScoredToken>& tokens,
                           empower::NllUnit unit);

// Runs a shell command and returns its standard output (empty when it cannot start).
std::string command_output(const std::string& command);

// Wall seconds since `t`, for the benchmarks' figures.
inline double seconds_since(std::chrono::steady_clock::time_point t) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t).count();
}

}  // namespace ew::cli

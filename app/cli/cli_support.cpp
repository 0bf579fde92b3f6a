#include "cli/cli_support.h"

#include "support/error.h"
#include "support/file_io.h"
#include "support/resource_paths.h"

#include <cstdio>

namespace ew::cli {

std::shared_ptr<lm::TransformerLanguageModel> load_model_or_default(const std::string& model_dir, int threads,
                                                                    const std::string& weights, std::uint64_t context_tokens) {
    lm::LoadOptions options;
    options.threads = threads;
    options.weights = weights;
    options.context_tokens = context_tokens;
    return lm::TransformerLanguageModel::load(model_dir.empty() ? default_model_dir() : std::filesystem::path(model_dir), options);
}

void add_slurm_resource_options(CLI::App* cmd, cluster::SlurmResources& r, const std::string& prefix) {
    cmd->add_option("--partition", r.partition, prefix + "partition (default: the cluster's)");
    cmd->add_option("--gpus", r.gpus, prefix + "GPUs on the node (--gres=gpu:N)");
    cmd->add_option("--cpus", r.cpus_per_task, prefix + "CPUs per task");
    cmd->add_option("--time", r.time_limit, prefix + "time limit (MM, HH:MM:SS, D-HH:MM:SS)");
    cmd->add_option("--mem", r.memory, prefix + "memory (e.g. 32G)");
    cmd->add_option("--directive", r.extra_directives, prefix + "extra sbatch option, e.g. --account=lab (repeatable)");
}

void add_weights_option(CLI::App* cmd, std::string& weights) {
    cmd->add_option("--weights", weights,
                    "How the CPU holds the weights: auto (the fastest here of: as stored, fp32 for a bf16 checkpoint, and bf16/int8 once "
                    "calibrate-weights recorded that they keep 99% of cuts), fp32, bf16 (rounds fp32 checkpoints), int8 (a scale per "
                    "row: a quarter of fp32's memory)")
        ->check(CLI::IsMember({"auto", "fp32", "bf16", "int8"}))
        ->capture_default_str();
}

std::filesystem::path load_default_tokenizer_path() { return default_model_dir() / "tokenizer.json"; }

SourceAt read_source_at(const std::filesystem::path& file, long long offset) {
    auto text = read_file(file);
    if (offset < 0) fail_file(file, "offset " + std::to_string(offset) + " is negative");
    if (static_cast<unsigned long long>(offset) > text.size())
        fail_file(file, "offset " + std::to_string(offset) + " is past the end of the file (" + std::to_string(text.size()) + " bytes)");
    return {text.substr(0, static_cast<std::size_t>(offset)), text.substr(static_cast<std::size_t>(offset))};
}

nlohmann::json tokens_json(const text::BpeTokenizer& tokenizer, const std::vector<lm::ScoredToken>& tokens, empower::NllUnit unit) {
    auto out = nlohmann::json::array();
    double cumulative = 0;
    for (const auto& t : tokens) {
        cumulative -= t.logprob;
        auto top = nlohmann::json::array();
        for (const auto& a : t.top) top.push_back({{"id", a.id}, {"text", tokenizer.token_bytes(a.id)}, {"logprob", a.logprob}});
        out.push_back({{"id", t.id},
                       {"text", tokenizer.token_bytes(t.id)},
                       {"logprob", t.logprob},
                       {"cum_nll", empower::from_nats(cumulative, unit)},
                       {"top", top}});
    }
    return out;
}

std::string command_output(const std::string& command) {
    std::string reply;
    if (FILE* pipe = ::popen(command.c_str(), "r")) {
        char buf[512];
        while (std::fgets(buf, sizeof buf, pipe)) reply += buf;
        ::pclose(pipe);
    }
    return reply;
}

}  // namespace ew::cli

// `empower dataset`: builds an Empower-η / SFT-N / SFT-RAND-a-b training set from an offline
// corpus (folder of .py files or JSONL) and writes JSONL with provenance, plus a histogram.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "empower/dataset_builder.h"
#include "support/error.h"
#include "support/heap_retention.h"

#include <chrono>
#include <cstdio>
#include <iostream>

namespace ew::cli {

void register_dataset(CLI::App& app) {
    struct Args {
        std::string corpus, out, method = "empower", model, units = "nats";
        double eta = 8.0;
        std::uint64_t seed = 0;
        int max_completion = 128, batch = 8, threads = 0;
        std::string weights = "auto";
        bool algorithm1 = false, json = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("dataset", "Build an Empower / SFT-N / SFT-RAND training set from a corpus of programs");
    cmd->add_option("--corpus", a->corpus, "Folder of .py files, or JSONL with a \"text\" field per line")->required();
    cmd->add_option("--out", a->out, "Output JSONL")->required();
    cmd->add_option("--method", a->method, "empower | sft-N | sft-rand-A-B")->capture_default_str();
    cmd->add_option("--eta", a->eta, "Empower threshold η")->capture_default_str();
    cmd->add_option("--units", a->units, "Units of η: nats or bits")->capture_default_str();
    cmd->add_option("--model", a->model, "Likelihood model (tokenizer for every method; default: bundled)");
    cmd->add_option("--seed", a->seed, "Seed of the prefix sampling")->capture_default_str();
    cmd->add_option("--max-completion", a->max_completion, "Suffix tokens considered per example")->capture_default_str();
    cmd->add_option("--batch", a->batch, "Programs per forward pass")->capture_default_str();
    cmd->add_option("--threads", a->threads, "CPU threads (0: one per physical core, or OMP_NUM_THREADS when set)");
    add_weights_option(cmd, a->weights);
    cmd->add_flag("--algorithm1", a->algorithm1, "Use Algorithm 1 as written (one forward per length; slow reference)");
    cmd->add_flag("--json", a->json, "Print a JSON summary on stdout");
    cmd->callback([a] {
        retain_freed_memory_in_heap();  // a batch job that scores window after window
        auto spec = empower::DatasetSpec::parse_method(a->method);
        auto unit = empower::parse_unit(a->units);
        if (!unit) throw Error("--units must be nats or bits, not \"" + a->units + "\"");
        spec.eta = a->eta;
        spec.unit = *unit;
        spec.seed = a->seed;
        spec.max_completion_tokens = a->max_completion;
        spec.batch_size = a->batch;
        spec.algorithm1_as_written = a->algorithm1;
        auto programs = empower::load_program_corpus(a->corpus);
        auto model = load_model_or_default(a->model, a->threads, a->weights);
        const auto start = std::chrono::steady_clock::now();
        auto examples = empower::build_dataset(programs, spec, *model, [](const empower::DatasetProgress& p) {
            std::fprintf(stderr, "\r%zu/%zu examples", p.done, p.total);
        });
        const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
        std::fprintf(stderr, "\n");
        empower::write_dataset_jsonl(a->out, examples, spec, model->name());
        auto histogram = empower::completion_length_histogram(examples);
        double mean = 0;
        for (const auto& e : examples) mean += e.completion_tokens;
        mean /= std::max<std::size_t>(1, examples.size());
        if (a->json) {
            nlohmann::json h = nlohmann::json::object();
            for (auto [len, count] : histogram) h[std::to_string(len)] = count;
            std::cout << json_text({{"out", a->out}, {"method", spec.label()}, {"examples", examples.size()},
                                    {"programs", programs.size()}, {"mean_completion_tokens", mean},
                                    {"completion_length_histogram", h}, {"seconds", seconds},
                                    {"samples_per_s", double(examples.size()) / std::max(1e-9, seconds)}})
                      << "\n";
            return;
        }
        std::printf("%zu examples (%s) -> %s; mean completion %.2f tokens; %.1f samples/s\n", examples.size(),
                    spec.label().c_str(), a->out.c_str(), mean, double(examples.size()) / std::max(1e-9, seconds));
        int peak = 1;
        for (auto [len, count] : histogram) peak = std::max(peak, count);
        for (auto [len, count] : histogram)
            std::printf("%4d | %-50s %d\n", len, std::string(static_cast<std::size_t>(50.0 * count / peak + 0.5), '#').c_str(), count);
    });
}

}  // namespace ew::cli

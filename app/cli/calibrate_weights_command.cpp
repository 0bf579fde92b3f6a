// `empower calibrate-weights`: measures, once per checkpoint, whether holding its weights in bf16 or
// int8 moves Empower cuts compared with float32, records the figures in the user's cache, and says
// what `--weights auto` now picks on this machine (lm/auto_weights.h). The measurement scores the
// bundled sample projects' code (or --file) under each kind; on a 0.6B model it takes minutes, which
// is why it is a command of its own and not part of every load.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "lm/auto_weights.h"
#include "lm/weight_agreement.h"
#include "model/model_directory.h"
#include "support/file_io.h"
#include "support/resource_paths.h"

#include <cstdio>
#include <iostream>
#include <sstream>

namespace ew::cli {

void register_calibrate_weights(CLI::App& app) {
    struct Args {
        std::string model, kinds = "bf16,int8";
        std::vector<std::string> files;
        std::size_t cases = 300;
        int threads = 0;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("calibrate-weights",
                                   "Measure whether bf16/int8 weights move Empower cuts against fp32 on this checkpoint, record it for "
                                   "--weights auto, and say what auto now picks");
    cmd->add_option("--model", a->model, "Model directory (default: the bundled model)");
    cmd->add_option("--kinds", a->kinds, "Weight kinds to compare with fp32, comma-separated")->capture_default_str();
    cmd->add_option("--file", a->files, "Code to score (repeatable; default: every .py file of the bundled sample projects)");
    cmd->add_option("--cases", a->cases, "At most this many cases (64 tokens scored after up to 256), spread over the code")->capture_default_str()->check(CLI::Range(1, 100000));
    cmd->add_option("--threads", a->threads, "CPU threads (0: one per physical core, or OMP_NUM_THREADS when set)");
    cmd->add_flag("--json", a->json, "Print one JSON object");
    cmd->callback([a] {
        const std::filesystem::path dir = a->model.empty() ? default_model_dir() : std::filesystem::path(a->model);
        lm::AgreementOptions o;
        o.kinds.clear();
        std::stringstream kinds(a->kinds);
        for (std::string k; std::getline(kinds, k, ',');)
            if (!k.empty()) o.kinds.push_back(k);
        for (const auto& f : a->files) o.texts.push_back(read_file(f));
        o.max_cases = a->cases;
        o.threads = a->threads;
        if (!a->json) o.progress = [](const std::string& kind, std::size_t done, std::size_t all) {
            std::fprintf(stderr, "calibrate-weights: %s scored (%zu of %zu)\n", kind.c_str(), done, all);
        };
        std::atomic<bool> cancelled{false};
        const auto agreements = lm::measure_weight_agreement(dir, o, cancelled);
        lm::write_agreement_record(dir, agreements);
        const auto files = model::ModelDirectory::open(dir);
        const auto choice = lm::resolve_auto_weights(dir, files.config, files.weights_path(), 0);
        if (a->json) {
            nlohmann::json out = {{"model", dir.string()}, {"record", lm::agreement_record_path(dir).string()},
                                  {"required_identical_cuts", lm::kRequiredIdenticalCuts}, {"kinds", nlohmann::json::array()},
                                  {"auto", {{"weights", choice.kind}, {"reason", choice.reason}}}};
            for (const auto& k : agreements)
                out["kinds"].push_back({{"weights", k.kind}, {"cases", k.cases}, {"max_abs_delta_logprob", k.max_abs_delta_logprob},
                                        {"identical_cuts_eta8", k.identical_cuts_eta8}, {"identical_cuts_eta16", k.identical_cuts_eta16},
                                        {"agrees", k.agrees()}});
            std::cout << json_text(out) << "\n";
            return;
        }
        for (const auto& k : agreements)
            std::printf("%-5s vs fp32: %zu cases  max|dlogp| %.3g  identical cuts eta 8 %.1f%%  eta 16 %.1f%%  %s\n", k.kind.c_str(), k.cases,
                        k.max_abs_delta_logprob, 100 * k.identical_cuts_eta8, 100 * k.identical_cuts_eta16,
                        k.agrees() ? "agrees" : "moves cuts: auto will not use it");
        std::printf("recorded in %s\n--weights auto now holds this checkpoint as %s: %s\n", lm::agreement_record_path(dir).c_str(),
                    choice.kind.c_str(), choice.reason.c_str());
    });
}

}  // namespace ew::cli

// `empower score`: the real text after an offset, scored token by token given the text before it
// (how Algorithm 1 sees a human's code), with the Empower cut at η.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "empower/threshold_cut.h"
#include "lm/continuation_scoring.h"
#include "support/error.h"
#include "support/heap_retention.h"

#include <cstdio>
#include <iostream>

namespace ew::cli {

void register_score(CLI::App& app) {
    struct Args {
        std::string model, file, units = "nats";
        long long at = 0;
        double eta = 8.0;
        int topk = 5, max_tokens = 128, threads = 0;
        std::string weights = "auto";
        bool json = false, no_heal = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("score", "Score the file's text after --at given the text before it, and cut at η (Eq. 2)");
    cmd->add_option("--model", a->model, "Model directory (default: the bundled model)");
    cmd->add_option("--file", a->file, "Source file")->required();
    cmd->add_option("--at", a->at, "Byte offset: prefix = bytes before it, suffix = bytes from it")->required();
    cmd->add_option("--eta", a->eta, "Threshold η on the cumulative NLL")->capture_default_str();
    cmd->add_option("--units", a->units, "Units of η and cum_nll: nats or bits")->capture_default_str();
    cmd->add_option("--topk", a->topk, "Alternatives per position")->capture_default_str();
    cmd->add_option("--max-tokens", a->max_tokens, "Score at most this many suffix tokens")->capture_default_str();
    cmd->add_option("--threads", a->threads, "CPU threads (0: one per physical core, or OMP_NUM_THREADS when set)");
    add_weights_option(cmd, a->weights);
    cmd->add_flag("--no-heal", a->no_heal, "Score after the prefix as encoded: no token healing at --at (the paper's setting)");
    cmd->add_flag("--json", a->json, "Print one JSON object");
    cmd->callback([a] {
        retain_freed_memory_in_heap();  // a batch job that scores window after window
        auto unit = empower::parse_unit(a->units);
        if (!unit) throw Error("--units must be nats or bits, not \"" + a->units + "\"");
        if (a->max_tokens <= 0) throw Error("--max-tokens must be positive");
        if (a->topk < 0) throw Error("--topk must be >= 0");
        auto source = read_source_at(a->file, a->at);
        // The pass covers the prefix and the scored tokens; a token is at least one byte, so the
        // prefix's bytes bound its tokens (the estimate clamps this to the model's window).
        auto model = load_model_or_default(a->model, a->threads, a->weights, source.prefix.size() + std::uint64_t(a->max_tokens));
        const auto& tok = model->tokenizer();
        // Healed: an --at inside a token is scored from the token boundary before it (reported),
        // the typed bytes counting 0 (lm/continuation_scoring.h).
        const auto result = lm::score_continuation(*model, source.prefix, source.suffix,
                                                   {static_cast<std::size_t>(a->max_tokens), a->topk, !a->no_heal});
        const auto& scored = result.tokens;
        std::vector<double> logprobs;
        for (const auto& t : scored) logprobs.push_back(t.logprob);
        const auto cut = empower::threshold_cut(std::span<const double>(logprobs), a->eta, *unit);
        if (a->json) {
            nlohmann::json j = {{"model", model->name()}, {"eta", a->eta}, {"units", empower::unit_name(*unit)},
                                {"tokens", tokens_json(tok, scored, *unit)}, {"cut", cut},
                                {"boundary", result.boundary}, {"typed_prefix", result.typed_prefix},
                                {"typed_tokens", result.typed_tokens}, {"truncated", result.truncated}};
            std::cout << json_text(j) << "\n";
            return;
        }
        std::printf("model %s, η = %g %s, %zu suffix tokens, cut = %zu\n", model->name().c_str(), a->eta,
                    empower::unit_name(*unit), scored.size(), cut);
        if (!result.typed_prefix.empty())
            std::printf("healed: scored from byte %zu; the first %zu token(s) re-spell the typed %s and count 0\n", result.boundary,
                        result.typed_tokens, json_text(result.typed_prefix).c_str());
        double cumulative = 0;
        for (std::size_t i = 0; i < scored.size(); ++i) {
            cumulative -= scored[i].logprob;
            std::printf("%s %4zu  %-24s logp %8.3f  cum %8.3f\n", i < cut ? " " : "x", i,
                        json_text(tok.token_bytes(scored[i].id)).c_str(), scored[i].logprob, empower::from_nats(cumulative, *unit));
        }
    });
}

}  // namespace ew::cli

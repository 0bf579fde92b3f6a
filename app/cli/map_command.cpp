// `empower map`: a file's decision points at η (issue 16 §1, core/empower/decision_map.h) — where
// an Empower-η assistant following its writer would have stopped — with the share of characters
// it could have completed, at η and along the 0.5 … 32 nats curve.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "empower/decision_map.h"
#include "lm/document_windows.h"
#include "support/error.h"
#include "support/file_io.h"

#include <cstdio>
#include <iostream>

namespace ew::cli {

void register_map(CLI::App& app) {
    struct Args {
        std::string model, file, units = "nats", weights = "auto";
        double eta = 8.0;
        int topk = 0, threads = 0;
        bool json = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("map", "A file's decision points at η: where an Empower-η assistant would have stopped");
    cmd->add_option("--model", a->model, "Model directory (default: the bundled model)");
    cmd->add_option("--file", a->file, "Source file")->required();
    cmd->add_option("--eta", a->eta, "Threshold η on the cumulative NLL")->capture_default_str();
    cmd->add_option("--units", a->units, "Units of η, the NLLs and the curve's η: nats or bits")->capture_default_str();
    cmd->add_option("--topk", a->topk, "The model's likeliest tokens at each decision point (and the token's rank among them)")
        ->check(CLI::Range(0, 100))
        ->capture_default_str();
    cmd->add_option("--threads", a->threads, "CPU threads (0: one per physical core, or OMP_NUM_THREADS when set)");
    add_weights_option(cmd, a->weights);
    cmd->add_flag("--json", a->json, "Print one JSON object");
    cmd->callback([a] {
        const auto unit = empower::parse_unit(a->units);
        if (!unit) throw Error("--units must be nats or bits, not \"" + a->units + "\"");
        if (!(a->eta >= 0)) throw Error("--eta must be a number ≥ 0");
        const std::string text = read_file(a->file);
        auto model = load_model_or_default(a->model, a->threads, a->weights, 2 * lm::kWholeFileWindow);
        const auto& tok = model->tokenizer();
        const std::atomic<bool> never{false};
        const auto scores = empower::score_file(*model, text, a->topk, never);
        const auto map = empower::decision_map(scores, empower::to_nats(a->eta, *unit));
        const auto in_unit = [&](double nats) { return empower::from_nats(nats, *unit); };
        if (a->json) {
            auto points = nlohmann::json::array();
            for (const auto i : map.points) {
                const auto& t = scores.tokens[i];
                nlohmann::json p = {{"token", tok.token_bytes(t.id)}, {"offset", t.offset}, {"line", t.line}, {"nll", in_unit(t.nll)}};
                if (a->topk > 0) {
                    p["rank"] = t.rank;
                    auto top = nlohmann::json::array();
                    for (const auto& alt : t.top) top.push_back({{"token", tok.token_bytes(alt.id)}, {"nll", in_unit(-double(alt.logprob))}});
                    p["alternatives"] = top;
                }
                points.push_back(std::move(p));
            }
            auto curve = nlohmann::json::array();
            for (const auto& s : map.by_eta) curve.push_back({{"eta", in_unit(s.eta)}, {"completable_share", s.completable_share}});
            std::cout << json_text({{"model", model->name()}, {"file", a->file}, {"eta", a->eta}, {"units", empower::unit_name(*unit)},
                                    {"tokens", scores.tokens.size()}, {"decision_points", points}, {"completable_chars", map.completable_chars},
                                    {"total_chars", map.total_chars}, {"by_eta", curve}})
                      << "\n";
            return;
        }
        std::printf("%s at η = %g %s (model %s): %zu decision points in %zu tokens; an assistant could have completed %zu of %zu characters (%.1f %%)\n",
                    a->file.c_str(), a->eta, empower::unit_name(*unit), model->name().c_str(), map.points.size(), scores.tokens.size(),
                    map.completable_chars, map.total_chars, map.total_chars ? 100.0 * double(map.completable_chars) / double(map.total_chars) : 100.0);
        for (const auto i : map.points) {
            const auto& t = scores.tokens[i];
            std::printf("  line %5zu  offset %7zu  nll %7.3f  %s\n", t.line, t.offset, in_unit(t.nll), json_text(tok.token_bytes(t.id)).c_str());
        }
        std::printf("completable share by η (%s):", empower::unit_name(*unit));
        for (const auto& s : map.by_eta) std::printf(" %g:%.3f", in_unit(s.eta), s.completable_share);
        std::printf("\n");
    });
}

}  // namespace ew::cli

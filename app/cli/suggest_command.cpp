// `empower suggest`: what the assistant would suggest at an offset under a policy
// (Empower-η / Base / Base-N), with the per-token scores behind the cut.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "empower/line_suffix.h"
#include "empower/suggestion_policy.h"
#include "support/error.h"
#ifdef EW_WITH_SERVE
#include "serve/remote_language_model.h"
#endif

#include <iostream>

namespace ew::cli {

void register_suggest(CLI::App& app) {
    struct Args {
        std::string model, server, api_key_file, likelihood, file, policy = "empower", units = "nats";
        long long at = 0;
        double eta = 8.0, lookahead = 2.0;
        int max_tokens = 64, topk = 5, threads = 0, context_tokens = 1024;
        std::string weights = "auto";
        bool json = false, no_heal = false;
    };
    auto a = std::make_shared<Args>();
    auto* cmd = app.add_subcommand("suggest", "Suggest a completion at --at under a policy, cut at η for Empower");
    cmd->add_option("--model", a->model, "Assistant model directory (default: the bundled model)");
#ifdef EW_WITH_SERVE
    cmd->add_option("--server", a->server, "Use the model that `empower serve` serves at this http://host:port instead of --model")
        ->excludes("--model");
    cmd->add_option("--api-key-file", a->api_key_file, "File holding that server's --api-key");
#endif
    cmd->add_option("--likelihood-model", a->likelihood, "Model that scores the suggestion for the cut (default: the assistant)");
    cmd->add_option("--file", a->file, "Source file")->required();
    cmd->add_option("--at", a->at, "Byte offset of the caret")->required();
    cmd->add_option("--eta", a->eta, "Threshold η")->capture_default_str();
    cmd->add_option("--units", a->units, "Units of η: nats or bits")->capture_default_str();
    cmd->add_option("--policy", a->policy, "empower | base | base-N")->capture_default_str();
    cmd->add_option("--max-tokens", a->max_tokens, "Generation cap")->capture_default_str();
    cmd->add_option("--lookahead", a->lookahead, "Empower: stop generating once the cumulative NLL passes lookahead x η (inf: generate to --max-tokens)")->capture_default_str();
    cmd->add_option("--context-tokens", a->context_tokens,
                    "Tokens of context before the caret the model sees (0: all the model serves); the window moves in strides")
        ->capture_default_str();
    cmd->add_option("--topk", a->topk, "Alternatives per token")->capture_default_str();
    cmd->add_option("--threads", a->threads, "CPU threads (0: one per physical core, or OMP_NUM_THREADS when set)");
    add_weights_option(cmd, a->weights);
    cmd->add_flag("--no-heal", a->no_heal, "Use the prompt as encoded: no token healing at the caret");
    cmd->add_flag("--json", a->json, "Print one JSON object");
    cmd->callback([a] {
        auto policy = empower::SuggestionPolicy::parse(a->policy);
        if (!policy) throw Error("--policy must be empower, base or base-N (N > 0), not \"" + a->policy + "\"");
        if (policy->adaptive)
            throw Error("--policy empower-auto learns η from a user's decisions over many suggestions (empower eval with a simulated "
                        "user); one suggestion needs a fixed η: --policy empower --eta X");
        auto unit = empower::parse_unit(a->units);
        if (!unit) throw Error("--units must be nats or bits, not \"" + a->units + "\"");
        if (a->max_tokens <= 0) throw Error("--max-tokens must be positive");
        policy->eta = a->eta;
        policy->unit = *unit;
        policy->max_tokens = a->max_tokens;
        if (!(a->lookahead >= 1.0)) throw Error("--lookahead must be >= 1");
        policy->lookahead = a->lookahead;
        policy->heal = !a->no_heal;
        if (a->context_tokens < 0) throw Error("--context-tokens must be 0 (all) or positive");
        policy->context_tokens = a->context_tokens;
        auto source = read_source_at(a->file, a->at);
        // The memory check sizes the KV cache for what this suggestion can reach (0 = all: the default estimate).
        const std::uint64_t reach = policy->reach_tokens();
        std::shared_ptr<const lm::LanguageModel> model;
#ifdef EW_WITH_SERVE
        if (!a->server.empty()) {
            model = serve::connect_remote_model(a->server, a->api_key_file.empty() ? std::string() : serve::read_api_key_file(a->api_key_file));
        }
#endif
        if (!model) model = load_model_or_default(a->model, a->threads, a->weights, reach);
        std::shared_ptr<lm::TransformerLanguageModel> likelihood;
        if (!a->likelihood.empty()) likelihood = load_model_or_default(a->likelihood, a->threads, a->weights, reach);
        auto session = model->new_session();
        empower::SuggestRequest request{source.prefix, *policy, a->topk, likelihood.get()};
        // As in the editor: with only closers after --at on its line, the suggestion is fitted in
        // front of them; other text after --at is ignored, as at the end of a line.
        const std::string rest_of_line = source.suffix.substr(0, source.suffix.find('\n'));
        if (empower::is_mid_line(rest_of_line) && empower::allows_suggestion_before(rest_of_line))
            request.line_suffix = rest_of_line;
        auto s = empower::suggest(*model, *session, request);
        const auto& tok = likelihood ? likelihood->tokenizer() : model->tokenizer();
        if (a->json) {
            nlohmann::json j = {{"model", model->name()}, {"weights", model->weights_provenance()}, {"policy", policy->label()}, {"eta", a->eta},
                                {"units", empower::unit_name(*unit)}, {"suggestion", s.text},
                                {"tokens", tokens_json(tok, s.tokens, *unit)}, {"cut", s.cut},
                                {"stop_reason", lm::to_string(s.stop_reason)}, {"latency_ms", s.latency_ms},
                                {"typed_prefix", s.typed_prefix}, {"typed_tokens", s.typed_tokens},
                                {"line_suffix", s.line_suffix}, {"context_tokens", a->context_tokens},
                                {"reused_prefix_tokens", s.reused_prefix_tokens}};
            std::cout << json_text(j) << "\n";
            return;
        }
        std::cout << s.text << "\n";
        std::cerr << "[" << policy->label() << ": kept " << s.cut << " of " << s.tokens.size() << " tokens, "
                  << s.latency_ms << " ms]\n";
    });
}

}  // namespace ew::cli

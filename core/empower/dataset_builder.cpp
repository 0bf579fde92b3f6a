#include "empower/dataset_builder.h"

#include "empower/algorithm1_reference.h"
#include "empower/threshold_cut.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/json_text.h"

#include <cmath>
#include <cstdio>
#include <nlohmann/json.hpp>
#include <random>
#include <regex>

namespace ew::empower {

DatasetSpec DatasetSpec::parse_method(const std::string& name) {
    DatasetSpec spec;
    std::smatch m;
    static const std::regex sft_n(R"(sft-(\d+))", std::regex::icase), sft_rand(R"(sft-rand-(\d+)-(\d+))", std::regex::icase);
    if (name == "empower" || name == "Empower") return spec;
    if (std::regex_match(name, m, sft_rand)) {
        spec.method = DatasetMethod::SftRand;
        spec.rand_min = std::stoi(m[1]);
        spec.rand_max = std::stoi(m[2]);
        if (spec.rand_min < 1 || spec.rand_max < spec.rand_min) throw Error("SFT-RAND-a-b needs 1 <= a <= b, got \"" + name + "\"");
        return spec;
    }
    if (std::regex_match(name, m, sft_n)) {
        spec.method = DatasetMethod::SftN;
        spec.n = std::stoi(m[1]);
        if (spec.n < 1) throw Error("SFT-N needs N >= 1, got \"" + name + "\"");
        return spec;
    }
    throw Error("unknown dataset method \"" + name + "\" (empower, sft-N, sft-rand-A-B)");
}

std::string DatasetSpec::label() const {
    char buf[64];
    switch (method) {
        case DatasetMethod::Empower: std::snprintf(buf, sizeof buf, "Empower-η=%g %s", eta, unit_name(unit)); return buf;
        case DatasetMethod::SftN: return "SFT-" + std::to_string(n);
        case DatasetMethod::SftRand: return "SFT-RAND-" + std::to_string(rand_min) + "-" + std::to_string(rand_max);
    }
    return "?";
}

namespace {
struct Pending {
    std::size_t program;
    std::vector<lm::TokenId> ids;
    std::size_t prefix_len;
    int rand_len;
};
}  // namespace

std::vector<DatasetExample> build_dataset(const std::vector<CorpusProgram>& programs, const DatasetSpec& spec,
                                          const lm::LanguageModel& likelihood,
                                          const std::function<void(const DatasetProgress&)>& on_progress,
                                          const std::atomic<bool>* cancel) {
    if (spec.method == DatasetMethod::Empower && (std::isnan(spec.eta) || spec.eta < 0)) throw Error("η must be >= 0");
    if (spec.max_completion_tokens < 1) throw Error("max_completion_tokens must be >= 1");
    const auto& tok = likelihood.tokenizer();
    const auto cap = static_cast<std::size_t>(std::min(spec.max_completion_tokens, std::max(1, likelihood.context_length() - 2)));

    // Sampling first, model second: the prefix positions depend only on (seed, corpus), so every
    // method built with the same seed uses the same states — datasets are directly comparable.
    std::mt19937_64 rng(spec.seed);
    std::vector<Pending> pending;
    for (std::size_t p = 0; p < programs.size(); ++p) {
        auto ids = tok.encode(programs[p].text);
        if (ids.size() < 2) continue;
        const auto n = std::uniform_int_distribution<std::size_t>(1, ids.size() - 1)(rng);
        const int r = std::uniform_int_distribution<int>(spec.rand_min, std::max(spec.rand_min, spec.rand_max))(rng);
        pending.push_back({p, std::move(ids), n, r});
    }

    std::vector<DatasetExample> examples;
    examples.reserve(pending.size());
    const std::size_t batch = spec.method == DatasetMethod::Empower ? static_cast<std::size_t>(std::max(1, spec.batch_size)) : pending.size();
    for (std::size_t start = 0; start < pending.size(); start += std::max<std::size_t>(1, batch)) {
        if (cancel && cancel->load()) throw Error("dataset building was cancelled");
        const auto end = std::min(pending.size(), start + std::max<std::size_t>(1, batch));
        std::vector<lm::ScoreRequest> requests;
        for (std::size_t i = start; i < end; ++i) {
            const auto& e = pending[i];
            const auto suffix_end = std::min(e.ids.size(), e.prefix_len + cap);
            requests.push_back({{e.ids.begin(), e.ids.begin() + static_cast<std::ptrdiff_t>(e.prefix_len)},
                                {e.ids.begin() + static_cast<std::ptrdiff_t>(e.prefix_len), e.ids.begin() + static_cast<std::ptrdiff_t>(suffix_end)}});
        }
        std::vector<std::vector<lm::ScoredToken>> scored;
        if (spec.method == DatasetMethod::Empower && !spec.algorithm1_as_written) scored = likelihood.score(requests, 0);
        for (std::size_t i = start; i < end; ++i) {
            const auto& e = pending[i];
            const auto& r = requests[i - start];
            std::size_t keep = 0;
            double kept_nll = 0;
            switch (spec.method) {
                case DatasetMethod::Empower:
                    if (spec.algorithm1_as_written) {
                        keep = algorithm1_cut(likelihood, r.context, r.continuation, spec.eta, spec.unit);
                    } else {
                        std::vector<double> lp;
                        for (const auto& t : scored[i - start]) lp.push_back(t.logprob);
                        keep = threshold_cut(std::span<const double>(lp), spec.eta, spec.unit);
                        for (std::size_t k = 0; k < keep; ++k) kept_nll -= lp[k];
                    }
                    break;
                case DatasetMethod::SftN: keep = std::min<std::size_t>(static_cast<std::size_t>(spec.n), r.continuation.size()); break;
                case DatasetMethod::SftRand: keep = std::min<std::size_t>(static_cast<std::size_t>(e.rand_len), r.continuation.size()); break;
            }
            DatasetExample ex;
            ex.source = programs[e.program].source;
            ex.problem = programs[e.program].problem;
            ex.prefix = tok.decode(r.context);
            ex.completion = tok.decode(std::span(r.continuation).first(keep));
            ex.prefix_tokens = static_cast<int>(r.context.size());
            ex.completion_tokens = static_cast<int>(keep);
            ex.completion_nll_nats = kept_nll;
            examples.push_back(std::move(ex));
        }
        if (on_progress) on_progress({end, pending.size()});
    }
    return examples;
}

std::map<int, int> completion_length_histogram(const std::vector<DatasetExample>& examples) {
    std::map<int, int> h;
    for (const auto& e : examples) ++h[e.completion_tokens];
    return h;
}

void write_dataset_jsonl(const std::filesystem::path& path, const std::vector<DatasetExample>& examples, const DatasetSpec& spec,
                         const std::string& likelihood_model_name) {
    std::string out;
    for (const auto& e : examples) {
        nlohmann::json j = {{"source", e.source},
                            {"prefix", e.prefix},
                            {"completion", e.completion},
                            {"prefix_tokens", e.prefix_tokens},
                            {"completion_tokens", e.completion_tokens},
                            {"method", spec.label()},
                            {"seed", spec.seed},
                            {"likelihood_model", likelihood_model_name}};
        if (!e.problem.empty()) j["problem"] = e.problem;
        if (spec.method == DatasetMethod::Empower) {
            j["eta"] = spec.eta;
            j["units"] = unit_name(spec.unit);
            j["completion_nll"] = from_nats(e.completion_nll_nats, spec.unit);
        }
        out += json_text(j);
        out += '\n';
    }
    write_file_atomic(path, out);
}

}  // namespace ew::empower

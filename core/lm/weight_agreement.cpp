#include "lm/weight_agreement.h"

#include "empower/threshold_cut.h"
#include "lm/transformer_language_model.h"
#include "model/checkpoint_identity.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/resource_paths.h"
#include "support/sha256.h"
#include "support/user_cache.h"

#include <algorithm>
#include <cmath>
#include <nlohmann/json.hpp>

namespace ew::lm {

namespace fs = std::filesystem;

namespace {

// A case starts every 32 tokens, after at least 64 (cases overlap: each is a different place for a
// cut to land, and 99 % needs a few hundred of them to mean anything).
constexpr std::size_t kFirst = 64, kStride = 32, kContinuation = 64, kContext = 256, kBatch = 8;

}  // namespace

std::vector<ScoreRequest> agreement_cases(const text::BpeTokenizer& tokenizer, const std::vector<std::string>& texts, std::size_t max_cases,
                                          int context_window) {
    if (context_window < static_cast<int>(kContinuation) + 2)
        throw Error("weight agreement: a context window of " + std::to_string(context_window) + " tokens is too short for a case");
    const std::size_t context = std::min(kContext, static_cast<std::size_t>(context_window) - kContinuation - 1);
    std::vector<ScoreRequest> all;
    for (const auto& text : texts) {
        const auto ids = tokenizer.encode(text);
        for (std::size_t at = kFirst; at + kContinuation <= ids.size(); at += kStride) {
            const std::size_t from = at > context ? at - context : 0;
            all.push_back({{ids.begin() + static_cast<std::ptrdiff_t>(from), ids.begin() + static_cast<std::ptrdiff_t>(at)},
                           {ids.begin() + static_cast<std::ptrdiff_t>(at), ids.begin() + static_cast<std::ptrdiff_t>(at + kContinuation)}});
        }
    }
    if (all.size() <= max_cases) return all;
    std::vector<ScoreRequest> spread;  // evenly over every text, not just the first ones
    for (std::size_t i = 0; i < max_cases; ++i) spread.push_back(std::move(all[i * all.size() / max_cases]));
    return spread;
}

WeightKindAgreement compare_logprobs(const std::string& kind, const std::vector<std::vector<float>>& reference,
                                     const std::vector<std::vector<float>>& candidate) {
    if (reference.size() != candidate.size()) throw Error("weight agreement: the kinds scored different numbers of cases");
    WeightKindAgreement a{kind, reference.size()};
    std::size_t same8 = 0, same16 = 0;
    for (std::size_t c = 0; c < reference.size(); ++c) {
        const auto& r = reference[c];
        const auto& k = candidate[c];
        if (r.size() != k.size()) throw Error("weight agreement: case " + std::to_string(c) + " has different lengths");
        for (std::size_t i = 0; i < r.size(); ++i) a.max_abs_delta_logprob = std::max(a.max_abs_delta_logprob, std::abs(double(r[i]) - double(k[i])));
        same8 += empower::threshold_cut(std::span<const float>(r), 8) == empower::threshold_cut(std::span<const float>(k), 8);
        same16 += empower::threshold_cut(std::span<const float>(r), 16) == empower::threshold_cut(std::span<const float>(k), 16);
    }
    if (a.cases > 0) {
        a.identical_cuts_eta8 = double(same8) / double(a.cases);
        a.identical_cuts_eta16 = double(same16) / double(a.cases);
    }
    return a;
}

std::vector<std::vector<float>> score_cases(const LanguageModel& model, const std::vector<ScoreRequest>& cases, const std::atomic<bool>& cancelled) {
    std::vector<std::vector<float>> out;
    for (std::size_t b = 0; b < cases.size() && !cancelled; b += kBatch) {
        const auto n = std::min(kBatch, cases.size() - b);
        for (const auto& scored : model.score(std::span(cases.data() + b, n), 0)) {
            std::vector<float> lp;
            for (const auto& t : scored) lp.push_back(t.logprob);
            out.push_back(std::move(lp));
        }
    }
    return out;
}

std::vector<std::string> sample_project_code() {
    std::vector<fs::path> files;
    std::error_code ec;
    for (fs::recursive_directory_iterator it(projects_dir(), ec), end; !ec && it != end; it.increment(ec))
        if (it->is_regular_file() && it->path().extension() == ".py") files.push_back(it->path());
    std::sort(files.begin(), files.end());
    std::vector<std::string> texts;
    for (const auto& f : files) texts.push_back(read_file(f));
    return texts;
}

std::vector<WeightKindAgreement> measure_weight_agreement(const fs::path& model_dir, const AgreementOptions& o, const std::atomic<bool>& cancelled) {
    for (const auto& kind : o.kinds) validate_weights_option(kind);
    const auto texts = o.texts.empty() ? sample_project_code() : o.texts;
    const auto scoring = [&](const std::string& kind) {
        LoadOptions load;
        load.threads = o.threads;
        load.weights = kind;
        return TransformerLanguageModel::load(model_dir, load);
    };
    std::vector<ScoreRequest> cases;
    std::vector<std::vector<float>> reference;
    {
        const auto fp32 = scoring("fp32");
        cases = agreement_cases(fp32->tokenizer(), texts, o.max_cases, fp32->context_length());
        if (cases.empty()) throw Error("weight agreement: the code given is too short for a case of " + std::to_string(kFirst + kContinuation) + " tokens");
        reference = score_cases(*fp32, cases, cancelled);
    }
    std::vector<WeightKindAgreement> out;
    for (std::size_t i = 0; i < o.kinds.size() && !cancelled; ++i) {
        const auto model = scoring(o.kinds[i]);
        const auto scored = score_cases(*model, cases, cancelled);
        if (cancelled) break;
        out.push_back(compare_logprobs(o.kinds[i], reference, scored));
        if (o.progress) o.progress(o.kinds[i], i + 1, o.kinds.size());
    }
    return out;
}

fs::path agreement_record_path(const fs::path& model_dir) {
    const auto cache = user_cache_dir();
    if (cache.empty()) return {};
    return cache / "weight-agreement" / (sha256_hex(model::checkpoint_identity(model_dir)).substr(0, 32) + ".json");
}

void write_agreement_record(const fs::path& model_dir, const std::vector<WeightKindAgreement>& agreements) {
    const auto path = agreement_record_path(model_dir);
    if (path.empty()) throw Error("no cache directory to keep the weight agreement in (set HOME, XDG_CACHE_HOME or EW_CACHE_DIR)");
    nlohmann::json kinds = nlohmann::json::array();
    for (const auto& a : agreements)
        kinds.push_back({{"kind", a.kind}, {"cases", a.cases}, {"max_abs_delta_logprob", a.max_abs_delta_logprob},
                         {"identical_cuts_eta8", a.identical_cuts_eta8}, {"identical_cuts_eta16", a.identical_cuts_eta16}});
    const nlohmann::json record = {{"checkpoint", model::checkpoint_identity(model_dir)}, {"reference", "fp32"}, {"kinds", kinds}};
    fs::create_directories(path.parent_path());
    write_file_atomic(path, record.dump(2) + "\n");
}

AgreementRecord read_agreement_record(const fs::path& model_dir) {
    const auto path = agreement_record_path(model_dir);
    std::error_code ec;
    if (path.empty() || !fs::exists(path, ec)) return {};
    try {
        const auto j = nlohmann::json::parse(read_file(path));
        if (j.at("checkpoint").get<std::string>() != model::checkpoint_identity(model_dir)) return {};
        AgreementRecord record;
        for (const auto& k : j.at("kinds")) {
            WeightKindAgreement a{k.at("kind").get<std::string>(), k.at("cases").get<std::size_t>(),
                                  k.at("max_abs_delta_logprob").get<double>(), k.at("identical_cuts_eta8").get<double>(),
                                  k.at("identical_cuts_eta16").get<double>()};
            const auto share = [](double v) { return std::isfinite(v) && v >= 0 && v <= 1; };
            if (!share(a.identical_cuts_eta8) || !share(a.identical_cuts_eta16)) throw Error("a share of identical cuts outside 0..1");
            record.agreements.push_back(std::move(a));
        }
        return record;
    } catch (const std::exception& e) {
        return {{}, path.string() + ": unreadable weight agreement record (" + e.what() + "); run `empower calibrate-weights` again"};
    }
}

}  // namespace ew::lm

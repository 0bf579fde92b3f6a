#include "experiment/experiment_plan.h"

#include "empower/dataset_builder.h"
#include "model/checkpoint_identity.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/files_digest.h"
#include "support/resource_paths.h"
#include "support/sha256.h"

#include <algorithm>
#include <cstdio>
#include <set>

namespace ew::experiment {

namespace fs = std::filesystem;
using json = nlohmann::json;

const char* to_string(StageKind kind) {
    switch (kind) {
        case StageKind::Dataset: return "dataset";
        case StageKind::FineTune: return "train";
        case StageKind::Evaluate: return "eval";
    }
    return "?";
}

const Stage& ExperimentPlan::at(const std::string& id) const {
    for (const auto& s : stages)
        if (s.id == id) return s;
    throw Error("the experiment has no stage \"" + id + "\"");
}

namespace {

// "4" for 4.0, "2.5" for 2.5: η as a person writes it, for ids and arm names.
std::string compact(double value) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%g", value);
    return buf;
}

}  // namespace

std::string content_fingerprint(const fs::path& path) {
    std::error_code ec;
    if (fs::is_regular_file(path, ec)) return sha256_hex(read_file(path));
    if (!fs::is_directory(path, ec)) throw Error(path.string() + ": no such file or folder");
    std::vector<fs::path> files;
    for (auto it = fs::recursive_directory_iterator(path, ec); !ec && it != fs::recursive_directory_iterator(); it.increment(ec)) {
        if (it->is_directory() && it->path().filename() == "__pycache__") {  // written by running the code, not part of it
            it.disable_recursion_pending();
            continue;
        }
        if (it->is_regular_file()) files.push_back(it->path());
    }
    if (ec) throw Error(path.string() + ": cannot be listed (" + ec.message() + ")");
    return files_digest(path, std::move(files));
}

namespace {
// What an evaluation reads of a problem set: a JSONL file, one problem folder, or the problem
// folders (those with project.json) of a folder — not whatever else lies there, such as an
// experiment's own stage folders when its spec is kept beside the problems.
std::string problem_set_fingerprint(const fs::path& path, const Fingerprint& fingerprint) {
    std::error_code ec;
    if (!fs::is_directory(path, ec) || fs::exists(path / "project.json", ec)) return fingerprint(path);
    std::vector<fs::path> problems;
    for (const auto& entry : fs::directory_iterator(path, ec))
        if (entry.is_directory() && fs::exists(entry.path() / "project.json")) problems.push_back(entry.path());
    if (problems.empty()) return fingerprint(path);  // not a problem set: `empower eval` says so
    std::sort(problems.begin(), problems.end());
    std::string listing;
    for (const auto& problem : problems) listing += problem.filename().string() + " " + fingerprint(problem) + "\n";
    return sha256_hex(listing);
}
}  // namespace

fs::path default_stage_root(const fs::path& spec_path, const ExperimentSpec& spec) {
    return fs::absolute(spec_path).parent_path() / (spec.name + ".stages");
}

ExperimentPlan plan_experiment(const ExperimentSpec& spec, const fs::path& stage_root, const std::string& code_version,
                               const Fingerprint& fingerprint) {
    ExperimentPlan plan;
    plan.root = stage_root;
    const fs::path base_model = spec.base_model.empty() ? default_model_dir() : spec.base_model;
    const std::string base_identity = model::checkpoint_identity(base_model);
    const std::string corpus_print = fingerprint(spec.corpus);
    std::map<std::string, std::string> problem_prints;
    std::set<std::string> problem_labels;
    for (const auto& p : spec.problems) {
        problem_prints[p.string()] = problem_set_fingerprint(p, fingerprint);
        if (!problem_labels.insert(p.filename().string()).second)
            throw Error("two problem sets are both named \"" + p.filename().string() + "\"; give them folders of different names");
    }
    std::set<std::string> arms;

    // The key and folder of a stage from what determines its result.
    const auto finish = [&](Stage& stage, const json& settings, const std::vector<std::string>& inputs) {
        json parents = json::array();
        for (const auto& id : stage.needs) parents.push_back(plan.at(id).key);
        const json what = {{"code", code_version}, {"kind", to_string(stage.kind)}, {"settings", settings}, {"inputs", inputs}, {"parents", parents}};
        stage.key = sha256_hex(what.dump());
        stage.dir = stage_root / (std::string(to_string(stage.kind)) + "-" + stage.key.substr(0, 16));
    };

    const auto evaluations = [&](const std::string& arm, const std::string& id_prefix, const fs::path& assistant, const std::string& policy,
                                 const std::vector<std::string>& needs) {
        for (const auto& problems : spec.problems)
            for (const auto& human : spec.humans) {
                Stage s;
                s.kind = StageKind::Evaluate;
                s.arm = arm;
                s.human = human.label();
                s.human_population = human.population();
                s.problems = problems.filename().string();
                s.id = "eval/" + id_prefix + "/" + s.problems + "/" + s.human;
                s.needs = needs;
                json settings = spec.evaluation;
                settings.update(json{{"policy", policy}, {"human", human.human}});
                if (human.seed >= 0) settings["human_seed"] = human.seed;
                std::vector<std::string> inputs = {problem_prints.at(problems.string())};
                if (needs.empty()) inputs.push_back(base_identity);  // a trained assistant is its parent's key
                if (!human.human_model.empty()) inputs.push_back(model::checkpoint_identity(human.human_model));
                finish(s, settings, inputs);
                json config = settings;
                config.update(json{{"run_name", spec.name + ":" + s.id},
                                   {"problems", problems.string()},
                                   {"assistant_model", assistant.string()},
                                   {"human_model", human.human_model.string()},
                                   {"episodes_out", (s.dir / "episodes.jsonl").string()}});
                s.config_text = config.dump(2) + "\n";
                s.output = s.dir / "episodes.jsonl";
                s.arguments = {"eval", "--config", (s.dir / "eval.json").string()};
                plan.stages.push_back(std::move(s));
            }
    };

    for (const auto& method : spec.methods) {
        const std::vector<double> etas = method.etas.empty() ? std::vector<double>{0} : method.etas;
        for (const double eta : etas) {
            const std::string arm = method.etas.empty() ? method.method : method.method + "-" + compact(eta);
            if (!arms.insert(arm).second) throw Error("the arm \"" + arm + "\" is listed twice");
            for (const auto seed : spec.dataset_seeds) {
                Stage d;
                d.kind = StageKind::Dataset;
                d.arm = arm;
                d.id = "dataset/" + arm + "/seed-" + std::to_string(seed);
                const json dataset_settings = {{"method", method.method}, {"eta", method.etas.empty() ? json() : json(eta)},
                                               {"seed", seed}, {"max_completion_tokens", spec.max_completion_tokens}};
                finish(d, dataset_settings, {corpus_print, base_identity});
                d.output = d.dir / "dataset.jsonl";
                d.arguments = {"dataset", "--corpus", spec.corpus.string(), "--method", method.method, "--seed", std::to_string(seed),
                               "--max-completion", std::to_string(spec.max_completion_tokens), "--model", base_model.string(),
                               "--out", d.output.string(), "--json"};
                if (!method.etas.empty()) d.arguments.insert(d.arguments.begin() + 5, {"--eta", compact(eta)});
                const std::string dataset_id = d.id;
                const fs::path dataset_file = d.output;
                plan.stages.push_back(std::move(d));

                for (int repeat = 1; repeat <= spec.repeats; ++repeat) {
                    Stage t;
                    t.kind = StageKind::FineTune;
                    t.arm = arm;
                    const std::string branch = arm + "/seed-" + std::to_string(seed) + "/repeat-" + std::to_string(repeat);
                    t.id = "train/" + branch;
                    t.needs = {dataset_id};
                    json settings = spec.fine_tune;
                    settings.update(method.fine_tune);
                    const auto seed0 = settings.contains("seed") ? settings.at("seed").get<std::uint64_t>() : std::uint64_t{0};
                    settings["seed"] = seed0 + static_cast<std::uint64_t>(repeat - 1);
                    finish(t, settings, {base_identity});
                    json config = settings;
                    config.update(json{{"run_name", spec.name + ":" + t.id}, {"base_model", base_model.string()},
                                       {"dataset", dataset_file.string()}, {"out_dir", (t.dir / "model").string()}});
                    t.config_text = config.dump(2) + "\n";
                    t.output = t.dir / "model";
                    t.arguments = {"train", "--config", (t.dir / "run.json").string()};
                    const std::string train_id = t.id;
                    const fs::path model_dir = t.output;
                    plan.stages.push_back(std::move(t));
                    // A fine-tuned assistant learned where to stop: it generates until its stop token.
                    evaluations(arm, branch, model_dir, "base", {train_id});
                }
            }
        }
    }
    for (const auto& policy : spec.untrained) {
        if (!arms.insert(policy).second) throw Error("the arm \"" + policy + "\" is listed twice");
        evaluations(policy, policy, base_model, policy, {});
    }
    return plan;
}

}  // namespace ew::experiment

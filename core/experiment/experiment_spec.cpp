#include "experiment/experiment_spec.h"

#include "empower/dataset_builder.h"
#include "empower/suggestion_policy.h"
#include "eval/eval_config.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/json_field.h"
#include "train/fine_tune_config.h"

#include <cmath>
#include <set>

namespace ew::experiment {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// Fields a stage sets itself: a spec that sets them would be silently overridden.
const std::set<std::string> kStageFineTuneFields = {"run_name", "base_model", "dataset", "out_dir"};
const std::set<std::string> kStageEvalFields = {"run_name", "problems", "assistant_model", "policy", "human", "human_model", "human_seed",
                                                "episodes_out"};

void only_fields(const json& object, const std::set<std::string>& allowed, const std::string& origin) {
    if (!object.is_object()) throw Error(origin + ": expected a JSON object, not " + json_brief(object));
    for (auto it = object.begin(); it != object.end(); ++it)
        if (!allowed.count(it.key())) throw Error(origin + ": unknown field \"" + it.key() + "\"");
}

void no_stage_fields(const json& object, const std::set<std::string>& stage_fields, const std::string& origin) {
    if (!object.is_object()) throw Error(origin + ": expected a JSON object, not " + json_brief(object));
    for (auto it = object.begin(); it != object.end(); ++it)
        if (stage_fields.count(it.key())) throw Error(origin + ": \"" + it.key() + "\" is set by the experiment for each stage");
}

fs::path resolved(const std::string& path, const fs::path& relative_to) {
    if (path.empty()) return path;
    // Normalised, without a trailing '/', so ".." names the folder it means (a problem set's
    // label is its folder's name).
    auto p = (fs::path(path).is_absolute() || relative_to.empty() ? fs::path(path) : relative_to / path).lexically_normal();
    if (!p.has_filename() && p.has_parent_path() && p != p.root_path()) p = p.parent_path();
    return p;
}

// The run.json a fine-tuning stage would get, checked by `empower train`'s own reader.
void check_fine_tune(const json& shared, const json& overrides, const std::string& origin) {
    json run = {{"run_name", "check"}, {"dataset", "dataset.jsonl"}, {"out_dir", "out"}};
    for (auto it = shared.begin(); it != shared.end(); ++it) run[it.key()] = it.value();
    for (auto it = overrides.begin(); it != overrides.end(); ++it) run[it.key()] = it.value();
    train::FineTuneConfig::from_json_text(run.dump(), origin);
}

}  // namespace

std::string HumanSpec::label() const {
    if (human == "llm") return "llm:" + human_model.filename().string();
    if (seed >= 0) return human + ":seed-" + std::to_string(seed);
    return human;
}

std::string HumanSpec::population() const { return seed >= 0 ? human + ", seeded" : label(); }

ExperimentSpec ExperimentSpec::from_json_text(const std::string& text, const std::string& origin, const fs::path& relative_to) {
    json j;
    try {
        j = json::parse(text);
    } catch (const json::exception& e) {
        throw Error(origin + ": not valid JSON (" + e.what() + ")");
    }
    only_fields(j, {"name", "base_model", "corpus", "dataset", "methods", "fine_tune", "repeats", "untrained", "evaluation"}, origin);
    ExperimentSpec s;
    s.name = json_required_field<std::string>(j, "name", origin);
    if (s.name.empty() || s.name.find('/') != std::string::npos) throw Error(origin + ": \"name\" must be a non-empty name without '/'");
    s.base_model = resolved(json_field(j, "base_model", std::string(), origin), relative_to);
    s.corpus = resolved(json_required_field<std::string>(j, "corpus", origin), relative_to);
    if (s.corpus.empty()) throw Error(origin + ": \"corpus\" must name a folder or JSONL file");

    if (j.contains("dataset")) {
        const auto& d = j.at("dataset");
        only_fields(d, {"seeds", "max_completion_tokens"}, origin + ": dataset");
        if (d.contains("seeds")) {
            if (!d.at("seeds").is_array() || d.at("seeds").empty()) throw Error(origin + ": dataset: \"seeds\" must be a non-empty list");
            s.dataset_seeds.clear();
            for (std::size_t i = 0; i < d.at("seeds").size(); ++i)
                s.dataset_seeds.push_back(json_field<std::uint64_t>(json{{"seed", d.at("seeds")[i]}}, "seed", 0, origin + ": dataset seeds"));
        }
        s.max_completion_tokens = json_field(d, "max_completion_tokens", s.max_completion_tokens, origin + ": dataset");
        if (s.max_completion_tokens < 1) throw Error(origin + ": dataset: \"max_completion_tokens\" must be >= 1");
    }

    s.fine_tune = j.value("fine_tune", json::object());
    no_stage_fields(s.fine_tune, kStageFineTuneFields, origin + ": fine_tune");
    if (!j.contains("methods") || !j.at("methods").is_array()) throw Error(origin + ": \"methods\" must be a list");
    std::set<std::string> arms;
    for (std::size_t i = 0; i < j.at("methods").size(); ++i) {
        const auto& m = j.at("methods")[i];
        const std::string where = origin + ": methods[" + std::to_string(i) + "]";
        only_fields(m, {"method", "eta", "fine_tune"}, where);
        MethodSpec method;
        method.method = json_required_field<std::string>(m, "method", where);
        const auto parsed = [&] {
            try {
                return empower::DatasetSpec::parse_method(method.method);
            } catch (const Error& e) {
                throw Error(where + ": " + e.what());
            }
        }();
        if (parsed.method == empower::DatasetMethod::Empower) {
            if (!m.contains("eta")) throw Error(where + ": empower needs \"eta\" (a number or a list of numbers, nats)");
            const json etas = m.at("eta").is_array() ? m.at("eta") : json::array({m.at("eta")});
            if (etas.empty()) throw Error(where + ": \"eta\" is an empty list");
            for (const auto& e : etas) {
                const double eta = json_field<double>(json{{"eta", e}}, "eta", 0, where);
                if (!(eta > 0)) throw Error(where + ": every eta must be > 0");
                method.etas.push_back(eta);
            }
        } else if (m.contains("eta")) {
            throw Error(where + ": \"eta\" is for the empower method only");
        }
        method.fine_tune = m.value("fine_tune", json::object());
        no_stage_fields(method.fine_tune, kStageFineTuneFields, where + ": fine_tune");
        check_fine_tune(s.fine_tune, method.fine_tune, where + ": fine_tune");
        s.methods.push_back(std::move(method));
    }
    if (s.methods.empty() && !j.contains("untrained")) throw Error(origin + ": nothing to run: no \"methods\" and no \"untrained\" arms");
    if (s.methods.empty()) check_fine_tune(s.fine_tune, json::object(), origin + ": fine_tune");

    s.repeats = json_field(j, "repeats", s.repeats, origin);
    if (s.repeats < 1 || s.repeats > 100) throw Error(origin + ": \"repeats\" must be between 1 and 100");

    if (j.contains("untrained")) {
        if (!j.at("untrained").is_array()) throw Error(origin + ": \"untrained\" must be a list of policies");
        for (const auto& u : j.at("untrained")) {
            if (!u.is_string() || !empower::SuggestionPolicy::parse(u.get<std::string>()))
                throw Error(origin + ": untrained arm " + json_brief(u) + " is not a policy (base, base-N, empower)");
            s.untrained.push_back(u.get<std::string>());
        }
    }

    if (!j.contains("evaluation")) throw Error(origin + ": \"evaluation\" is required (problems and humans)");
    const auto& e = j.at("evaluation");
    only_fields(e, {"problems", "humans", "settings"}, origin + ": evaluation");
    const json problems = e.contains("problems") ? e.at("problems") : json();
    if (!problems.is_array() || problems.empty()) throw Error(origin + ": evaluation: \"problems\" must be a non-empty list of problem sets");
    for (const auto& p : problems) {
        if (!p.is_string() || p.get<std::string>().empty()) throw Error(origin + ": evaluation: every problem set is a folder path");
        s.problems.push_back(resolved(p.get<std::string>(), relative_to));
    }
    if (e.contains("humans")) {
        if (!e.at("humans").is_array() || e.at("humans").empty()) throw Error(origin + ": evaluation: \"humans\" must be a non-empty list");
        s.humans.clear();
        for (const auto& h : e.at("humans")) {
            only_fields(h, {"human", "human_model", "seeds"}, origin + ": evaluation: humans");
            HumanSpec human;
            human.human = json_required_field<std::string>(h, "human", origin + ": evaluation: humans");
            human.human_model = resolved(json_field(h, "human_model", std::string(), origin + ": evaluation: humans"), relative_to);
            if (!h.contains("seeds")) {
                s.humans.push_back(std::move(human));
                continue;
            }
            // One seeded noisy-replay human per seed: a population whose spread the table shows.
            const auto& seeds = h.at("seeds");
            if (human.human != "noisy-replay" || !seeds.is_array() || seeds.empty())
                throw Error(origin + ": evaluation: humans: \"seeds\" is a non-empty list, for the noisy-replay human only");
            for (const auto& seed : seeds) {
                if (!seed.is_number_integer() || seed.get<std::int64_t>() < 0)
                    throw Error(origin + ": evaluation: humans: every seed is an integer >= 0");
                human.seed = seed.get<std::int64_t>();
                s.humans.push_back(human);
            }
        }
    }
    s.evaluation = e.value("settings", json::object());
    no_stage_fields(s.evaluation, kStageEvalFields, origin + ": evaluation: settings");
    for (const auto& human : s.humans) {  // each evaluation as `empower eval` will read it
        json eval = s.evaluation;
        eval.update(json{{"problems", "problems"}, {"human", human.human}, {"human_model", human.human_model.string()},
                         {"human_seed", human.seed}});
        eval::EvalConfig::from_json_text(eval.dump(), origin + ": evaluation");
    }
    std::set<std::string> labels;
    for (const auto& human : s.humans)
        if (!labels.insert(human.label()).second) throw Error(origin + ": evaluation: the human \"" + human.label() + "\" is listed twice");
    return s;
}

ExperimentSpec ExperimentSpec::load(const fs::path& path) {
    return from_json_text(read_file(path), path.string(), path.parent_path());
}

std::string ExperimentSpec::to_json_text() const {
    json methods = json::array();
    for (const auto& m : this->methods) {
        json one = {{"method", m.method}};
        if (!m.etas.empty()) one["eta"] = m.etas;
        if (!m.fine_tune.empty()) one["fine_tune"] = m.fine_tune;
        methods.push_back(one);
    }
    json humans = json::array();
    for (const auto& h : this->humans) {
        json one = {{"human", h.human}};
        if (!h.human_model.empty()) one["human_model"] = h.human_model.string();
        if (h.seed >= 0) one["seeds"] = json::array({h.seed});
        humans.push_back(one);
    }
    json problem_sets = json::array();
    for (const auto& p : problems) problem_sets.push_back(p.string());
    const json j = {{"name", name},
                    {"base_model", base_model.string()},
                    {"corpus", corpus.string()},
                    {"dataset", {{"seeds", dataset_seeds}, {"max_completion_tokens", max_completion_tokens}}},
                    {"methods", methods},
                    {"fine_tune", fine_tune},
                    {"repeats", repeats},
                    {"untrained", untrained},
                    {"evaluation", {{"problems", problem_sets}, {"humans", humans}, {"settings", evaluation}}}};
    return j.dump(2) + "\n";
}

}  // namespace ew::experiment

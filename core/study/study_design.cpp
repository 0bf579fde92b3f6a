#include "study/study_design.h"

#include "study/expectation.h"
#include "empower/suggestion_policy.h"
#include "support/error.h"
#include "support/json_field.h"

#include <optional>
#include <set>

namespace ew::study {

namespace {

using nlohmann::json;

// Reads the object `j`, refusing keys outside `allowed` so a typo is an error, not a default.
void check_keys(const json& j, std::initializer_list<const char*> allowed, const std::string& where) {
    if (!j.is_object()) throw Error(where + ": expected a JSON object");
    for (auto it = j.begin(); it != j.end(); ++it) {
        bool known = false;
        for (const char* k : allowed) known = known || it.key() == k;
        if (!known) throw Error(where + ": unknown field \"" + it.key() + "\"");
    }
}

template <typename T>
void read(const json& j, const char* key, T& out, const std::string& where) {
    out = json_field(j, key, out, where);
}

// Calls f(element, "origin: key[i]") for each element of the optional array field `key`.
template <typename F>
void for_each_element(const json& j, const char* key, const std::string& origin, F f) {
    if (!j.contains(key)) return;
    if (!j[key].is_array()) throw Error(origin + ": \"" + key + "\" must be an array");
    for (std::size_t i = 0; i < j[key].size(); ++i) f(j[key][i], origin + ": " + key + "[" + std::to_string(i) + "]");
}

}  // namespace

StudyDesign StudyDesign::paper_default(const std::string& name, const std::vector<std::string>& problems) {
    StudyDesign d;
    d.name = name;
    d.problems = problems;
    d.arms = {Arm{"empower-4", "empower", 4.0, "", 48}, Arm{"base-20", "base-20", 4.0, "", 48}};
    d.phases = {Phase{"unassisted", 0, 25, false}, Phase{"assistant", 1, 15, true}, Phase{"assistant", 2, 15, true}};
    d.questionnaire = {
        {"relevance", "ranking", "How relevant are the assistant's suggestions?", "Most relevant suggestions",
         "Least relevant suggestions"},
        {"deletions", "ranking", "How often did you have to delete the assistant's work?", "Fewest deletes",
         "Most deletes"},
        {"enjoyment", "ranking", "Which would you most enjoy using in practice?", "Most enjoy", "Least enjoy"},
    };
    return d;
}

StudyDesign StudyDesign::from_json(const json& j, const std::string& origin) {
    check_keys(j, {"name", "problems", "arms", "phases", "questionnaire", "seed", "carry_code_between_phases", "expect"}, origin);
    StudyDesign d;
    read(j, "name", d.name, origin);
    read(j, "problems", d.problems, origin);
    read(j, "seed", d.seed, origin);
    read(j, "carry_code_between_phases", d.carry_code_between_phases, origin);
    read(j, "expect", d.expectation, origin);
    for_each_element(j, "arms", origin, [&](const json& a, const std::string& where) {
        check_keys(a, {"name", "policy", "eta", "model", "max_tokens", "server", "api_key_file"}, where);
        Arm arm;
        read(a, "name", arm.name, where);
        read(a, "policy", arm.policy, where);
        read(a, "eta", arm.eta, where);
        read(a, "model", arm.model, where);
        read(a, "max_tokens", arm.max_tokens, where);
        read(a, "server", arm.server, where);
        read(a, "api_key_file", arm.api_key_file, where);
        d.arms.push_back(arm);
    });
    for_each_element(j, "phases", origin, [&](const json& p, const std::string& where) {
        check_keys(p, {"kind", "slot", "minutes", "notes_after"}, where);
        Phase phase;
        read(p, "kind", phase.kind, where);
        read(p, "slot", phase.slot, where);
        read(p, "minutes", phase.minutes, where);
        phase.notes_after = phase.kind == "assistant";
        read(p, "notes_after", phase.notes_after, where);
        d.phases.push_back(phase);
    });
    for_each_element(j, "questionnaire", origin, [&](const json& q, const std::string& where) {
        check_keys(q, {"id", "kind", "prompt", "best_label", "worst_label"}, where);
        QuestionItem item;
        read(q, "id", item.id, where);
        read(q, "kind", item.kind, where);
        read(q, "prompt", item.prompt, where);
        read(q, "best_label", item.best_label, where);
        read(q, "worst_label", item.worst_label, where);
        d.questionnaire.push_back(item);
    });
    d.validate(origin);
    return d;
}

json StudyDesign::to_json() const {
    json j;
    j["name"] = name;
    j["problems"] = problems;
    j["seed"] = seed;
    j["carry_code_between_phases"] = carry_code_between_phases;
    if (!expectation.empty()) j["expect"] = expectation;
    j["arms"] = json::array();
    for (const auto& a : arms) {
        json arm = {{"name", a.name}, {"policy", a.policy}, {"eta", a.eta}, {"model", a.model}, {"max_tokens", a.max_tokens}};
        if (!a.server.empty()) arm["server"] = a.server;
        if (!a.api_key_file.empty()) arm["api_key_file"] = a.api_key_file;
        j["arms"].push_back(arm);
    }
    j["phases"] = json::array();
    for (const auto& p : phases)
        j["phases"].push_back({{"kind", p.kind}, {"slot", p.slot}, {"minutes", p.minutes}, {"notes_after", p.notes_after}});
    j["questionnaire"] = json::array();
    for (const auto& q : questionnaire)
        j["questionnaire"].push_back({{"id", q.id}, {"kind", q.kind}, {"prompt", q.prompt},
                                      {"best_label", q.best_label}, {"worst_label", q.worst_label}});
    return j;
}

void StudyDesign::validate(const std::string& origin) const {
    if (name.empty()) throw Error(origin + ": the study needs a name");
    if (problems.empty()) throw Error(origin + ": the study needs at least one problem");
    if (arms.empty()) throw Error(origin + ": the study needs at least one assistant arm");
    std::set<std::string> arm_names;
    for (const auto& a : arms) {
        if (a.name.empty()) throw Error(origin + ": every arm needs a name");
        if (!arm_names.insert(a.name).second) throw Error(origin + ": two arms are named \"" + a.name + "\"");
        if (!(a.eta > 0)) throw Error(origin + ": arm \"" + a.name + "\" needs eta > 0");
        if (a.max_tokens < 1) throw Error(origin + ": arm \"" + a.name + "\" needs max_tokens >= 1");
        // "imported": an arm of a study imported from tab_frontend logs (no suggestions are made here).
        const auto policy = a.policy == "imported" ? std::optional(empower::SuggestionPolicy{}) : empower::SuggestionPolicy::parse(a.policy);
        if (!policy)
            throw Error(origin + ": arm \"" + a.name + "\" has an unknown policy \"" + a.policy +
                        "\" (empower, empower-auto, base, base-N, or imported)");
        if (!a.server.empty()) {
            if (a.server.rfind("http://", 0) != 0)
                throw Error(origin + ": arm \"" + a.name + "\": \"server\" is the address of `empower serve`, http://host:port");
            if (!a.model.empty())
                throw Error(origin + ": arm \"" + a.name + "\" names both a server and a model: a served arm's model is the server's");
            if (a.policy == "imported") throw Error(origin + ": arm \"" + a.name + "\" is imported: it has no server");
        } else if (!a.api_key_file.empty()) {
            throw Error(origin + ": arm \"" + a.name + "\" has an \"api_key_file\" but no \"server\"");
        }
        // empower-auto: `eta` is the prior η each participant starts from; what each one keeps of
        // the suggestions moves it, and every move is logged (study/eta_trajectory.h).
    }
    if (phases.empty()) throw Error(origin + ": the study needs at least one phase");
    std::set<int> slots_used;
    for (const auto& p : phases) {
        if (p.minutes < 1) throw Error(origin + ": every phase needs at least one minute");
        if (p.kind == "unassisted") {
            if (p.slot != 0) throw Error(origin + ": an unassisted phase has no assistant slot");
        } else if (p.kind == "assistant") {
            if (p.slot < 1 || p.slot > assistant_slots())
                throw Error(origin + ": assistant phase slot " + std::to_string(p.slot) + " is not in 1.." +
                            std::to_string(assistant_slots()));
            if (!slots_used.insert(p.slot).second)
                throw Error(origin + ": assistant slot " + std::to_string(p.slot) + " has two phases");
        } else {
            throw Error(origin + ": unknown phase kind \"" + p.kind + "\" (unassisted | assistant)");
        }
    }
    if (static_cast<int>(slots_used.size()) != assistant_slots())
        throw Error(origin + ": every assistant slot 1.." + std::to_string(assistant_slots()) + " needs one phase");
    if (!expectation.empty()) {
        Expectation e;
        try {
            e = Expectation::parse(expectation);
        } catch (const Error& error) {
            throw Error(origin + ": " + error.what());
        }
        for (const auto& arm : {e.better, e.worse})
            if (!arm_names.count(arm)) throw Error(origin + ": \"expect\" names \"" + arm + "\", which is not an arm");
    }
    std::set<std::string> ids;
    for (const auto& q : questionnaire) {
        if (q.id.empty()) throw Error(origin + ": every questionnaire item needs an id");
        if (!ids.insert(q.id).second) throw Error(origin + ": two questionnaire items have the id \"" + q.id + "\"");
        if (q.kind != "ranking" && q.kind != "text")
            throw Error(origin + ": questionnaire item \"" + q.id + "\" has unknown kind \"" + q.kind + "\" (ranking | text)");
    }
}

}  // namespace ew::study

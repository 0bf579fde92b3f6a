// A user study as the conductor designs it (paper Sec. 5.3, App. E): the problems, the assistant
// arms being compared, the timed phases and the questionnaire. Saved as JSON inside the workspace;
// the defaults reproduce the paper's protocol (25 min unassisted, 15 min per assistant, notes after
// each assistant, a ranking questionnaire at the end).
#pragma once
#include <nlohmann/json.hpp>

#include <cstdint>
#include <string>
#include <vector>

namespace ew::study {

// One assistant configuration. Participants and the conductor's running view only ever see
// "Assistant <slot>"; which arm sits in which slot is the participant's counterbalanced order.
struct Arm {
    std::string name;             // e.g. "empower-4" — shown only after unblinding
    std::string policy = "empower";  // empower | base | base-N (as in core/empower), or "imported" (tab_frontend logs)
    double eta = 4.0;             // nats, for the empower policy
    std::string model;            // model directory; empty = the bundled model
    int max_tokens = 48;
    // A model another machine serves (`empower serve` there, say on a GPU box): "http://host:port".
    // The participant window runs this arm's Empower logic here on that model's tokens
    // (serve/remote_language_model.h); `model` stays empty.
    std::string server;
    // A file holding that server's --api-key (the key itself never enters the design, its exports
    // or the logs); empty: the server needs none.
    std::string api_key_file;
};

// Phase kinds: "unassisted" (no suggestions), "assistant" (the arm in slot `slot`), then notes
// and the questionnaire are untimed steps the participant window shows after assistant phases.
struct Phase {
    std::string kind = "assistant";
    int slot = 0;                 // 1-based assistant slot for kind == "assistant"; 0 otherwise
    int minutes = 15;
    bool notes_after = true;      // ask for notes on this assistant when the phase ends
};

// A questionnaire item. "ranking": the participant assigns ranks 1..k to the k assistant slots
// (each rank once), with labels for the best and worst rank; "text": a free paragraph.
struct QuestionItem {
    std::string id;
    std::string kind = "ranking";
    std::string prompt;
    std::string best_label;       // label of rank 1, e.g. "Most relevant suggestions"
    std::string worst_label;      // label of rank k
};

struct StudyDesign {
    std::string name;
    std::vector<std::string> problems;  // problem folders (absolute, or relative to the projects dir)
    std::vector<Arm> arms;
    std::vector<Phase> phases;
    std::vector<QuestionItem> questionnaire;
    std::uint64_t seed = 1;             // counterbalancing shuffle seed
    bool carry_code_between_phases = false;  // false: each phase starts from the starter code, as in the paper
    // The hypothesis, stated before the data: "<better arm> > <worse arm>" (study/expectation.h).
    // Empty: the report gives two-sided p-values only.
    std::string expectation;

    // The paper's protocol for the given problems: arms Empower η = 4 and Base-20, phases
    // 25 / 15 / 15 minutes, the three ranking items of App. E.4.
    static StudyDesign paper_default(const std::string& name, const std::vector<std::string>& problems);
    static StudyDesign from_json(const nlohmann::json& j, const std::string& origin);
    nlohmann::json to_json() const;
    // Throws ew::Error naming `origin` when the design cannot be run (no arms, slots that do not
    // match the arms, duplicate item ids, ...).
    void validate(const std::string& origin) const;
    int assistant_slots() const { return static_cast<int>(arms.size()); }
};

}  // namespace ew::study

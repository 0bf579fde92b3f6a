#include "study/study_report.h"

#include "support/error.h"

#include "study/session_replay.h"

#include <map>

namespace ew::study {

namespace {

using nlohmann::json;

std::string slot_label(int slot) { return "Assistant " + std::to_string(slot); }

// Adds one participant's numbers for one slot into `g` (counts only; ratios come in finalize).
void accumulate(GroupResult& g, const GroupResult& p) {
    g.shown += p.shown;
    g.accepted += p.accepted;
    g.accepted_full += p.accepted_full;
    g.accepted_partial += p.accepted_partial;
    g.rejected += p.rejected;
    g.dismissed += p.dismissed;
    g.shown_chars += p.shown_chars;
    g.accepted_chars += p.accepted_chars;
    g.deleted_chars += p.deleted_chars;
    g.deleted_per_accepted_suggestion.insert(g.deleted_per_accepted_suggestion.end(), p.deleted_per_accepted_suggestion.begin(),
                                             p.deleted_per_accepted_suggestion.end());
    g.test_runs += p.test_runs;
    g.passing_test_runs += p.passing_test_runs;
    g.participants += p.participants;
}

void finalize(GroupResult& g) {
    g.accept_ratio = g.shown ? static_cast<double>(g.accepted) / static_cast<double>(g.shown) : 0;
    g.suggestions_per_participant = g.participants ? static_cast<double>(g.shown) / g.participants : 0;
    g.chars_per_suggestion = g.shown ? static_cast<double>(g.shown_chars) / static_cast<double>(g.shown) : 0;
    double deleted = 0;
    for (double d : g.deleted_per_accepted_suggestion) deleted += d;
    g.deleted_chars_per_accepted =
        g.deleted_per_accepted_suggestion.empty() ? 0 : deleted / static_cast<double>(g.deleted_per_accepted_suggestion.size());
}

// One participant's results per slot, from all their sessions.
std::map<int, GroupResult> participant_slots(StudyStore& store, const ParticipantRecord& p, const SessionReplaySource& replay_of,
                                             StudyReport& report, std::map<std::string, std::string>& answers,
                                             SessionProgress& progress) {
    std::map<int, GroupResult> slots;
    for (const auto& session : store.sessions(p.id)) {
        ++report.sessions;
        if (session.finished_at > 0) ++report.finished_sessions;
        const SessionReplay& replay = replay_of(session);
        const auto events = static_cast<long>(replay.events_applied());
        report.events += events;
        // Sessions come oldest first: the last one written here is the latest.
        progress = {progress.sessions + 1, progress.events + events,
                    replay.finished() || session.finished_at > 0, replay.phase(), replay.phase_running(), replay.paused(),
                    replay.phase_active_seconds()};
        for (const auto& w : replay.warnings()) report.warnings.push_back(p.code + ", session " + std::to_string(session.id) + ": " + w);
        for (int slot : replay.slots_seen()) slots[slot].participants = 1;
        for (const auto& [id, s] : replay.suggestions()) {
            if (s.slot <= 0) continue;
            auto& g = slots[s.slot];
            if (s.shown) {
                ++g.shown;
                g.shown_chars += s.shown_chars;
            }
            if (s.accepted) {
                ++g.accepted;
                ++(s.accepted_full ? g.accepted_full : g.accepted_partial);
                g.accepted_chars += s.accepted_chars;
                const auto deleted = replay.provenance().deleted_chars(id);
                g.deleted_chars += deleted;
                g.deleted_per_accepted_suggestion.push_back(static_cast<double>(deleted));
            } else if (s.rejected) {
                ++g.rejected;
            } else if (s.dismissed) {
                ++g.dismissed;
            }
        }
        for (const auto& run : replay.test_runs()) {
            if (run.slot <= 0) continue;
            ++slots[run.slot].test_runs;
            slots[run.slot].passing_test_runs += run.passed;
        }
        for (const auto& [item, payload] : replay.answers()) answers[item] = payload;
    }
    return slots;
}

json group_json(const GroupResult& g) {
    return {{"label", g.label},
            {"participants", g.participants},
            {"shown", g.shown},
            {"accepted", g.accepted},
            {"accepted_full", g.accepted_full},
            {"accepted_partial", g.accepted_partial},
            {"rejected", g.rejected},
            {"dismissed", g.dismissed},
            {"accept_ratio", g.accept_ratio},
            {"suggestions_per_participant", g.suggestions_per_participant},
            {"chars_per_suggestion", g.chars_per_suggestion},
            {"accepted_chars", g.accepted_chars},
            {"deleted_chars", g.deleted_chars},
            {"deleted_chars_per_accepted", g.deleted_chars_per_accepted},
            {"test_runs", g.test_runs},
            {"passing_test_runs", g.passing_test_runs}};
}

}  // namespace

StudyReport compute_study_report(StudyStore& store, const StudyRecord& study) {
    SessionReplay replay;
    return compute_study_report(store, study, [&](const SessionRecord& session) -> const SessionReplay& {
        replay = {};
        replay.apply_all(store.events(session.id));
        return replay;
    });
}

StudyReport compute_study_report(StudyStore& store, const StudyRecord& study, const SessionReplaySource& replay_of) {
    StudyReport report;
    report.study = study.design.name;
    report.blinded = study.blinded();
    const int group_count = study.design.assistant_slots();
    // Group index per (participant, slot): the slot itself while blinded, else the arm behind it.
    auto group_of = [&](const ParticipantRecord& p, int slot) {
        const int g = report.blinded ? slot - 1 : p.arm_order.at(static_cast<std::size_t>(slot - 1));
        // A damaged row must not index past the groups: say which participant, do not guess.
        if (g < 0 || g >= group_count)
            throw Error("participant " + p.code + ": arm order names arm " + std::to_string(g) + " of " + std::to_string(group_count));
        return g;
    };
    report.groups.resize(static_cast<std::size_t>(group_count));
    for (int g = 0; g < group_count; ++g)
        report.groups[static_cast<std::size_t>(g)].label =
            report.blinded ? slot_label(g + 1) : study.design.arms[static_cast<std::size_t>(g)].name;

    std::map<std::string, std::vector<int>> first_counts;  // item -> ranked-first count per group
    std::map<std::string, int> answered;
    for (const auto& p : store.participants(study.id)) {
        ++report.participants;
        std::map<std::string, std::string> answers;
        ParticipantSummary summary{p.code, p.problem, {}, {}, {}};
        auto slots = participant_slots(store, p, replay_of, report, answers, summary.progress);
        for (int slot = 1; slot <= group_count; ++slot) {
            GroupResult r = slots[slot];
            const int g = group_of(p, slot);
            r.label = report.groups[static_cast<std::size_t>(g)].label;
            accumulate(report.groups[static_cast<std::size_t>(g)], r);
            finalize(r);
            summary.group_labels.push_back(r.label);
            summary.per_slot.push_back(std::move(r));
        }
        report.per_participant.push_back(std::move(summary));
        for (const auto& item : study.design.questionnaire) {
            if (item.kind != "ranking" || !answers.count(item.id)) continue;
            const auto j = json::parse(answers[item.id], nullptr, false);
            if (j.is_discarded() || !j.contains("ranks") || !j["ranks"].is_object()) continue;
            for (auto it = j["ranks"].begin(); it != j["ranks"].end(); ++it) {
                const int slot = std::atoi(it.key().c_str());
                if (slot < 1 || slot > group_count || !it.value().is_number_integer() || it.value().get<int>() != 1) continue;
                auto& counts = first_counts[item.id];
                counts.resize(static_cast<std::size_t>(group_count));
                ++counts[static_cast<std::size_t>(group_of(p, slot))];
                ++answered[item.id];
                break;
            }
        }
    }
    for (auto& g : report.groups) finalize(g);

    for (std::size_t a = 0; a < report.groups.size(); ++a)
        for (std::size_t b = a + 1; b < report.groups.size(); ++b) {
            const auto& ga = report.groups[a];
            const auto& gb = report.groups[b];
            Comparison c{ga.label, gb.label, {}, {}};
            if (ga.shown > 0 && gb.shown > 0) c.acceptance = two_proportion_z_test(ga.accepted, ga.shown, gb.accepted, gb.shown);
            c.deletions = welch_t_test(ga.deleted_per_accepted_suggestion, gb.deleted_per_accepted_suggestion);
            report.comparisons.push_back(c);
        }

    for (const auto& item : study.design.questionnaire) {
        if (item.kind != "ranking") continue;
        PreferenceResult pr{item.id, item.prompt, item.best_label, answered[item.id], {}};
        auto counts = first_counts[item.id];
        counts.resize(static_cast<std::size_t>(group_count));
        for (int g = 0; g < group_count; ++g) {
            PreferenceShare s;
            s.label = report.groups[static_cast<std::size_t>(g)].label;
            s.ranked_first = counts[static_cast<std::size_t>(g)];
            if (pr.answered > 0) {
                s.proportion = static_cast<double>(s.ranked_first) / pr.answered;
                s.ci95 = clopper_pearson(s.ranked_first, pr.answered);
                s.test = binomial_test(s.ranked_first, pr.answered, 1.0 / group_count);
            }
            pr.shares.push_back(s);
        }
        report.preferences.push_back(std::move(pr));
    }
    return report;
}

json StudyReport::to_json() const {
    json j;
    j["study"] = study;
    j["blinded"] = blinded;
    j["participants"] = participants;
    j["sessions"] = sessions;
    j["finished_sessions"] = finished_sessions;
    j["events"] = events;
    j["groups"] = json::array();
    for (const auto& g : groups) j["groups"].push_back(group_json(g));
    j["comparisons"] = json::array();
    for (const auto& c : comparisons) {
        json welch = nullptr;
        if (c.deletions.valid)
            welch = {{"mean_a", c.deletions.mean1}, {"mean_b", c.deletions.mean2}, {"t", c.deletions.t},
                     {"df", c.deletions.df}, {"p_two_sided", c.deletions.p_two_sided}, {"p_a_greater", c.deletions.p_greater}};
        j["comparisons"].push_back({{"a", c.a},
                                    {"b", c.b},
                                    {"acceptance_z_test",
                                     {{"p_a", c.acceptance.p1}, {"p_b", c.acceptance.p2}, {"z", c.acceptance.z},
                                      {"p_two_sided", c.acceptance.p_two_sided}, {"p_a_greater", c.acceptance.p_greater}}},
                                    {"deletions_welch_t_test", welch}});
    }
    j["preferences"] = json::array();
    for (const auto& p : preferences) {
        json shares = json::array();
        for (const auto& s : p.shares)
            shares.push_back({{"label", s.label},
                              {"ranked_first", s.ranked_first},
                              {"proportion", s.proportion},
                              {"ci95", {s.ci95.lower, s.ci95.upper}},
                              {"binomial_p_greater", s.test.p_greater},
                              {"binomial_p_two_sided", s.test.p_two_sided}});
        j["preferences"].push_back(
            {{"item", p.item}, {"prompt", p.prompt}, {"best_label", p.best_label}, {"answered", p.answered}, {"shares", shares}});
    }
    j["per_participant"] = json::array();
    for (const auto& p : per_participant) {
        json slots = json::array();
        for (const auto& g : p.per_slot) slots.push_back(group_json(g));
        j["per_participant"].push_back({{"code", p.code}, {"problem", p.problem}, {"slots", slots}});
    }
    j["warnings"] = warnings;
    return j;
}

}  // namespace ew::study

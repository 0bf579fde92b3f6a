#include "study/study_report.h"

#include "support/error.h"

#include "study/session_replay.h"

#include <cmath>
#include <map>
#include <tuple>

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
    g.eta_curves.insert(g.eta_curves.end(), p.eta_curves.begin(), p.eta_curves.end());
}

// A ratio's numerator and denominator, for each figure.
struct Ratio {
    double numerator = 0, denominator = 0;
    bool defined() const { return denominator > 0; }
    double value() const { return defined() ? numerator / denominator : 0; }
};

const std::vector<std::string>& metric_names() {
    static const std::vector<std::string> names{"accept_ratio", "deleted_chars_per_accept", "accepted_chars_per_accept",
                                                "shown_chars_per_suggestion"};
    return names;
}

Ratio ratio_of(const GroupResult& g, const std::string& metric) {
    if (metric == "accept_ratio") return {double(g.accepted), double(g.shown)};
    if (metric == "deleted_chars_per_accept") return {double(g.deleted_chars), double(g.accepted)};
    if (metric == "accepted_chars_per_accept") return {double(g.accepted_chars), double(g.accepted)};
    return {double(g.shown_chars), double(g.shown)};
}

Figure& figure_of(GroupResult& g, const std::string& metric) {
    if (metric == "accept_ratio") return g.accept_ratio;
    if (metric == "deleted_chars_per_accept") return g.deleted_chars_per_accept;
    if (metric == "accepted_chars_per_accept") return g.accepted_chars_per_accept;
    return g.shown_chars_per_suggestion;
}

// +1: a higher value is better (accept ratio); -1: lower is better (deletions); 0: no better direction.
int better_direction(const std::string& metric) {
    if (metric == "accept_ratio") return 1;
    if (metric == "deleted_chars_per_accept") return -1;
    return 0;
}

// Pooled figures from the counts; participant means come from the per-participant results.
void finalize(GroupResult& g) {
    g.suggestions_per_participant = g.participants ? static_cast<double>(g.shown) / g.participants : 0;
    for (const auto& metric : metric_names()) {
        const Ratio r = ratio_of(g, metric);
        Figure& f = figure_of(g, metric);
        f.pooled = r.value();
        if (g.participants <= 1) {  // one participant's own figure
            f.participant_mean = f.pooled;
            f.participants = r.defined() ? 1 : 0;
        }
    }
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
        for (const auto& point : replay.eta_points()) {
            if (point.slot <= 0) continue;
            auto& curves = slots[point.slot].eta_curves;  // one curve per participant, across their sessions
            if (curves.empty()) curves.push_back({p.code, {}});
            curves.front().eta.push_back(point.eta);
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

json figure_json(const Figure& f) {
    return {{"pooled", f.pooled}, {"participant_mean", f.participant_mean}, {"participant_se", f.participant_se}, {"participants", f.participants}};
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
            {"shown_chars", g.shown_chars},
            {"accepted_chars", g.accepted_chars},
            {"deleted_chars", g.deleted_chars},
            {"accept_ratio", figure_json(g.accept_ratio)},
            {"shown_chars_per_suggestion", figure_json(g.shown_chars_per_suggestion)},
            {"accepted_chars_per_accept", figure_json(g.accepted_chars_per_accept)},
            {"deleted_chars_per_accept", figure_json(g.deleted_chars_per_accept)},
            {"suggestions_per_participant", g.suggestions_per_participant},
            {"test_runs", g.test_runs},
            {"passing_test_runs", g.passing_test_runs},
            {"eta_curves", [&] {
                 json curves = json::array();
                 for (const auto& c : g.eta_curves) curves.push_back({{"participant", c.participant}, {"eta", c.eta}});
                 return curves;
             }()}};
}

// The alternative and direction a one-sided test of `metric` takes, a against b, under `e`.
std::pair<std::string, std::string> alternative_for(const std::string& metric, const std::string& a, const std::string& b,
                                                    const std::optional<Expectation>& e) {
    const int better = better_direction(metric);
    if (!e || better == 0) return {"two-sided", ""};
    int a_better = 0;  // +1: the expectation says a is better than b; -1: b better than a
    if (e->better == a && e->worse == b) a_better = 1;
    else if (e->better == b && e->worse == a) a_better = -1;
    if (a_better == 0) return {"two-sided", ""};
    const bool a_greater = a_better * better > 0;
    return {a_greater ? "greater" : "less", a_greater ? a + " > " + b : a + " < " + b};
}

ParticipantComparison compare_participants(const std::string& metric, const std::vector<ParticipantSummary>& participants, std::size_t ga,
                                           std::size_t gb, const std::vector<std::vector<int>>& slot_of_group, const std::string& a,
                                           const std::string& b, const std::optional<Expectation>& e) {
    ParticipantComparison c;
    c.metric = metric;
    std::vector<double> va, vb;
    std::vector<RateTotals> ta, tb;
    for (std::size_t i = 0; i < participants.size(); ++i) {
        const int sa = slot_of_group[i][ga], sb = slot_of_group[i][gb];
        if (sa < 0 || sb < 0) continue;
        const Ratio ra = ratio_of(participants[i].per_slot[static_cast<std::size_t>(sa)], metric);
        const Ratio rb = ratio_of(participants[i].per_slot[static_cast<std::size_t>(sb)], metric);
        if (!ra.defined() || !rb.defined()) continue;
        va.push_back(ra.value());
        vb.push_back(rb.value());
        ta.push_back({ra.numerator, ra.denominator});
        tb.push_back({rb.numerator, rb.denominator});
    }
    c.n = static_cast<int>(va.size());
    for (double v : va) c.mean_a += v / std::max<double>(1, static_cast<double>(va.size()));
    for (double v : vb) c.mean_b += v / std::max<double>(1, static_cast<double>(vb.size()));
    c.paired_t = paired_t_test(va, vb);
    c.wilcoxon = wilcoxon_signed_rank(va, vb);
    c.sign_flip = sign_flip_test(va, vb);
    c.pooled_difference = cluster_bootstrap_rate_difference(ta, tb);
    std::tie(c.alternative, c.direction) = alternative_for(metric, a, b, e);
    return c;
}

}  // namespace

double p_for(const std::string& alternative, double p_two_sided, double p_greater, double p_less) {
    if (alternative == "greater") return p_greater;
    if (alternative == "less") return p_less;
    return p_two_sided;
}

StudyReport compute_study_report(StudyStore& store, const StudyRecord& study, const std::optional<Expectation>& expectation) {
    SessionReplay replay;
    return compute_study_report(
        store, study,
        [&](const SessionRecord& session) -> const SessionReplay& {
            replay = {};
            replay.apply_all(store.events(session.id));
            return replay;
        },
        expectation);
}

StudyReport compute_study_report(StudyStore& store, const StudyRecord& study, const SessionReplaySource& replay_of,
                                 const std::optional<Expectation>& expectation) {
    StudyReport report;
    report.study = study.design.name;
    report.blinded = study.blinded();
    // An expectation names arms: it applies once the study is unblinded (the design's stays in the
    // design until then; one passed for a blinded study is refused rather than silently dropped).
    std::optional<Expectation> expected = expectation;
    if (!expected && !study.design.expectation.empty()) expected = Expectation::parse(study.design.expectation);
    if (expected) {
        bool better = false, worse = false;
        for (const auto& arm : study.design.arms) {
            better = better || arm.name == expected->better;
            worse = worse || arm.name == expected->worse;
        }
        if (!better || !worse) throw Error("expectation \"" + expected->text() + "\" names an arm the study does not have");
        if (report.blinded && expectation)
            throw Error("study \"" + study.design.name + "\" is blinded: a one-sided test names arms, so unblind it first (two-sided tests need no expectation)");
        if (!report.blinded) report.expectation = expected;
    }
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

    std::vector<std::vector<int>> slot_of_group;  // per participant (report order), per group: index into per_slot, or -1
    std::map<std::string, std::vector<int>> first_counts;  // item -> ranked-first count per group
    std::map<std::string, int> answered;
    for (const auto& p : store.participants(study.id)) {
        ++report.participants;
        std::map<std::string, std::string> answers;
        ParticipantSummary summary{p.code, p.problem, {}, {}, {}};
        auto slots = participant_slots(store, p, replay_of, report, answers, summary.progress);
        slot_of_group.emplace_back(static_cast<std::size_t>(group_count), -1);
        for (int slot = 1; slot <= group_count; ++slot) {
            GroupResult r = slots[slot];
            const int g = group_of(p, slot);
            if (r.participants > 0) slot_of_group.back()[static_cast<std::size_t>(g)] = slot - 1;
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
                if (slot < 1 || slot > group_count || !it.value().is_number_integer() || it.value().get<std::int64_t>() != 1) continue;
                auto& counts = first_counts[item.id];
                counts.resize(static_cast<std::size_t>(group_count));
                ++counts[static_cast<std::size_t>(group_of(p, slot))];
                ++answered[item.id];
                break;
            }
        }
    }
    for (auto& g : report.groups) finalize(g);
    // Participant means: each participant's own figure in the slot that holds the group.
    for (std::size_t g = 0; g < report.groups.size(); ++g)
        for (const auto& metric : metric_names()) {
            Figure& f = figure_of(report.groups[g], metric);
            std::vector<double> values;
            for (std::size_t i = 0; i < report.per_participant.size(); ++i) {
                const int slot = slot_of_group[i][g];
                if (slot < 0) continue;
                const Ratio r = ratio_of(report.per_participant[i].per_slot[static_cast<std::size_t>(slot)], metric);
                if (r.defined()) values.push_back(r.value());
            }
            f.participants = static_cast<int>(values.size());
            f.participant_mean = 0;
            for (double v : values) f.participant_mean += v / static_cast<double>(values.size());
            f.participant_se = 0;
            if (values.size() > 1) {
                double squares = 0;
                for (double v : values) squares += (v - f.participant_mean) * (v - f.participant_mean);
                f.participant_se = std::sqrt(squares / static_cast<double>(values.size() - 1) / static_cast<double>(values.size()));
            }
        }

    for (std::size_t a = 0; a < report.groups.size(); ++a)
        for (std::size_t b = a + 1; b < report.groups.size(); ++b) {
            const auto& ga = report.groups[a];
            const auto& gb = report.groups[b];
            Comparison c{ga.label, gb.label, {}, {}};
            for (const auto& metric : metric_names())
                c.by_participant.push_back(
                    compare_participants(metric, report.per_participant, a, b, slot_of_group, ga.label, gb.label, report.expectation));
            if (ga.shown > 0 && gb.shown > 0) c.pooled.acceptance = two_proportion_z_test(ga.accepted, ga.shown, gb.accepted, gb.shown);
            c.pooled.deletions = welch_t_test(ga.deleted_per_accepted_suggestion, gb.deleted_per_accepted_suggestion);
            std::tie(c.pooled.acceptance_alternative, c.pooled.acceptance_direction) =
                alternative_for("accept_ratio", ga.label, gb.label, report.expectation);
            std::tie(c.pooled.deletions_alternative, c.pooled.deletions_direction) =
                alternative_for("deleted_chars_per_accept", ga.label, gb.label, report.expectation);
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
    j["expectation"] = expectation ? json(expectation->text()) : json(nullptr);
    j["comparisons"] = json::array();
    for (const auto& c : comparisons) {
        json primary = json::array();
        for (const auto& pc : c.by_participant) {
            json tests = json::object();
            auto with_p = [&](json t, double two, double greater, double less) {
                t["p_two_sided"] = two;
                if (pc.alternative != "two-sided") t["p_" + pc.alternative] = p_for(pc.alternative, two, greater, less);
                return t;
            };
            tests["paired_t"] = pc.paired_t.valid ? with_p({{"t", pc.paired_t.t}, {"df", pc.paired_t.df}}, pc.paired_t.p_two_sided,
                                                           pc.paired_t.p_greater, pc.paired_t.p_less)
                                                  : json(nullptr);
            tests["wilcoxon_signed_rank"] =
                pc.wilcoxon.valid ? with_p({{"r_plus", pc.wilcoxon.r_plus}, {"nonzero_pairs", pc.wilcoxon.n},
                                            {"method", pc.wilcoxon.exact ? "exact" : "normal approximation"}},
                                           pc.wilcoxon.p_two_sided, pc.wilcoxon.p_greater, pc.wilcoxon.p_less)
                                  : json(nullptr);
            tests["sign_flip_exact"] = pc.sign_flip.valid
                                           ? with_p(json::object(), pc.sign_flip.p_two_sided, pc.sign_flip.p_greater, pc.sign_flip.p_less)
                                           : json(nullptr);
            json ci = nullptr;
            if (pc.pooled_difference.valid)
                ci = {{"estimate", pc.pooled_difference.estimate}, {"lower", pc.pooled_difference.lower}, {"upper", pc.pooled_difference.upper},
                      {"resamples", pc.pooled_difference.resamples}, {"method", "percentile cluster bootstrap over participants"}};
            primary.push_back({{"metric", pc.metric},
                               {"unit", "participant"},
                               {"design", "paired"},
                               {"n", pc.n},
                               {"mean_a", pc.mean_a},
                               {"mean_b", pc.mean_b},
                               {"alternative", pc.alternative},
                               {"direction", pc.direction.empty() ? json(nullptr) : json(pc.direction)},
                               {"tests", tests},
                               {"pooled_difference_ci95", ci}});
        }
        const auto& pooled = c.pooled;
        json acceptance = {{"unit", "suggestion"}, {"test", "two_proportion_z"}, {"p_a", pooled.acceptance.p1}, {"p_b", pooled.acceptance.p2},
                           {"z", pooled.acceptance.z}, {"p_two_sided", pooled.acceptance.p_two_sided},
                           {"alternative", pooled.acceptance_alternative}};
        if (pooled.acceptance_alternative != "two-sided") {
            acceptance["direction"] = pooled.acceptance_direction;
            acceptance["p_" + pooled.acceptance_alternative] = p_for(pooled.acceptance_alternative, pooled.acceptance.p_two_sided,
                                                                     pooled.acceptance.p_greater, 1 - pooled.acceptance.p_greater);
        }
        json welch = nullptr;
        if (pooled.deletions.valid) {
            welch = {{"unit", "suggestion"}, {"test", "welch_t"}, {"mean_a", pooled.deletions.mean1}, {"mean_b", pooled.deletions.mean2},
                     {"t", pooled.deletions.t}, {"df", pooled.deletions.df}, {"p_two_sided", pooled.deletions.p_two_sided},
                     {"alternative", pooled.deletions_alternative}};
            if (pooled.deletions_alternative != "two-sided") {
                welch["direction"] = pooled.deletions_direction;
                welch["p_" + pooled.deletions_alternative] = p_for(pooled.deletions_alternative, pooled.deletions.p_two_sided,
                                                                   pooled.deletions.p_greater, 1 - pooled.deletions.p_greater);
            }
        }
        j["comparisons"].push_back({{"a", c.a},
                                    {"b", c.b},
                                    {"by_participant", primary},
                                    {"secondary_pooled_per_suggestion", {{"acceptance", acceptance}, {"deletions_per_accept", welch}}}});
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

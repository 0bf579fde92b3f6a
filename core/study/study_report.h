// The results of a study (paper Sec. 5.3, Fig. 3), computed from the event logs: per arm —
// accept ratio over suggestions actually shown, suggestions per participant, characters per
// suggestion shown and per accept, characters of accepted suggestions later deleted (exact, by
// character provenance), each both pooled and as the mean of participants — preference counts per
// ranking item with exact binomial tests and Clopper–Pearson intervals, and between-arm tests with
// the participant as the unit of analysis (paired t, Wilcoxon signed-rank, exact sign-flip, and a
// cluster-bootstrap interval for the pooled difference); the per-suggestion tests (two-proportion z,
// Welch's t) stay as an explicitly secondary analysis. p-values are two-sided unless an expectation
// ("empower-4 > base-20") states a direction, and then say which direction they test.
// While the study is blinded, results are grouped by slot ("Assistant 1", ...), never by arm.
#pragma once
#include "study/cluster_bootstrap.h"
#include "study/expectation.h"
#include "study/paired_tests.h"
#include "study/study_statistics.h"
#include "study/study_store.h"

#include <nlohmann/json.hpp>
#include <functional>
#include <optional>
#include <string>
#include <vector>

namespace ew::study {

// A rate two ways — which one a paper reports matters: the pooled ratio of sums over every
// suggestion of the group, and the mean of its participants' own ratios (the unit the paper's
// analysis script uses). `participants`: those for whom the ratio is defined (a denominator > 0).
struct Figure {
    double pooled = 0, participant_mean = 0;
    double participant_se = 0;  // standard error of the participant mean (sd / √n; 0 for n < 2)
    int participants = 0;
};

struct GroupResult {
    std::string label;                  // the arm's name, or "Assistant <slot>" while blinded
    int participants = 0;               // participants with at least one event in this group's phase
    long shown = 0, accepted = 0, accepted_full = 0, accepted_partial = 0, rejected = 0, dismissed = 0;
    long shown_chars = 0, accepted_chars = 0, deleted_chars = 0;
    Figure accept_ratio;                // accepted / shown
    Figure shown_chars_per_suggestion;  // characters of shown suggestions / shown
    Figure accepted_chars_per_accept;   // characters accepted / accepts (the paper's suggestion length, Fig. 3)
    Figure deleted_chars_per_accept;    // accepted characters later deleted / accepts (Fig. 3)
    double suggestions_per_participant = 0;
    std::vector<double> deleted_per_accepted_suggestion;  // one value per accepted suggestion (the secondary Welch test)
    long test_runs = 0, passing_test_runs = 0;
    // Empower-auto arms: each participant's η (nats) after each suggestion they judged, in order.
    struct EtaCurve {
        std::string participant;
        std::vector<double> eta;
    };
    std::vector<EtaCurve> eta_curves;
};

// One figure compared between two groups with the participant as the unit: each participant's own
// value in each group, paired (every participant used every assistant).
struct ParticipantComparison {
    std::string metric;                  // "accept_ratio", "deleted_chars_per_accept", ...
    int n = 0;                           // participants with the figure defined in both groups
    double mean_a = 0, mean_b = 0;       // means of the participants' values
    PairedTTest paired_t;
    WilcoxonTest wilcoxon;
    SignFlipTest sign_flip;              // valid for n <= 20
    BootstrapInterval pooled_difference; // pooled a − pooled b, 95% cluster bootstrap over participants
    std::string alternative = "two-sided";  // or "greater" / "less" (a against b), from an expectation
    std::string direction;                  // what a one-sided p tests ("empower-4 > base-20"); empty when two-sided
};

// The per-suggestion tests, pooled over participants: they treat a person's suggestions as
// independent and so overstate significance. Reported as a secondary analysis only.
struct PooledComparison {
    ZTest acceptance;
    WelchTest deletions;
    std::string acceptance_alternative = "two-sided", deletions_alternative = "two-sided";
    std::string acceptance_direction, deletions_direction;
};

struct Comparison {
    std::string a, b;
    std::vector<ParticipantComparison> by_participant;  // the primary analysis
    PooledComparison pooled;                             // secondary
};

// The p-value for `alternative` ("two-sided", "greater", "less") from a test's three.
double p_for(const std::string& alternative, double p_two_sided, double p_greater, double p_less);

struct PreferenceShare {
    std::string label;
    int ranked_first = 0;
    double proportion = 0;
    Interval ci95;
    BinomialTest test;                  // against chance, p0 = 1 / number of groups
};

struct PreferenceResult {
    std::string item, prompt, best_label;
    int answered = 0;
    std::vector<PreferenceShare> shares;
};

// Where a participant's latest session stands (the conductor's running view): phase and slot only.
struct SessionProgress {
    int sessions = 0;
    long events = 0;            // over all sessions
    bool finished = false;
    int phase = -1;             // -1: no phase started yet
    bool phase_running = false, paused = false;
    double phase_active_seconds = 0;
};

struct ParticipantSummary {
    std::string code, problem;
    std::vector<std::string> group_labels;  // per slot, in slot order
    std::vector<GroupResult> per_slot;      // this participant's numbers, slot order
    SessionProgress progress;
};

struct StudyReport {
    std::string study;
    bool blinded = true;
    int participants = 0, sessions = 0, finished_sessions = 0;
    long events = 0;
    std::vector<GroupResult> groups;
    std::vector<Comparison> comparisons;
    std::vector<PreferenceResult> preferences;
    std::vector<ParticipantSummary> per_participant;
    std::optional<Expectation> expectation;  // applied (unblinded studies only)
    std::vector<std::string> warnings;      // e.g. an edit that did not fit the document
    nlohmann::json to_json() const;
};

class SessionReplay;

// The replay of one session's whole stored log, however it was obtained.
using SessionReplaySource = std::function<const SessionReplay&(const SessionRecord&)>;

// Replays every session's log from the start (the CLI, exports, and the reference for the cache).
// `expectation`: overrides the design's; it names arms, so a blinded study refuses it.
StudyReport compute_study_report(StudyStore& store, const StudyRecord& study, const std::optional<Expectation>& expectation = {});
// The same report from replays the caller keeps (session_replay_cache.h: only new events are applied).
StudyReport compute_study_report(StudyStore& store, const StudyRecord& study, const SessionReplaySource& replay_of,
                                 const std::optional<Expectation>& expectation = {});

}  // namespace ew::study

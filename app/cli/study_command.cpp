// `empower study`: user studies from the command line — create a study (the paper's protocol or
// a design file), enrol participants, unblind, report, export, and import tab_frontend logs.
// The participant screens themselves are in the workbench; this is the scripting side.
#include "cli/cli_support.h"
#include "cli/commands.h"
#include "study/study_export.h"
#include "study/study_report.h"
#include "study/study_store.h"
#include "study/tab_frontend_import.h"
#include "support/error.h"
#include "support/file_io.h"

#include <cstdio>
#include <iostream>
#include <optional>

namespace ew::cli {

namespace {

study::StudyRecord require_study(study::StudyStore& store, const std::string& name, const std::string& db) {
    auto s = store.study(name);
    if (!s) fail_file(db, "no study named \"" + name + "\"");
    return *s;
}

// "p = 0.031 (two-sided)" or "p = 0.016 (one-sided, empower > base) / 0.031 (two-sided)".
std::string p_text(const std::string& alternative, const std::string& direction, double two, double greater, double less) {
    char buf[160];
    if (alternative == "two-sided") std::snprintf(buf, sizeof buf, "p = %.4g (two-sided)", two);
    else std::snprintf(buf, sizeof buf, "p = %.4g (one-sided, %s), %.4g (two-sided)", study::p_for(alternative, two, greater, less), direction.c_str(), two);
    return buf;
}

void print_report(const study::StudyReport& r) {
    std::printf("Study %s — %s, %d participants, %d sessions (%d finished), %ld events\n", r.study.c_str(),
                r.blinded ? "BLINDED (groups are slots)" : "unblinded", r.participants, r.sessions, r.finished_sessions, r.events);
    std::printf("Hypothesis: %s\n", r.expectation ? (r.expectation->text() + " (one-sided tests where a figure has a better direction)").c_str()
                                                    : "none stated (two-sided tests only)");
    std::printf("Figures: pooled = ratio of sums over all suggestions; mean = mean of participants' own ratios.\n");
    std::printf("%-16s %5s %6s %8s %17s %9s %17s %17s %17s\n", "group", "users", "shown", "accepted", "accept% pool/mean",
                "sugg/user", "shown chars/sugg", "chars/accept", "deleted/accept");
    for (const auto& g : r.groups)
        std::printf("%-16s %5d %6ld %8ld %8.2f/%-8.2f %9.1f %8.1f/%-8.1f %8.1f/%-8.1f %8.2f/%-8.2f\n", g.label.c_str(), g.participants, g.shown,
                    g.accepted, 100 * g.accept_ratio.pooled, 100 * g.accept_ratio.participant_mean, g.suggestions_per_participant,
                    g.shown_chars_per_suggestion.pooled, g.shown_chars_per_suggestion.participant_mean, g.accepted_chars_per_accept.pooled,
                    g.accepted_chars_per_accept.participant_mean, g.deleted_chars_per_accept.pooled, g.deleted_chars_per_accept.participant_mean);
    for (const auto& c : r.comparisons) {
        std::printf("\n%s vs %s — primary analysis, unit: participant (paired: each used both)\n", c.a.c_str(), c.b.c_str());
        for (const auto& pc : c.by_participant) {
            std::printf("  %s: n = %d, mean %.4g vs %.4g", pc.metric.c_str(), pc.n, pc.mean_a, pc.mean_b);
            if (pc.paired_t.valid)
                std::printf("; paired t = %.3f, df = %.0f, %s", pc.paired_t.t, pc.paired_t.df,
                            p_text(pc.alternative, pc.direction, pc.paired_t.p_two_sided, pc.paired_t.p_greater, pc.paired_t.p_less).c_str());
            if (pc.wilcoxon.valid)
                std::printf("; Wilcoxon signed-rank (%s) R+ = %.1f, %s", pc.wilcoxon.exact ? "exact" : "normal approx.", pc.wilcoxon.r_plus,
                            p_text(pc.alternative, pc.direction, pc.wilcoxon.p_two_sided, pc.wilcoxon.p_greater, pc.wilcoxon.p_less).c_str());
            if (pc.sign_flip.valid)
                std::printf("; exact sign-flip %s",
                            p_text(pc.alternative, pc.direction, pc.sign_flip.p_two_sided, pc.sign_flip.p_greater, pc.sign_flip.p_less).c_str());
            if (pc.pooled_difference.valid)
                std::printf("; pooled difference %.4g (95%% CI %.4g to %.4g, cluster bootstrap over participants)", pc.pooled_difference.estimate,
                            pc.pooled_difference.lower, pc.pooled_difference.upper);
            std::printf("\n");
        }
        const auto& pooled = c.pooled;
        std::printf("  secondary, unit: suggestion (pooled; treats a person's suggestions as independent): acceptance z = %.3f, %s",
                    pooled.acceptance.z,
                    p_text(pooled.acceptance_alternative, pooled.acceptance_direction, pooled.acceptance.p_two_sided, pooled.acceptance.p_greater,
                           1 - pooled.acceptance.p_greater)
                        .c_str());
        if (pooled.deletions.valid)
            std::printf("; deletions per accept Welch t = %.3f, df = %.1f, %s", pooled.deletions.t, pooled.deletions.df,
                        p_text(pooled.deletions_alternative, pooled.deletions_direction, pooled.deletions.p_two_sided, pooled.deletions.p_greater,
                               1 - pooled.deletions.p_greater)
                            .c_str());
        std::printf("\n");
    }
    for (const auto& p : r.preferences) {
        std::printf("%s (%d answered):", p.item.c_str(), p.answered);
        for (const auto& s : p.shares)
            std::printf("  %s first %d (%.0f%%, 95%% CI %.2f–%.2f, p = %.4g one-sided [above chance], %.4g two-sided)", s.label.c_str(),
                        s.ranked_first, 100 * s.proportion, s.ci95.lower, s.ci95.upper, s.test.p_greater, s.test.p_two_sided);
        std::printf("\n");
    }
    for (const auto& w : r.warnings) std::printf("warning: %s\n", w.c_str());
}

}  // namespace

void register_study(CLI::App& app) {
    auto* study_cmd = app.add_subcommand("study", "User studies: create, enrol, unblind, report, export, import");
    study_cmd->require_subcommand(1);

    {
        struct Args {
            std::string db, design, name;
            std::vector<std::string> problems;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = study_cmd->add_subcommand("create", "Create a study from a design file, or the paper's protocol");
        cmd->add_option("--db", a->db, "Workspace database (created if missing)")->required();
        cmd->add_option("--design", a->design, "Study design JSON");
        cmd->add_option("--name", a->name, "Study name (with the paper's protocol)");
        cmd->add_option("--problem", a->problems, "Problem folder (repeat; with the paper's protocol)");
        cmd->callback([a] {
            study::StudyDesign design;
            if (!a->design.empty()) {
                try {
                    design = study::StudyDesign::from_json(nlohmann::json::parse(read_file(a->design)), a->design);
                } catch (const nlohmann::json::exception& e) {
                    fail_file(a->design, std::string("not valid JSON (") + e.what() + ")");
                }
            } else {
                if (a->name.empty() || a->problems.empty())
                    throw Error("give --design FILE, or --name and at least one --problem for the paper's protocol");
                design = study::StudyDesign::paper_default(a->name, a->problems);
            }
            store::Workspace ws(a->db, true);
            study::StudyStore store(ws);
            const auto id = store.create_study(design);
            std::printf("created study \"%s\" (id %lld): %zu arms, %zu phases, %zu problems\n", design.name.c_str(),
                        static_cast<long long>(id), design.arms.size(), design.phases.size(), design.problems.size());
        });
    }
    {
        struct Args {
            std::string db, study;
            int count = 1;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = study_cmd->add_subcommand("enrol", "Enrol participants: pseudonymous codes and problems (never the arm order)");
        cmd->add_option("--db", a->db, "Workspace database")->required();
        cmd->add_option("--study", a->study, "Study name")->required();
        cmd->add_option("--count", a->count, "How many participants")->capture_default_str();
        cmd->callback([a] {
            store::Workspace ws(a->db, false);
            study::StudyStore store(ws);
            const auto s = require_study(store, a->study, a->db);
            for (int i = 0; i < a->count; ++i) {
                const auto p = store.add_participant(s);
                std::printf("%s\t%s\n", p.code.c_str(), p.problem.c_str());
            }
        });
    }
    {
        struct Args {
            std::string db, study;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = study_cmd->add_subcommand("unblind", "Reveal which arm each participant saw as Assistant 1, 2, ...");
        cmd->add_option("--db", a->db, "Workspace database")->required();
        cmd->add_option("--study", a->study, "Study name")->required();
        cmd->callback([a] {
            store::Workspace ws(a->db, false);
            study::StudyStore store(ws);
            const auto s = require_study(store, a->study, a->db);
            store.unblind(s.id);
            for (const auto& p : store.participants(s.id)) {
                std::printf("%s\t%s", p.code.c_str(), p.problem.c_str());
                for (std::size_t slot = 0; slot < p.arm_order.size(); ++slot)
                    std::printf("\tAssistant %zu = %s", slot + 1,
                                s.design.arms.at(static_cast<std::size_t>(p.arm_order[slot])).name.c_str());
                std::printf("\n");
            }
        });
    }
    {
        struct Args {
            std::string db, study, expect;
            bool json = false;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = study_cmd->add_subcommand("report", "Per-arm results, preferences and tests");
        cmd->add_option("--db", a->db, "Workspace database")->required();
        cmd->add_option("--study", a->study, "Study name")->required();
        cmd->add_option("--expect", a->expect,
                        "The hypothesis, \"<better arm> > <worse arm>\": one-sided tests in that direction for the accept ratio "
                        "(higher) and deletions per accept (lower); default: the design's \"expect\", else two-sided only");
        cmd->add_flag("--json", a->json, "Print one JSON object");
        cmd->callback([a] {
            store::Workspace ws(a->db, false);
            study::StudyStore store(ws);
            std::optional<study::Expectation> expect;
            if (!a->expect.empty()) expect = study::Expectation::parse(a->expect);
            const auto report = study::compute_study_report(store, require_study(store, a->study, a->db), expect);
            if (a->json) std::cout << json_text(report.to_json()) << "\n";
            else print_report(report);
        });
    }
    {
        struct Args {
            std::string db, study, out;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = study_cmd->add_subcommand("export", "Write events CSV, per-participant summary CSV and a JSON bundle");
        cmd->add_option("--db", a->db, "Workspace database")->required();
        cmd->add_option("--study", a->study, "Study name")->required();
        cmd->add_option("--out", a->out, "Output folder")->required();
        cmd->callback([a] {
            store::Workspace ws(a->db, false);
            study::StudyStore store(ws);
            const auto files = study::export_study(store, require_study(store, a->study, a->db), a->out);
            std::printf("%s\n%s\n%s\n", files.events_csv.c_str(), files.participants_csv.c_str(), files.bundle_json.c_str());
        });
    }
    {
        struct Args {
            std::string db, study, rankings;
            std::vector<std::string> folders;
            bool lenient = false, replace = false;
            std::string ties = "error", scratchpads = "skip";
        };
        auto a = std::make_shared<Args>();
        auto* cmd = study_cmd->add_subcommand("import-tab", "Import logs of the paper's tab_frontend study editor");
        cmd->add_option("--db", a->db, "Workspace database (created if missing)")->required();
        cmd->add_option("--study", a->study, "Study to create or extend")->required();
        cmd->add_option("--folder", a->folders, "A participant's folder (repeat)")->required();
        cmd->add_option("--rankings", a->rankings, "Rankings CSV: participant,item,Assistant 1,Assistant 2,...");
        cmd->add_option("--ties", a->ties, "A ranking row with two equal ranks: error (default) or abstain (counted, no answer)")
            ->capture_default_str();
        cmd->add_option("--scratchpads", a->scratchpads,
                        "scratchpad_log.csv files: skip (default; listed, with a counted warning) or count (imported as sessions of the "
                        "assistant whose folder holds them and counted in its figures, as the paper's analysis script does)")
            ->check(CLI::IsMember({"skip", "count"}))
            ->capture_default_str();
        cmd->add_flag("--lenient", a->lenient,
                      "Leave out, with a warning, folders no mapping entry names and entries whose folder is missing (default: an error)");
        cmd->add_flag("--replace", a->replace,
                      "Import a folder imported into the study before (same logs or same folder name) again, in place of the earlier "
                      "import and under the same code (default: an error)");
        cmd->callback([a] {
            store::Workspace ws(a->db, true);
            if (a->ties != "error" && a->ties != "abstain") throw Error("--ties must be error or abstain, not \"" + a->ties + "\"");
            study::TabFrontendImport request{a->study, {a->folders.begin(), a->folders.end()}, a->rankings, a->lenient, a->ties == "abstain", a->replace,
                                             a->scratchpads == "count"};
            study::TabFrontendImportResult r;
            try {
                r = study::import_tab_frontend(ws, request);
            } catch (const study::AlreadyImported& e) {
                throw Error(std::string(e.what()) + " (--replace imports this folder in its place)");
            }
            for (const auto& w : r.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
            for (const auto& [folder, code] : r.participants) std::printf("%s -> %s\n", folder.c_str(), code.c_str());
            std::printf("imported %ld events from %ld log lines (%ld skipped) into study \"%s\"\n", r.events, r.log_lines,
                        r.skipped_lines, a->study.c_str());
            for (const auto& [kind, count] : r.warning_counts) std::printf("warnings: %ld %s\n", count, kind.c_str());
            for (const auto& what : r.not_imported) std::printf("not imported: %s\n", what.c_str());
            for (const auto& what : r.scratchpads_counted) std::printf("scratchpad: %s\n", what.c_str());
            for (const auto& what : r.replaced) std::printf("replaced: %s\n", what.c_str());
        });
    }
}

}  // namespace ew::cli

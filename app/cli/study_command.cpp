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

namespace ew::cli {

namespace {

study::StudyRecord require_study(study::StudyStore& store, const std::string& name, const std::string& db) {
    auto s = store.study(name);
    if (!s) fail_file(db, "no study named \"" + name + "\"");
    return *s;
}

void print_report(const study::StudyReport& r) {
    std::printf("Study %s — %s, %d participants, %d sessions (%d finished), %ld events\n", r.study.c_str(),
                r.blinded ? "BLINDED (groups are slots)" : "unblinded", r.participants, r.sessions, r.finished_sessions, r.events);
    std::printf("%-16s %6s %6s %8s %8s %9s %9s %10s\n", "group", "users", "shown", "accepted", "accept%", "sugg/user",
                "chars/sug", "del/accept");
    for (const auto& g : r.groups)
        std::printf("%-16s %6d %6ld %8ld %7.2f%% %9.1f %9.1f %10.2f\n", g.label.c_str(), g.participants, g.shown, g.accepted,
                    100 * g.accept_ratio, g.suggestions_per_participant, g.chars_per_suggestion, g.deleted_chars_per_accepted);
    for (const auto& c : r.comparisons) {
        std::printf("%s vs %s: acceptance z = %.3f, p = %.4g (two-sided), %.4g (one-sided)", c.a.c_str(), c.b.c_str(),
                    c.acceptance.z, c.acceptance.p_two_sided, c.acceptance.p_greater);
        if (c.deletions.valid)
            std::printf("; deletions Welch t = %.3f, df = %.1f, p = %.4g", c.deletions.t, c.deletions.df, c.deletions.p_two_sided);
        std::printf("\n");
    }
    for (const auto& p : r.preferences) {
        std::printf("%s (%d answered):", p.item.c_str(), p.answered);
        for (const auto& s : p.shares)
            std::printf("  %s first %d (%.0f%%, 95%% CI %.2f–%.2f, p one-sided %.4g, two-sided %.4g)", s.label.c_str(),
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
            std::string db, study;
            bool json = false;
        };
        auto a = std::make_shared<Args>();
        auto* cmd = study_cmd->add_subcommand("report", "Per-arm results, preferences and tests");
        cmd->add_option("--db", a->db, "Workspace database")->required();
        cmd->add_option("--study", a->study, "Study name")->required();
        cmd->add_flag("--json", a->json, "Print one JSON object");
        cmd->callback([a] {
            store::Workspace ws(a->db, false);
            study::StudyStore store(ws);
            const auto report = study::compute_study_report(store, require_study(store, a->study, a->db));
            if (a->json) std::cout << dump_json(report.to_json()) << "\n";
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
        };
        auto a = std::make_shared<Args>();
        auto* cmd = study_cmd->add_subcommand("import-tab", "Import logs of the paper's tab_frontend study editor");
        cmd->add_option("--db", a->db, "Workspace database (created if missing)")->required();
        cmd->add_option("--study", a->study, "Study to create or extend")->required();
        cmd->add_option("--folder", a->folders, "A participant's folder (repeat)")->required();
        cmd->add_option("--rankings", a->rankings, "Rankings CSV: participant,item,Assistant 1,Assistant 2,...");
        cmd->callback([a] {
            store::Workspace ws(a->db, true);
            study::TabFrontendImport request{a->study, {a->folders.begin(), a->folders.end()}, a->rankings};
            const auto r = study::import_tab_frontend(ws, request);
            for (const auto& [folder, code] : r.participants) std::printf("%s -> %s\n", folder.c_str(), code.c_str());
            std::printf("imported %ld events from %ld log lines (%ld skipped) into study \"%s\"\n", r.events, r.log_lines,
                        r.skipped_lines, a->study.c_str());
            for (const auto& w : r.warnings) std::fprintf(stderr, "warning: %s\n", w.c_str());
        });
    }
}

}  // namespace ew::cli

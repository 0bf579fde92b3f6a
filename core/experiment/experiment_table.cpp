#include "experiment/experiment_table.h"

#include "eval/episode_log.h"
#include "experiment/experiment_runner.h"

#include <algorithm>
#include <cstdio>
#include <iterator>
#include <map>
#include <sstream>
#include <tuple>

namespace ew::experiment {

namespace {

struct Column {
    const char* name;   // JSON and CSV name
    const char* title;  // text and LaTeX heading
    eval::MeanWithError eval::Summary::*field;
    int decimals;
};

constexpr Column kColumns[] = {
    {"pass_at_1", "Pass@1", &eval::Summary::pass_at_1, 3},
    {"accept_ratio", "Accept ratio", &eval::Summary::accept_ratio, 3},
    {"dpr", "DPR", &eval::Summary::dpr, 3},
    {"tokens_read", "Tokens read", &eval::Summary::tokens_read, 1},
    {"tokens_written", "Tokens written", &eval::Summary::tokens_written, 1},
    {"suggestion_chars", "Suggestion length", &eval::Summary::suggestion_chars, 1},
};

std::string fixed(double v, int decimals) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.*f", decimals, v);
    return buf;
}

std::string state_of(const TableRow& r) {
    return r.stages_done == r.stages ? "done" : std::to_string(r.stages_done) + "/" + std::to_string(r.stages) + " done";
}

// RFC 4180: quoted when it holds a comma, quote or line break.
std::string csv_cell(const std::string& s) {
    if (s.find_first_of(",\"\n\r") == std::string::npos) return s;
    std::string out = "\"";
    for (char c : s) out += c == '"' ? std::string("\"\"") : std::string(1, c);
    return out + "\"";
}

std::string latex_escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        switch (c) {
            case '_': case '%': case '&': case '#': case '$': case '{': case '}': out += std::string("\\") + c; break;
            case '\\': out += "\\textbackslash{}"; break;
            case '~': out += "\\textasciitilde{}"; break;
            case '^': out += "\\textasciicircum{}"; break;
            default: out += c;
        }
    }
    return out;
}

}  // namespace

ExperimentTable experiment_table(const ExperimentPlan& plan) {
    ExperimentTable table;
    std::map<std::tuple<std::string, std::string, std::string>, std::size_t> row_of;
    std::vector<std::vector<eval::Episode>> episodes;
    for (const auto& stage : plan.stages) {
        if (stage.kind != StageKind::Evaluate) continue;
        const auto key = std::make_tuple(stage.arm, stage.human_population, stage.problems);
        auto [it, added] = row_of.emplace(key, table.rows.size());
        if (added) {
            table.rows.push_back(TableRow{stage.arm, stage.human_population, stage.problems});
            episodes.emplace_back();
        }
        auto& row = table.rows[it->second];
        ++row.stages;
        if (std::find(row.humans.begin(), row.humans.end(), stage.human) == row.humans.end()) row.humans.push_back(stage.human);
        if (recorded_state(stage) != StageState::Done) continue;
        ++row.stages_done;
        auto read = eval::read_episode_log(stage.output);
        auto& pooled = episodes[it->second];
        pooled.insert(pooled.end(), std::make_move_iterator(read.begin()), std::make_move_iterator(read.end()));
    }
    for (std::size_t i = 0; i < table.rows.size(); ++i) {
        table.rows[i].episodes = episodes[i].size();
        if (!episodes[i].empty()) table.rows[i].summary = eval::summarize(episodes[i]);
    }
    return table;
}

nlohmann::json ExperimentTable::to_json() const {
    auto out = nlohmann::json::array();
    for (const auto& r : rows) {
        nlohmann::json j = {{"arm", r.arm}, {"human", r.human}, {"humans", r.humans}, {"problems", r.problems}, {"episodes", r.episodes},
                            {"stages", r.stages}, {"stages_done", r.stages_done}};
        for (const auto& c : kColumns) {
            const auto& m = r.summary.*c.field;
            j[c.name] = {{"mean", m.mean}, {"standard_error", m.standard_error}, {"n", m.n}};
        }
        out.push_back(std::move(j));
    }
    return out;
}

std::string ExperimentTable::to_text() const {
    std::vector<std::vector<std::string>> cells{{"Arm", "Human", "Problems", "Episodes"}};
    for (const auto& c : kColumns) cells[0].push_back(c.title);
    cells[0].push_back("State");
    for (const auto& r : rows) {
        std::vector<std::string> line{r.arm, r.human, r.problems, std::to_string(r.episodes)};
        for (const auto& c : kColumns) {
            const auto& m = r.summary.*c.field;
            line.push_back(m.n == 0 ? "-" : fixed(m.mean, c.decimals) + " ± " + fixed(m.standard_error, c.decimals));
        }
        line.push_back(state_of(r));
        cells.push_back(std::move(line));
    }
    // Widths in code points, so "±" counts one column.
    auto width = [](const std::string& s) {
        std::size_t n = 0;
        for (unsigned char ch : s) n += (ch & 0xC0) != 0x80;
        return n;
    };
    std::vector<std::size_t> widths(cells[0].size(), 0);
    for (const auto& line : cells)
        for (std::size_t i = 0; i < line.size(); ++i) widths[i] = std::max(widths[i], width(line[i]));
    std::ostringstream out;
    for (const auto& line : cells) {
        for (std::size_t i = 0; i < line.size(); ++i) {
            out << line[i];
            if (i + 1 < line.size()) out << std::string(widths[i] - width(line[i]) + 2, ' ');
        }
        out << "\n";
    }
    return out.str();
}

std::string ExperimentTable::to_csv() const {
    std::ostringstream out;
    out << "arm,human,problems,episodes,stages,stages_done";
    for (const auto& c : kColumns) out << "," << c.name << "," << c.name << "_se";
    out << "\n";
    for (const auto& r : rows) {
        out << csv_cell(r.arm) << "," << csv_cell(r.human) << "," << csv_cell(r.problems) << "," << r.episodes << "," << r.stages << ","
            << r.stages_done;
        for (const auto& c : kColumns) {
            const auto& m = r.summary.*c.field;
            if (m.n == 0) out << ",,";
            else out << "," << fixed(m.mean, 6) << "," << fixed(m.standard_error, 6);
        }
        out << "\n";
    }
    return out.str();
}

std::string ExperimentTable::to_latex() const {
    // The problem-set column only when there is more than one set.
    const bool sets = std::any_of(rows.begin(), rows.end(), [&](const TableRow& r) { return r.problems != rows.front().problems; });
    std::ostringstream out;
    out << "\\begin{tabular}{ll" << (sets ? "l" : "") << std::string(std::size(kColumns), 'r') << "}\n\\hline\nArm & Human"
        << (sets ? " & Problems" : "");
    for (const auto& c : kColumns) out << " & " << c.title;
    out << " \\\\\n\\hline\n";
    for (const auto& r : rows) {
        out << latex_escape(r.arm) << " & " << latex_escape(r.human) << (sets ? " & " + latex_escape(r.problems) : "");
        for (const auto& c : kColumns) {
            const auto& m = r.summary.*c.field;
            out << " & " << (m.n == 0 ? std::string("--") : "$" + fixed(m.mean, c.decimals) + " \\pm " + fixed(m.standard_error, c.decimals) + "$");
        }
        out << " \\\\\n";
    }
    out << "\\hline\n\\end{tabular}\n";
    return out.str();
}

}  // namespace ew::experiment

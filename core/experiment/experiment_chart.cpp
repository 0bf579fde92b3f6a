#include "experiment/experiment_chart.h"

#include <algorithm>
#include <cstdio>
#include <sstream>
#include <vector>

namespace ew::experiment {

namespace {

// Colour-blind-safe palette (Okabe & Ito), one colour per arm.
constexpr const char* kPalette[] = {"#0072B2", "#E69F00", "#009E73", "#CC79A7", "#56B4E9", "#D55E00", "#F0E442", "#000000"};

std::string number(double v) {
    char buf[32];
    std::snprintf(buf, sizeof buf, "%.1f", v);
    return buf;
}

std::string tick(double v) {
    char buf[16];
    std::snprintf(buf, sizeof buf, "%.2f", v);
    return buf;
}

std::string escape(const std::string& s) {
    std::string out;
    for (char c : s) {
        if (c == '&') out += "&amp;";
        else if (c == '<') out += "&lt;";
        else if (c == '>') out += "&gt;";
        else if (c == '"') out += "&quot;";
        else out += c;
    }
    return out;
}

struct Metric {
    const char* title;
    eval::MeanWithError eval::Summary::*field;
};
constexpr Metric kMetrics[] = {{"Pass@1", &eval::Summary::pass_at_1}, {"Accept ratio", &eval::Summary::accept_ratio}, {"DPR", &eval::Summary::dpr}};

}  // namespace

std::string experiment_chart_svg(const ExperimentTable& table) {
    // One panel per human (and problem set, when there are several).
    const bool sets = std::any_of(table.rows.begin(), table.rows.end(), [&](const TableRow& r) { return r.problems != table.rows.front().problems; });
    const auto panel_of = [&](const TableRow& r) { return sets ? r.human + " · " + r.problems : r.human; };
    std::vector<std::string> arms, humans;
    for (const auto& r : table.rows) {
        if (std::find(arms.begin(), arms.end(), r.arm) == arms.end()) arms.push_back(r.arm);
        if (std::find(humans.begin(), humans.end(), panel_of(r)) == humans.end()) humans.push_back(panel_of(r));
    }
    const double bar = 16, group_gap = 40, plot_h = 240, top = 60, left = 50, panel_gap = 40;
    const double group_w = bar * double(std::max<std::size_t>(1, arms.size())) + group_gap;
    const double panel_w = group_w * double(std::size(kMetrics));
    const double width = std::max(700.0, left + double(std::max<std::size_t>(1, humans.size())) * (panel_w + panel_gap) + 20);
    const double legend_top = top + plot_h + 50;
    const double height = legend_top + 22.0 * double((arms.size() + 3) / 4) + 20;

    std::ostringstream svg;
    svg << "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"" << number(width) << "\" height=\"" << number(height)
        << "\" font-family=\"DejaVu Sans, sans-serif\" font-size=\"12\">\n"
        << "<rect width=\"100%\" height=\"100%\" fill=\"white\"/>\n"
        << "<text x=\"" << number(left) << "\" y=\"24\" font-size=\"15\">Pass@1, accept ratio and DPR per arm (mean ± s.e. over episodes)</text>\n";
    for (std::size_t h = 0; h < humans.size(); ++h) {
        const double x0 = left + double(h) * (panel_w + panel_gap);
        svg << "<text x=\"" << number(x0 + panel_w / 2) << "\" y=\"" << number(top - 12) << "\" text-anchor=\"middle\" font-weight=\"bold\">"
            << escape(humans[h]) << "</text>\n";
        // Axis and grid lines at 0, 0.25, ..., 1.
        for (int t = 0; t <= 4; ++t) {
            const double y = top + plot_h * (1.0 - t / 4.0);
            svg << "<line x1=\"" << number(x0) << "\" x2=\"" << number(x0 + panel_w) << "\" y1=\"" << number(y) << "\" y2=\"" << number(y)
                << "\" stroke=\"" << (t == 0 ? "#333" : "#ddd") << "\"/>\n";
            if (h == 0)
                svg << "<text x=\"" << number(x0 - 6) << "\" y=\"" << number(y + 4) << "\" text-anchor=\"end\">" << tick(t / 4.0)
                    << "</text>\n";
        }
        for (std::size_t m = 0; m < std::size(kMetrics); ++m) {
            const double gx = x0 + double(m) * group_w + group_gap / 2;
            svg << "<text x=\"" << number(gx + (group_w - group_gap) / 2) << "\" y=\"" << number(top + plot_h + 18)
                << "\" text-anchor=\"middle\">" << kMetrics[m].title << "</text>\n";
            for (std::size_t a = 0; a < arms.size(); ++a) {
                const auto row = std::find_if(table.rows.begin(), table.rows.end(),
                                              [&](const TableRow& r) { return r.arm == arms[a] && panel_of(r) == humans[h]; });
                if (row == table.rows.end()) continue;
                const auto& v = row->summary.*kMetrics[m].field;
                if (v.n == 0) continue;
                const double mean = std::clamp(v.mean, 0.0, 1.0);
                const double x = gx + double(a) * bar, y = top + plot_h * (1.0 - mean);
                svg << "<rect x=\"" << number(x) << "\" y=\"" << number(y) << "\" width=\"" << number(bar - 2) << "\" height=\""
                    << number(top + plot_h - y) << "\" fill=\"" << kPalette[a % std::size(kPalette)] << "\"><title>" << escape(arms[a]) << ", "
                    << kMetrics[m].title << ": " << v.mean << " ± " << v.standard_error << " (n = " << v.n << ")</title></rect>\n";
                const double lo = top + plot_h * (1.0 - std::clamp(v.mean - v.standard_error, 0.0, 1.0));
                const double hi = top + plot_h * (1.0 - std::clamp(v.mean + v.standard_error, 0.0, 1.0));
                const double cx = x + (bar - 2) / 2;
                svg << "<path d=\"M" << number(cx) << " " << number(lo) << "V" << number(hi) << "M" << number(cx - 3) << " " << number(lo) << "h6M"
                    << number(cx - 3) << " " << number(hi) << "h6\" stroke=\"#222\" fill=\"none\"/>\n";
            }
        }
    }
    for (std::size_t a = 0; a < arms.size(); ++a) {
        const double x = left + double(a % 4) * 170, y = legend_top + 22.0 * double(a / 4);
        svg << "<rect x=\"" << number(x) << "\" y=\"" << number(y - 10) << "\" width=\"12\" height=\"12\" fill=\"" << kPalette[a % std::size(kPalette)]
            << "\"/><text x=\"" << number(x + 18) << "\" y=\"" << number(y) << "\">" << escape(arms[a]) << "</text>\n";
    }
    svg << "</svg>\n";
    return svg.str();
}

}  // namespace ew::experiment

#include "study/counterbalancing.h"

#include "support/error.h"

#include <algorithm>
#include <cstdio>
#include <numeric>
#include <random>

namespace ew::study {

std::string participant_code(int index) {
    char code[16];
    std::snprintf(code, sizeof code, "P%02d", index + 1);
    return code;
}

std::vector<std::vector<int>> all_arm_orders(int k) {
    if (k < 1 || k > 6) throw Error("counterbalancing supports 1 to 6 arms, not " + std::to_string(k));
    std::vector<int> order(static_cast<std::size_t>(k));
    std::iota(order.begin(), order.end(), 0);
    std::vector<std::vector<int>> orders;
    do orders.push_back(order);
    while (std::next_permutation(order.begin(), order.end()));
    return orders;
}

namespace {

// A portable shuffle (std::shuffle's algorithm is unspecified): Fisher–Yates driven by
// mt19937_64, whose output the standard fixes, so a study assigns the same on every machine.
std::vector<int> seeded_permutation(int n, std::mt19937_64& rng) {
    std::vector<int> p(static_cast<std::size_t>(n));
    std::iota(p.begin(), p.end(), 0);
    for (int i = n - 1; i > 0; --i) {
        const int j = static_cast<int>(rng() % static_cast<std::uint64_t>(i + 1));
        std::swap(p[static_cast<std::size_t>(i)], p[static_cast<std::size_t>(j)]);
    }
    return p;
}

}  // namespace

Assignment assign_participant(int index, int arm_count, const std::vector<std::string>& problems, std::uint64_t seed) {
    if (index < 0) throw Error("participant index must be >= 0");
    if (problems.empty()) throw Error("counterbalancing needs at least one problem");
    const auto orders = all_arm_orders(arm_count);
    const int order_count = static_cast<int>(orders.size());
    const int problem_count = static_cast<int>(problems.size());
    const int cells = order_count * problem_count;
    const int block = index / cells;
    const int j = index % cells;
    const int l = std::lcm(order_count, problem_count);
    std::mt19937_64 rng(seed * 0x9E3779B97F4A7C15ULL + static_cast<std::uint64_t>(block));
    const auto order_label = seeded_permutation(order_count, rng);
    const auto problem_label = seeded_permutation(problem_count, rng);
    Assignment a;
    a.index = index;
    a.code = participant_code(index);
    a.arm_order = orders[static_cast<std::size_t>(order_label[static_cast<std::size_t>(j % order_count)])];
    a.problem = problems[static_cast<std::size_t>(problem_label[static_cast<std::size_t>((j + j / l) % problem_count)])];
    return a;
}

}  // namespace ew::study

// Counterbalanced, blinded assignment. Every (problem, arm order) combination is a cell, and
// participants fill the cells in blocks that use each cell once. Within a block, position j gets
// order j mod O and problem (j + floor(j / L)) mod P (O orders, P problems, L = lcm(O, P)):
// this visits every cell once while the order counts and the problem counts each stay within one
// of each other at every prefix. Each block relabels orders and problems by a seeded random
// permutation. Result, for any participant count n: every arm order, every problem and every
// cell has been used floor or ceil of its fair share of n times.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

namespace ew::study {

struct Assignment {
    int index = 0;                 // 0-based participant number in the study
    std::string code;              // pseudonymous ID, e.g. "P07"
    std::string problem;
    std::vector<int> arm_order;    // arm_order[slot - 1] = index of the arm shown as "Assistant <slot>"
};

// Assignment of participant `index` (0-based) for a study with `arm_count` arms and `problems`.
Assignment assign_participant(int index, int arm_count, const std::vector<std::string>& problems, std::uint64_t seed);

// The pseudonymous code of participant `index` (0-based): "P01", "P02", ...
std::string participant_code(int index);

// All permutations of 0..k-1 in lexicographic order (the arm orders a study cycles through).
std::vector<std::vector<int>> all_arm_orders(int k);

}  // namespace ew::study

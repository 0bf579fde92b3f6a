// Does a suggestion start right? Cuts held-out code where people pause — after a space inside a
// line (`for `, `x = `) and in the middle of an identifier (`ran` → `range`) — asks the
// suggestion path the editor uses, and compares the first suggested character with the one the
// person really typed next. Healing on and off, so its effect is printed next to the latency.
#pragma once
#include "empower/suggestion_policy.h"
#include "lm/language_model.h"

#include <filesystem>
#include <string>
#include <vector>

namespace ew::bench {

struct FirstCharacterFigures {
    int cuts = 0;
    int first_char_right = 0;  // non-empty suggestion whose first byte is the real next byte
    int starts_with_space = 0; // non-empty suggestion starting with a space or tab
    int empty = 0;
    double right_share() const { return cuts ? double(first_char_right) / cuts : 0; }
    double space_share() const { return cuts ? double(starts_with_space) / cuts : 0; }
    double empty_share() const { return cuts ? double(empty) / cuts : 0; }
};

struct FirstCharacterReport {
    FirstCharacterFigures after_space, mid_word;
};

// At most `per_file` cuts of each kind per file, spread evenly over it. The policy's kind/η/max
// tokens are used as given; only `heal` is taken from `heal`.
FirstCharacterReport measure_first_character(const lm::LanguageModel& model, const std::vector<std::filesystem::path>& files,
                                             empower::SuggestionPolicy policy, bool heal, int per_file);

}  // namespace ew::bench

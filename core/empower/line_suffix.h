// Suggestions in the middle of a line (`print(|)`): offered only when the rest of the line is
// closing brackets and quotes, and then fitted so that the text after the caret stays correct.
//
// An editor auto-closes brackets and quotes, so a person is often "inside" a call or a string
// with its closers already on screen. The model sees only the prefix and happily writes the
// closers itself (`len(a))`); the ghost text must stop where the completion starts closing what
// the suffix already closes, or accepting it would double them. Anything else after the caret
// (an identifier, an operator) means the person is editing, not writing: no suggestion there.
#pragma once
#include <string>
#include <string_view>

namespace ew::empower {

// True when `after_caret` (the rest of the caret's line, without its line break) holds only
// closing brackets `)]}`, quotes `'"` and spaces/tabs; the empty string and whitespace count too.
bool allows_suggestion_before(std::string_view after_caret);

// True when `after_caret` has at least one non-whitespace character (a mid-line suggestion).
bool is_mid_line(std::string_view after_caret);

// The part of `completion` to show before `line_suffix` (which allows_suggestion_before):
// only the completion's first line, and only up to where it would close a bracket or string it
// did not open itself — that closer and everything after it are the suffix's job. Trailing
// spaces before the cut are dropped. A whitespace-only suffix returns the completion unchanged.
std::string fit_before_suffix(std::string_view completion, std::string_view line_suffix);

}  // namespace ew::empower

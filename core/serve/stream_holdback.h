// Text streamed to a client cannot be taken back. A suggestion's final text arrives a token at a
// time; what may still turn out to be the start of one of the client's stop strings, or is the
// first bytes of a UTF-8 character split between two tokens, is held back until the next piece
// settles it. A stop string ends the stream at its start (it is not sent).
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ew::serve {

class StreamHoldback {
public:
    explicit StreamHoldback(std::vector<std::string> stop);

    // Adds the next piece of final text; returns what can be sent now (possibly nothing).
    std::string push(std::string_view piece);
    // At the end, given the completion's whole text as served: what follows what was sent. The
    // sent text is always a prefix of it (the pieces are final and the stop strings the same);
    // empty if it somehow is not, since nothing sent can be recalled.
    std::string finish(const std::string& served_text);
    const std::string& sent() const { return sent_; }

private:
    std::vector<std::string> stop_;
    std::string text_;  // every piece pushed
    std::string sent_;
    bool stopped_ = false;
};

}  // namespace ew::serve

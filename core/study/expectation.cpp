#include "study/expectation.h"

#include "support/error.h"

namespace ew::study {

Expectation Expectation::parse(const std::string& text) {
    const auto at = text.find('>');
    auto trim = [](std::string s) {
        const auto first = s.find_first_not_of(" \t");
        const auto last = s.find_last_not_of(" \t");
        return first == std::string::npos ? std::string() : s.substr(first, last - first + 1);
    };
    Expectation e;
    if (at != std::string::npos && text.find('>', at + 1) == std::string::npos) e = {trim(text.substr(0, at)), trim(text.substr(at + 1))};
    if (e.better.empty() || e.worse.empty() || e.better == e.worse)
        throw Error("expectation \"" + text + "\" is not \"<better arm> > <worse arm>\" naming two different arms");
    return e;
}

}  // namespace ew::study

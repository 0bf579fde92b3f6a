// A study's stated hypothesis: arm `better` outperforms arm `worse` ("empower-4 > base-20", from the
// design's "expect" or `empower study report --expect`). It sets the direction of the figures that
// have one — accept ratio (higher is better), deleted characters per accept (lower is better); the
// character counts are tested two-sided only. Without an expectation every p-value is two-sided.
#pragma once
#include <string>

namespace ew::study {

struct Expectation {
    std::string better, worse;
    // "<better arm> > <worse arm>"; throws ew::Error on anything else.
    static Expectation parse(const std::string& text);
    std::string text() const { return better + " > " + worse; }
};

}  // namespace ew::study

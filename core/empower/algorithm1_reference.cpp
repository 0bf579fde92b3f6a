#include "empower/algorithm1_reference.h"

#include <span>

namespace ew::empower {

std::size_t algorithm1_cut(const lm::LanguageModel& model, const std::vector<lm::TokenId>& context,
                           const std::vector<lm::TokenId>& suffix, double eta, NllUnit unit) {
    const double eta_nats = to_nats(eta, unit);
    for (std::size_t i = 1; i <= suffix.size(); ++i) {
        lm::ScoreRequest r{context, std::vector<lm::TokenId>(suffix.begin(), suffix.begin() + static_cast<std::ptrdiff_t>(i))};
        const auto scored = model.score(std::span(&r, 1), 0);
        double nll = 0;
        for (const auto& t : scored.front()) nll -= t.logprob;
        if (nll > eta_nats) return i - 1;  // "return the last index that was below threshold"
    }
    return suffix.size();
}

}  // namespace ew::empower

#include "lm/language_model.h"

namespace ew::lm {

const char* to_string(StopReason reason) {
    switch (reason) {
        case StopReason::MaxTokens: return "max_tokens";
        case StopReason::EndOfText: return "end_of_text";
        case StopReason::StopString: return "stop_string";
        case StopReason::Cancelled: return "cancelled";
        case StopReason::ContextFull: return "context_full";
        case StopReason::LikelihoodBudget: return "likelihood_budget";
    }
    return "?";
}

}  // namespace ew::lm

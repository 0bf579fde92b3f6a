#include "lm/load_options.h"

#include "support/error.h"

namespace ew::lm {

void validate_weights_option(const std::string& weights) {
    if (weights != "auto" && weights != "fp32" && weights != "bf16" && weights != "int8")
        throw Error("weights \"" + weights + "\" is not one of auto, fp32, bf16, int8");
}

}  // namespace ew::lm

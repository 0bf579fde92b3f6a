#include "train/lr_schedule.h"

#include <algorithm>
#include <cmath>

namespace ew::train {

double LrSchedule::at(std::int64_t step) const {
    if (step < warmup_steps) return peak * double(step + 1) / double(warmup_steps);
    const double progress = double(step - warmup_steps) / double(std::max<std::int64_t>(1, total_steps - warmup_steps));
    return floor + (peak - floor) * 0.5 * (1.0 + std::cos(M_PI * std::min(1.0, progress)));
}

}  // namespace ew::train

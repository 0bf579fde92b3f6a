// Learning-rate schedule shared by pretraining and fine-tuning: linear warmup, then cosine decay.
#pragma once
#include <cstdint>

namespace ew::train {

struct LrSchedule {
    double peak = 1e-3;
    double floor = 1e-4;
    std::int64_t warmup_steps = 0;
    std::int64_t total_steps = 1;

    double at(std::int64_t step) const;  // step is 0-based
};

}  // namespace ew::train

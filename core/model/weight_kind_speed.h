// How fast this CPU multiplies by a model's matrices in each way it can hold them — measured, not
// assumed: bfloat16 halves the bytes a decode step reads, but a CPU without fast bf16 widening can
// lose that to conversion, and int8 pays a scale per row. "auto" weights (lm/auto_weights.h) time
// each candidate here at load and keep the fastest that cannot move a researcher's result.
#pragma once
#include <cstdint>
#include <string>

namespace ew::model {

struct WeightKindSpeed {
    double decode_ms = 0;   // one row through one matrix (a decode step's product)
    double prefill_ms = 0;  // 64 rows through one matrix (the fresh text of a suggestion's prefill)
    // What one suggestion after a short edit costs per matrix: 64 fresh tokens, 16 decoded.
    double suggestion_ms() const { return 16 * decode_ms + prefill_ms; }
};

// Times held_linear over float32-random matrices of [rows, cols] held as `kind` ("fp32", "bf16",
// "int8"), enough copies that together they outgrow the CPU's caches as a real model does.
// Best of a few passes; about 0.1 s for a 0.6B-class shape. Remembered per process for the same
// shape, kind and thread count.
WeightKindSpeed measure_weight_kind_speed(std::int64_t rows, std::int64_t cols, const std::string& kind);

}  // namespace ew::model

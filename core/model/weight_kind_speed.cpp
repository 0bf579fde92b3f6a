#include "model/weight_kind_speed.h"

#include "model/held_linear.h"
#include "model/int8_rows.h"
#include "support/error.h"

#include <chrono>
#include <map>
#include <mutex>
#include <tuple>

namespace ew::model {

namespace {

// Several matrices whose float32 bytes together exceed any last-level cache, so a pass reads from
// memory as a decode step over a real model does.
constexpr std::int64_t kWorkingSetBytes = std::int64_t{96} << 20;

double seconds_since(std::chrono::steady_clock::time_point t0) {
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
}

WeightKindSpeed measure_uncached(std::int64_t rows, std::int64_t cols, const std::string& kind) {
    torch::InferenceMode guard;
    const std::int64_t matrix_bytes = rows * cols * 4;
    const std::int64_t copies = std::clamp<std::int64_t>((kWorkingSetBytes + matrix_bytes - 1) / matrix_bytes, 1, 32);
    std::vector<torch::Tensor> weights, scales;
    for (std::int64_t c = 0; c < copies; ++c) {
        auto w = torch::randn({rows, cols}) * 0.02;
        if (kind == "bf16") {
            weights.push_back(w.to(torch::kBFloat16));
            scales.emplace_back();
        } else if (kind == "int8") {
            auto q = quantize_rows(w);
            weights.push_back(q.values);
            scales.push_back(q.scales);
        } else {
            weights.push_back(w);
            scales.emplace_back();
        }
    }
    const auto one = torch::randn({1, cols});
    const auto many = torch::randn({64, cols});
    const auto pass = [&](const torch::Tensor& x) {
        const auto t0 = std::chrono::steady_clock::now();
        for (std::int64_t c = 0; c < copies; ++c) (void)held_linear(x, weights[c], {}, scales[c]);
        return seconds_since(t0) * 1000 / double(copies);
    };
    pass(one);  // first touch: page faults and thread start-up are not the kind's cost
    WeightKindSpeed best{1e300, 1e300};
    for (int i = 0; i < 3; ++i) best.decode_ms = std::min(best.decode_ms, pass(one));
    for (int i = 0; i < 2; ++i) best.prefill_ms = std::min(best.prefill_ms, pass(many));
    return best;
}

}  // namespace

WeightKindSpeed measure_weight_kind_speed(std::int64_t rows, std::int64_t cols, const std::string& kind) {
    if (kind != "fp32" && kind != "bf16" && kind != "int8") throw Error("no speed to measure for weights \"" + kind + "\"");
    if (rows <= 0 || cols <= 0) throw Error("a matrix to time needs rows and columns");
    static std::mutex mutex;
    static std::map<std::tuple<std::int64_t, std::int64_t, std::string, int>, WeightKindSpeed> measured;
    const auto key = std::make_tuple(rows, cols, kind, torch::get_num_threads());
    {
        std::lock_guard lock(mutex);
        if (auto it = measured.find(key); it != measured.end()) return it->second;
    }
    const auto speed = measure_uncached(rows, cols, kind);
    std::lock_guard lock(mutex);
    return measured.emplace(key, speed).first->second;
}

}  // namespace ew::model

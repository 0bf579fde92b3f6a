#include "experiment/stage_progress.h"

#include <nlohmann/json.hpp>

#include <fstream>

namespace ew::experiment {

StageProgress read_stage_progress(const Stage& stage) {
    StageProgress p;
    std::ifstream in(stage.dir / "stdout.log");
    for (std::string line; std::getline(in, line);) {
        if (line.empty() || line.front() != '{') continue;
        const auto e = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
        if (!e.is_object()) continue;
        const auto number = [&](const char* key) {
            const auto it = e.find(key);
            return it != e.end() && it->is_number() ? it->get<double>() : -1.0;
        };
        const auto event = e.value("event", std::string());
        if (stage.kind == StageKind::FineTune) {
            const double step = number("step"), total = number("total");
            if (step < 0) continue;
            if (event == "step") {
                if (const double loss = number("loss"); loss >= 0) p.loss[std::int64_t(step)] = loss;
                if (total > 0) p.fraction = std::min(1.0, step / total);
                p.remaining_seconds = number("remaining_s");
            } else if (event == "eval") {
                if (const double loss = number("eval_loss"); loss >= 0) p.eval_loss[std::int64_t(step)] = loss;
            }
        } else if (stage.kind == StageKind::Evaluate) {
            const double done = number("done"), total = number("total"), elapsed = number("elapsed_s");
            if (done < 0 || total <= 0) continue;
            p.fraction = std::min(1.0, done / total);
            p.remaining_seconds = done > 0 && elapsed >= 0 ? elapsed * (total - done) / done : -1;
        }
    }
    return p;
}

}  // namespace ew::experiment

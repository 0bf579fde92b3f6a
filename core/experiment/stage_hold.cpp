#include "experiment/stage_hold.h"

#include "support/error.h"
#include "support/file_io.h"

namespace ew::experiment {

namespace fs = std::filesystem;

namespace {
fs::path hold_file(const Stage& stage) { return stage.dir / "hold"; }
}  // namespace

bool is_held(const Stage& stage) {
    std::error_code ec;
    return fs::exists(hold_file(stage), ec);
}

void hold_stage(const Stage& stage) {
    fs::create_directories(stage.dir);
    write_file_atomic(hold_file(stage), "stopped by hand; `empower experiment resume --stage " + stage.id + "` releases it\n");
}

void release_stage(const Stage& stage) {
    std::error_code ec;
    fs::remove(hold_file(stage), ec);
    if (ec) throw Error(hold_file(stage).string() + ": cannot remove the hold: " + ec.message());
}

int release_all_stages(const ExperimentPlan& plan) {
    int released = 0;
    for (const auto& stage : plan.stages)
        if (is_held(stage)) {
            release_stage(stage);
            ++released;
        }
    return released;
}

}  // namespace ew::experiment

// An evaluation's episode log (what the episode viewer opens), then the code before and after
// every step, as the viewer replays it.
#include "eval/episode_log.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = ew::fuzz::write_scratch("episodes.jsonl", ew::fuzz::as_text(data, size));
    ew::fuzz::expect_clean([&] {
        for (const auto& episode : ew::eval::read_episode_log(path)) {
            for (std::size_t i = 0; i < episode.steps.size(); ++i) {
                (void)ew::eval::code_before_step(episode, i);
                (void)ew::eval::code_after_step(episode, i);
            }
            (void)ew::eval::episode_to_json(episode).dump();
        }
    });
    return 0;
}

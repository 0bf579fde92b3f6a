// A replay human that is not the same person every time: the reference is still what it means to
// write, but, drawn from a seeded generator, it overlooks some correct suggestions, keeps a partly
// wrong one with a probability equal to its correct share (deleting the wrong tail), and types in
// bursts of K_H/2 … 3K_H/2 tokens. Several seeds give several such people, so an arm's figures
// carry the spread that one deterministic replay human cannot show (the paper's LLM humans vary
// too; a 27B model is not available on a CPU workstation).
//
// The generator is seeded by (seed, problem), so one episode is reproducible whatever order the
// problems run in, and adding a problem changes no other episode.
#pragma once
#include "eval/episode.h"

#include <cstdint>
#include <random>
#include <string>

namespace ew::eval {

struct SeededNoiseOptions {
    double overlook_rate = 0.1;  // a suggestion that continues the reference is rejected unread
};

class SeededNoisyReplayHuman : public ReplayHuman {
public:
    SeededNoisyReplayHuman(std::string reference, const text::BpeTokenizer& tokenizer, std::uint64_t seed, const std::string& problem,
                           SeededNoiseOptions options = {});
    Decision decide(const std::string& code, const std::string& suggestion) override;
    std::string write(const std::string& code, int tokens) override;

private:
    SeededNoiseOptions options_;
    std::mt19937_64 random_;
};

// The generator's seed for (seed, problem): FNV-1a over both, stable across platforms and runs.
std::uint64_t episode_seed(std::uint64_t seed, const std::string& problem);

}  // namespace ew::eval

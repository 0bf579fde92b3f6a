// Training checkpoints: model weights, optimizer state and a JSON trainer state, written into a
// fresh folder and swapped in by rename — a crash (even kill -9) leaves either the previous or the
// new checkpoint complete, never a mix.
//
// Includes torch (optimizer): for trainer .cpp files only.
#pragma once
#include "model/transformer.h"

#include <filesystem>
#include <nlohmann/json.hpp>
#include <optional>

namespace ew::train {

void write_checkpoint(const std::filesystem::path& dir, const model::Transformer& model, torch::optim::Optimizer& optimizer,
                      const nlohmann::json& state);

// The newest complete checkpoint under `dir` ("<dir>", or "<dir>.old" if a swap was interrupted).
std::optional<std::filesystem::path> find_checkpoint(const std::filesystem::path& dir);

// AdamW with weight decay on matrices only (not on norms), the optimizer every trainer uses; its
// parameter groups are what checkpoints store, so build it with this function to resume.
torch::optim::AdamW make_adamw(const model::Transformer& model, double learning_rate, double weight_decay,
                               std::tuple<double, double> betas = {0.9, 0.999});

// Loads weights (in place: the optimizer's tensors stay valid) + optimizer state; returns the trainer state.
nlohmann::json read_checkpoint(const std::filesystem::path& dir, model::Transformer& model, torch::optim::Optimizer& optimizer);

}  // namespace ew::train

// One copy of each model directory per process. The main window, the study panel, every episode
// viewer and an evaluation's assistant / likelihood / human roles ask here instead of loading their
// own: an 8B model in float32 is ~30 GiB, so a second copy is the difference between working and
// the OOM killer. Weights are immutable and shared; sessions (KV caches) stay per user
// (LanguageModel::new_session). A model is unloaded when its last user lets go.
//
// Key: the canonical directory, the load options that change the weights (device), and the
// identity of every file the load reads (device, inode, size, modification time) — a checkpoint
// rewritten in place is loaded afresh, never served stale.
#pragma once
#include "lm/transformer_language_model.h"

#include <filesystem>
#include <memory>

namespace ew::lm {

// Loads `dir`, or returns the copy already loaded. Concurrent callers for the same key wait for
// one load; a failed load is reported to each of them and not remembered.
std::shared_ptr<TransformerLanguageModel> load_shared_model(const std::filesystem::path& dir, const LoadOptions& options = {});

// How many distinct models are loaded now (for tests and the About dialog).
std::size_t shared_models_loaded();

}  // namespace ew::lm

// Which checkpoint a model directory holds right now, as a string: its canonical path and the
// identity (device, inode, size, modification time) of every file a load reads. Two equal strings
// mean the same files, unchanged; a checkpoint rewritten in place gets a new one. Used to key the
// in-process model registry and the per-checkpoint records kept in the user's cache.
#pragma once
#include <filesystem>
#include <string>

namespace ew::model {

std::string checkpoint_identity(const std::filesystem::path& dir);

}  // namespace ew::model

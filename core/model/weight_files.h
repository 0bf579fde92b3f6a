// A checkpoint's weights as one name → tensor lookup, whether they sit in one model.safetensors
// or in shards listed by model.safetensors.index.json (how Hugging Face stores models over a few
// GB). Shards are memory-mapped; nothing is copied until a tensor is read.
#pragma once
#include "model/safetensors.h"

#include <filesystem>
#include <map>
#include <span>
#include <string>
#include <vector>

namespace ew::model {

// Bytes of the checkpoint's files: the .safetensors file, or every shard an index names (what a
// load maps), for the memory estimate before loading. Files it cannot read count 0: the load
// itself then reports them.
std::uint64_t checkpoint_file_bytes(const std::filesystem::path& path);

class WeightFiles {
public:
    // `path`: a .safetensors file, or an index .json. Validates the index (JSON, a "weight_map"
    // object, every shard present and every listed tensor inside its shard); errors name the file.
    static WeightFiles open(const std::filesystem::path& path);

    const TensorInfo* find(const std::string& name) const;
    const TensorInfo& at(const std::string& name) const;  // throws naming the file(s) if absent
    std::span<const std::byte> bytes(const std::string& name) const;
    void release(const std::string& name) const;  // SafetensorsFile::release: read, no longer needed
    const std::filesystem::path& file_of(const std::string& name) const;
    std::vector<std::string> names() const;
    std::uint64_t total_bytes() const;  // of all tensor data
    const std::filesystem::path& path() const { return path_; }

private:
    std::filesystem::path path_;
    std::vector<SafetensorsFile> shards_;
    std::map<std::string, std::pair<std::size_t, const TensorInfo*>> index_;  // name -> (shard, info)
};

}  // namespace ew::model

#include "model/weight_files.h"

#include "support/error.h"
#include "support/file_io.h"

#include <nlohmann/json.hpp>
#include <set>
#include <filesystem>

namespace ew::model {

WeightFiles WeightFiles::open(const std::filesystem::path& path) {
    WeightFiles w;
    w.path_ = path;
    if (path.extension() != ".json") {
        w.shards_.push_back(SafetensorsFile::open(path));
        for (const auto& t : w.shards_[0].tensors()) w.index_[t.name] = {0, &t};
        return w;
    }
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(read_file(path));
    } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for a number like 1e99999
        fail_file(path, std::string("not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object() || !j.contains("weight_map") || !j["weight_map"].is_object())
        fail_file(path, "expected an object with a \"weight_map\" of tensor name -> shard file");
    std::map<std::string, std::size_t> shard_of_file;
    std::vector<std::pair<std::string, std::string>> entries;
    for (auto it = j["weight_map"].begin(); it != j["weight_map"].end(); ++it) {
        if (!it.value().is_string()) fail_file(path, "weight_map entry \"" + it.key() + "\" is not a file name");
        const std::string file = it.value().get<std::string>();
        if (file.empty() || file.find('/') != std::string::npos || file.find("..") != std::string::npos)
            fail_file(path, "weight_map entry \"" + it.key() + "\" names \"" + file + "\", not a file beside the index");
        entries.emplace_back(it.key(), file);
        if (!shard_of_file.count(file)) {
            const auto shard = path.parent_path() / file;
            std::error_code ec;
            if (!std::filesystem::exists(shard, ec)) fail_file(shard, "shard listed in " + path.filename().string() + " is missing");
            shard_of_file[file] = w.shards_.size();
            w.shards_.push_back(SafetensorsFile::open(shard));
        }
    }
    if (entries.empty()) fail_file(path, "weight_map is empty");
    for (const auto& [name, file] : entries) {
        const std::size_t s = shard_of_file[file];
        const TensorInfo* info = w.shards_[s].find(name);
        if (!info) fail_file(w.shards_[s].path(), "does not contain tensor \"" + name + "\" that " + path.filename().string() + " places there");
        w.index_[name] = {s, info};
    }
    return w;
}

std::uint64_t checkpoint_file_bytes(const std::filesystem::path& path) {
    std::error_code ec;
    if (path.extension() != ".json") {
        const auto n = std::filesystem::file_size(path, ec);
        return ec ? 0 : n;
    }
    try {
        const auto j = nlohmann::json::parse(read_file(path));
        std::set<std::string> shards;
        for (const auto& file : j.at("weight_map")) shards.insert(file.get<std::string>());
        std::uint64_t n = 0;
        for (const auto& shard : shards) {
            const auto size = std::filesystem::file_size(path.parent_path() / shard, ec);
            if (!ec) n += size;
        }
        return n;
    } catch (const std::exception&) {  // unreadable or malformed: open() reports it when the load reads the index
        return 0;
    }
}

const TensorInfo* WeightFiles::find(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? nullptr : it->second.second;
}

const TensorInfo& WeightFiles::at(const std::string& name) const {
    if (const auto* info = find(name)) return *info;
    fail_file(path_, "tensor \"" + name + "\" is missing");
}

std::span<const std::byte> WeightFiles::bytes(const std::string& name) const {
    const auto& [shard, info] = index_.at(name);
    return shards_[shard].bytes(*info);
}

void WeightFiles::release(const std::string& name) const {
    const auto& [shard, info] = index_.at(name);
    shards_[shard].release(*info);
}

const std::filesystem::path& WeightFiles::file_of(const std::string& name) const {
    auto it = index_.find(name);
    return it == index_.end() ? path_ : shards_[it->second.first].path();
}

std::vector<std::string> WeightFiles::names() const {
    std::vector<std::string> out;
    for (const auto& [name, _] : index_) out.push_back(name);
    return out;
}

std::uint64_t WeightFiles::total_bytes() const {
    std::uint64_t n = 0;
    for (const auto& [name, entry] : index_) n += entry.second->end - entry.second->begin;
    return n;
}

}  // namespace ew::model

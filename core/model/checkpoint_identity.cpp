#include "model/checkpoint_identity.h"

#include <sys/stat.h>

namespace ew::model {

namespace fs = std::filesystem;

namespace {

void append_file_identity(std::string& key, const fs::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        key += "|-";
        return;
    }
    key += "|" + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
           std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

}  // namespace

std::string checkpoint_identity(const fs::path& dir) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(dir, ec);
    const fs::path base = ec ? fs::absolute(dir) : canonical;
    std::string key = base.string();
    for (const char* name : {"config.json", "tokenizer.json", "tokenizer_config.json", "model.safetensors", "model.safetensors.index.json"})
        append_file_identity(key, base / name);
    // Shards: their names come from the index, whose identity is already in the key; a shard
    // rewritten in place without touching the index is still caught by its own identity here.
    for (const auto& entry : fs::directory_iterator(base, ec)) {
        const auto name = entry.path().filename().string();
        if (name.starts_with("model-") && name.ends_with(".safetensors")) append_file_identity(key, entry.path());
    }
    return key;
}

}  // namespace ew::model

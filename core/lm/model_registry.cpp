#include "lm/model_registry.h"

#include <future>
#include <map>
#include <mutex>
#include <sys/stat.h>

namespace ew::lm {

namespace fs = std::filesystem;

namespace {

struct Entry {
    std::weak_ptr<TransformerLanguageModel> model;
    std::shared_future<std::shared_ptr<TransformerLanguageModel>> pending;  // valid while one caller loads
};

std::mutex registry_mutex;
std::map<std::string, Entry> registry;

void append_file_identity(std::string& key, const fs::path& file) {
    struct stat st {};
    if (::stat(file.c_str(), &st) != 0) {
        key += "|-";
        return;
    }
    key += "|" + std::to_string(st.st_dev) + ":" + std::to_string(st.st_ino) + ":" + std::to_string(st.st_size) + ":" +
           std::to_string(st.st_mtim.tv_sec) + "." + std::to_string(st.st_mtim.tv_nsec);
}

std::string key_of(const fs::path& dir, const LoadOptions& options) {
    std::error_code ec;
    const fs::path canonical = fs::weakly_canonical(dir, ec);
    const fs::path base = ec ? fs::absolute(dir) : canonical;
    std::string key = base.string() + "|" + options.device + "|" + options.weights;
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

}  // namespace

std::shared_ptr<TransformerLanguageModel> load_shared_model(const fs::path& dir, const LoadOptions& options) {
    const std::string key = key_of(dir, options);
    std::promise<std::shared_ptr<TransformerLanguageModel>> promise;
    std::shared_future<std::shared_ptr<TransformerLanguageModel>> waiting;
    {
        std::lock_guard lock(registry_mutex);
        for (auto it = registry.begin(); it != registry.end();)  // forget models nobody holds
            it = (it->second.model.expired() && !it->second.pending.valid()) ? registry.erase(it) : std::next(it);
        auto& entry = registry[key];
        if (auto model = entry.model.lock()) return model;
        if (entry.pending.valid()) waiting = entry.pending;
        else entry.pending = promise.get_future().share();
    }
    if (waiting.valid()) return waiting.get();  // another caller is loading it; rethrows its error
    try {
        auto model = TransformerLanguageModel::load(dir, options);
        {
            std::lock_guard lock(registry_mutex);
            registry[key] = Entry{model, {}};
        }
        promise.set_value(model);
        return model;
    } catch (...) {
        {
            std::lock_guard lock(registry_mutex);
            registry.erase(key);
        }
        promise.set_exception(std::current_exception());
        throw;
    }
}

std::size_t shared_models_loaded() {
    std::lock_guard lock(registry_mutex);
    std::size_t n = 0;
    for (const auto& [key, entry] : registry) n += entry.model.expired() ? 0 : 1;
    return n;
}

}  // namespace ew::lm

#include "lm/model_registry.h"

#include "model/checkpoint_identity.h"

#include <future>
#include <map>
#include <mutex>

namespace ew::lm {

namespace fs = std::filesystem;

namespace {

struct Entry {
    std::weak_ptr<TransformerLanguageModel> model;
    std::shared_future<std::shared_ptr<TransformerLanguageModel>> pending;  // valid while one caller loads
};

std::mutex registry_mutex;
std::map<std::string, Entry> registry;

std::string key_of(const fs::path& dir, const LoadOptions& options) {
    return model::checkpoint_identity(dir) + "|" + options.device + "|" + options.weights;
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

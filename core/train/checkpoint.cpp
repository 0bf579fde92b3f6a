#include "train/checkpoint.h"

#include "support/error.h"
#include "support/file_io.h"

namespace ew::train {

namespace fs = std::filesystem;

void write_checkpoint(const fs::path& dir, const model::Transformer& model, torch::optim::Optimizer& optimizer,
                      const nlohmann::json& state) {
    fs::path tmp = dir, old = dir;
    tmp += ".tmp";
    old += ".old";
    remove_tree(tmp);
    fs::create_directories(tmp);
    model.save(tmp / "model.safetensors");
    torch::save(optimizer, (tmp / "optimizer.pt").string());
    write_file_atomic(tmp / "state.json", state.dump(2));  // written last: its presence marks completeness
    remove_tree(old);
    if (fs::exists(dir)) fs::rename(dir, old);
    fs::rename(tmp, dir);
    remove_tree(old);
}

torch::optim::AdamW make_adamw(const model::Transformer& model, double learning_rate, double weight_decay,
                               std::tuple<double, double> betas) {
    std::vector<torch::Tensor> decay, no_decay;
    for (auto& [name, p] : model.named_parameters()) (p.dim() >= 2 ? decay : no_decay).push_back(p);
    std::vector<torch::optim::OptimizerParamGroup> groups;
    groups.emplace_back(decay, std::make_unique<torch::optim::AdamWOptions>(
                                   torch::optim::AdamWOptions(learning_rate).betas(betas).weight_decay(weight_decay)));
    groups.emplace_back(no_decay, std::make_unique<torch::optim::AdamWOptions>(
                                      torch::optim::AdamWOptions(learning_rate).betas(betas).weight_decay(0.0)));
    return torch::optim::AdamW(groups);
}

std::optional<fs::path> find_checkpoint(const fs::path& dir) {
    fs::path old = dir;
    old += ".old";
    for (const auto& candidate : {dir, old})
        if (fs::exists(candidate / "state.json") && fs::exists(candidate / "model.safetensors") && fs::exists(candidate / "optimizer.pt"))
            return candidate;
    return std::nullopt;
}

nlohmann::json read_checkpoint(const fs::path& dir, model::Transformer& model, torch::optim::Optimizer& optimizer) {
    nlohmann::json state;
    try {
        state = nlohmann::json::parse(read_file(dir / "state.json"));
    } catch (const nlohmann::json::exception& e) {
        fail_file(dir / "state.json", std::string("corrupt checkpoint state (") + e.what() + ")");
    }
    model.copy_weights_from(model::Transformer::load(model.config(), dir / "model.safetensors", model.dtype(), model.device()));
    try {
        torch::load(optimizer, (dir / "optimizer.pt").string());
    } catch (const c10::Error& e) {
        fail_file(dir / "optimizer.pt", "corrupt optimizer state");
    }
    return state;
}

}  // namespace ew::train

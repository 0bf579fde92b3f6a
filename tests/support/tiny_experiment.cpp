#include "support/tiny_experiment.h"

#include "support/file_io.h"
#include "support/resource_paths.h"
#include "support/tiny_model.h"

namespace ew::testing {

namespace fs = std::filesystem;

void write_tiny_experiment_inputs(const fs::path& folder) {
    write_tiny_model_dir(folder / "base");
    fs::create_directories(folder / "corpus");
    int n = 0;
    for (int copy = 0; copy < 4; ++copy)
        for (const auto& program : tiny_corpus()) write_file_atomic(folder / "corpus" / ("p" + std::to_string(n++) + ".py"), program);
    fs::create_directories(folder / "problems");
    fs::copy(projects_dir() / "lava-trap", folder / "problems" / "lava-trap", fs::copy_options::recursive | fs::copy_options::overwrite_existing);
}

nlohmann::json tiny_experiment_spec(const std::string& name, int epochs) {
    using json = nlohmann::json;
    return {{"name", name},
            {"base_model", "base"},
            {"corpus", "corpus"},
            {"dataset", {{"max_completion_tokens", 16}}},
            {"methods", json::array({{{"method", "sft-4"}}})},
            {"fine_tune", {{"epochs", epochs}, {"batch_size", 4}, {"seq_len", 96}, {"eval_every", 5}, {"checkpoint_every", 3}, {"threads", 1}}},
            {"untrained", json::array({"base-4"})},
            {"evaluation", {{"problems", json::array({"problems"})}, {"settings", {{"max_rounds", 4}, {"threads", 1}}}}}};
}

}  // namespace ew::testing

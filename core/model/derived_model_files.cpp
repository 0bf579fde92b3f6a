#include "model/derived_model_files.h"

#include "support/error.h"
#include "support/file_io.h"

#include <nlohmann/json.hpp>

namespace ew::model {

void write_derived_model_files(const std::filesystem::path& base_dir, const std::filesystem::path& out_dir, const std::string& saved_dtype) {
    std::error_code ec;
    for (const char* name : {"tokenizer.json", "tokenizer_config.json", "generation_config.json", "special_tokens_map.json",
                             "chat_template.jinja", "tokenizer.model"})
        if (std::filesystem::exists(base_dir / name, ec)) write_file_atomic(out_dir / name, read_file(base_dir / name));
    nlohmann::ordered_json config;  // ordered: the base's key order, so a diff shows only what changed
    try {
        config = nlohmann::ordered_json::parse(read_file(base_dir / "config.json"));
    } catch (const nlohmann::json::exception& e) {
        fail_file(base_dir / "config.json", std::string("not valid JSON (") + e.what() + ")");
    }
    if (!config.is_object()) fail_file(base_dir / "config.json", "is not a JSON object");
    config["torch_dtype"] = saved_dtype;
    write_file_atomic(out_dir / "config.json", config.dump(2) + "\n");
}

}  // namespace ew::model

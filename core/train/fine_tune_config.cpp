#include "train/fine_tune_config.h"

#include "support/error.h"
#include "support/json_config.h"
#include "support/file_io.h"

#include <nlohmann/json.hpp>
#include <set>

namespace ew::train {

using json = nlohmann::ordered_json;

std::string FineTuneConfig::to_json_text() const {
    json j = {{"run_name", run_name}, {"base_model", base_model.string()}, {"dataset", dataset.string()},
              {"out_dir", out_dir.string()}, {"epochs", epochs}, {"batch_size", batch_size},
              {"grad_accumulation", grad_accumulation}, {"learning_rate", learning_rate},
              {"min_learning_rate", min_learning_rate}, {"warmup_steps", warmup_steps}, {"weight_decay", weight_decay},
              {"grad_clip", grad_clip}, {"seq_len", seq_len}, {"eval_fraction", eval_fraction}, {"eval_every", eval_every},
              {"checkpoint_every", checkpoint_every}, {"seed", seed}, {"device", device}, {"precision", precision},
              {"threads", threads},
              {"data_parallel", data_parallel}};
    return j.dump(2) + "\n";
}

FineTuneConfig FineTuneConfig::from_json_text(const std::string& text, const std::string& origin) {
    const json j = parse_config_object(text, json::parse(FineTuneConfig{}.to_json_text()), origin);
    FineTuneConfig c;
    try {
        c.run_name = j.value("run_name", c.run_name);
        c.base_model = j.value("base_model", std::string());
        c.dataset = j.value("dataset", std::string());
        c.out_dir = j.value("out_dir", std::string());
        c.epochs = j.value("epochs", c.epochs);
        c.batch_size = j.value("batch_size", c.batch_size);
        c.grad_accumulation = j.value("grad_accumulation", c.grad_accumulation);
        c.learning_rate = j.value("learning_rate", c.learning_rate);
        c.min_learning_rate = j.value("min_learning_rate", c.min_learning_rate);
        c.warmup_steps = j.value("warmup_steps", c.warmup_steps);
        c.weight_decay = j.value("weight_decay", c.weight_decay);
        c.grad_clip = j.value("grad_clip", c.grad_clip);
        c.seq_len = j.value("seq_len", c.seq_len);
        c.eval_fraction = j.value("eval_fraction", c.eval_fraction);
        c.eval_every = j.value("eval_every", c.eval_every);
        c.checkpoint_every = j.value("checkpoint_every", c.checkpoint_every);
        c.seed = j.value("seed", c.seed);
        c.device = j.value("device", c.device);
        c.precision = j.value("precision", c.precision);
        c.threads = j.value("threads", c.threads);
        c.data_parallel = j.value("data_parallel", c.data_parallel);
    } catch (const json::exception& e) {
        throw Error(origin + ": a field has the wrong type (" + e.what() + ")");
    }
    auto bad = [&](const std::string& what) { throw Error(origin + ": " + what); };
    if (c.dataset.empty()) bad("\"dataset\" is required");
    if (c.out_dir.empty()) bad("\"out_dir\" is required");
    if (c.epochs < 1 || c.batch_size < 1 || c.grad_accumulation < 1) bad("epochs, batch_size and grad_accumulation must be >= 1");
    if (!(c.learning_rate > 0) || c.min_learning_rate < 0) bad("learning rates must be positive");
    if (c.seq_len < 8) bad("seq_len must be >= 8");
    if (!(c.eval_fraction >= 0 && c.eval_fraction < 1)) bad("eval_fraction must be in [0, 1)");
    if (c.eval_every < 1 || c.checkpoint_every < 1) bad("eval_every and checkpoint_every must be >= 1");
    if (c.device != "auto" && c.device != "cpu" && c.device != "cuda") bad("device must be auto, cpu or cuda");
    if (c.precision != "auto" && c.precision != "fp32" && c.precision != "bf16") bad("precision must be auto, fp32 or bf16");
    if (c.data_parallel < 1 || c.data_parallel > 64) bad("data_parallel must be between 1 and 64");
    if (c.batch_size < c.data_parallel) bad("batch_size must be at least data_parallel (every rank needs rows)");
    return c;
}

std::string resolve_precision(const std::string& precision, bool device_is_cuda) {
    if (precision != "auto") return precision;
    return device_is_cuda ? "bf16" : "fp32";
}

std::string FineTuneConfig::resolved_precision(bool device_is_cuda) const { return resolve_precision(precision, device_is_cuda); }

FineTuneConfig FineTuneConfig::load(const std::filesystem::path& path) { return from_json_text(read_file(path), path.string()); }

}  // namespace ew::train

#include "train/fine_tune_config.h"

#include "support/error.h"
#include "support/json_config.h"
#include "support/json_field.h"
#include "support/file_io.h"

#include <nlohmann/json.hpp>
#include <set>

namespace ew::train {

using json = nlohmann::ordered_json;

std::string FineTuneConfig::to_json_text() const {
    json j = {{"run_name", run_name}, {"base_model", base_model.string()}, {"dataset", dataset.string()},
              {"out_dir", out_dir.string()}, {"epochs", epochs}, {"batch_size", batch_size},
              {"grad_accumulation", grad_accumulation}, {"micro_batch", micro_batch}, {"memory_limit_gib", memory_limit_gib}, {"learning_rate", learning_rate},
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
        c.run_name = json_field(j, "run_name", c.run_name, origin);
        c.base_model = json_field(j, "base_model", std::string(), origin);
        c.dataset = json_field(j, "dataset", std::string(), origin);
        c.out_dir = json_field(j, "out_dir", std::string(), origin);
        c.epochs = json_field(j, "epochs", c.epochs, origin);
        c.batch_size = json_field(j, "batch_size", c.batch_size, origin);
        c.grad_accumulation = json_field(j, "grad_accumulation", c.grad_accumulation, origin);
        c.micro_batch = json_field(j, "micro_batch", c.micro_batch, origin);
        c.memory_limit_gib = json_field(j, "memory_limit_gib", c.memory_limit_gib, origin);
        c.learning_rate = json_field(j, "learning_rate", c.learning_rate, origin);
        c.min_learning_rate = json_field(j, "min_learning_rate", c.min_learning_rate, origin);
        c.warmup_steps = json_field(j, "warmup_steps", c.warmup_steps, origin);
        c.weight_decay = json_field(j, "weight_decay", c.weight_decay, origin);
        c.grad_clip = json_field(j, "grad_clip", c.grad_clip, origin);
        c.seq_len = json_field(j, "seq_len", c.seq_len, origin);
        c.eval_fraction = json_field(j, "eval_fraction", c.eval_fraction, origin);
        c.eval_every = json_field(j, "eval_every", c.eval_every, origin);
        c.checkpoint_every = json_field(j, "checkpoint_every", c.checkpoint_every, origin);
        c.seed = json_field(j, "seed", c.seed, origin);
        c.device = json_field(j, "device", c.device, origin);
        c.precision = json_field(j, "precision", c.precision, origin);
        c.threads = json_field(j, "threads", c.threads, origin);
        c.data_parallel = json_field(j, "data_parallel", c.data_parallel, origin);
    } catch (const json::exception& e) {
        throw Error(origin + ": a field has the wrong type (" + e.what() + ")");
    }
    auto bad = [&](const std::string& what) { throw Error(origin + ": " + what); };
    if (c.dataset.empty()) bad("\"dataset\" is required");
    if (c.out_dir.empty()) bad("\"out_dir\" is required");
    if (c.epochs < 1 || c.batch_size < 1 || c.grad_accumulation < 1) bad("epochs, batch_size and grad_accumulation must be >= 1");
    if (!(c.memory_limit_gib >= 0 && c.memory_limit_gib <= 1048576)) bad("memory_limit_gib must be between 0 and 1048576 (0: no limit beyond what is available)");
    if (c.micro_batch < 0) bad("micro_batch must be >= 0 (0: as the memory estimate allows)");
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

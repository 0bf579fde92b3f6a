#include "train/pretrainer.h"

#include "support/cpu_threads.h"
#include "support/heap_retention.h"

#include "model/model_directory.h"
#include "model/transformer.h"
#include "support/error.h"
#include "support/file_io.h"
#include "text/bpe_tokenizer.h"
#include "text/sequence_template.h"
#include "train/checkpoint.h"
#include "train/token_loss.h"
#include "train/training_memory.h"
#include "train/fine_tune_config.h"
#include "train/lr_schedule.h"
#include "train/source_corpus.h"

#include <chrono>
#include <cmath>
#include <nlohmann/json.hpp>
#include <random>

namespace ew::train {

namespace fs = std::filesystem;
using json = nlohmann::json;

double scheduled_learning_rate(const PretrainOptions& o, std::int64_t step) {
    return LrSchedule{o.learning_rate, o.min_learning_rate, o.warmup_steps, o.steps}.at(step);
}

namespace {

std::vector<std::int64_t> tokenize_stream(const text::BpeTokenizer& tok, const std::vector<std::string>& docs,
                                          std::int64_t* text_bytes) {
    const auto eot = *tok.end_of_text_id();
    std::vector<std::int64_t> stream;
    for (const auto& d : docs) {
        for (auto id : tok.encode(d)) stream.push_back(id);
        stream.push_back(eot);
        if (text_bytes) *text_bytes += static_cast<std::int64_t>(d.size());
    }
    return stream;
}

// Held-out bits per byte: total NLL (nats) of every predicted token over non-overlapping windows,
// divided by ln 2 × the bytes of real text those tokens spell (end-of-text markers count as 0
// bytes but their NLL is kept — conservative).
double heldout_bits_per_byte(const model::Transformer& m, const text::BpeTokenizer& tok,
                             const std::vector<std::int64_t>& stream, int seq_len, std::int64_t max_tokens) {
    torch::NoGradGuard no_grad;
    double nll = 0;
    std::int64_t bytes = 0;
    const std::int64_t limit = max_tokens > 0 ? std::min<std::int64_t>(max_tokens, stream.size()) : stream.size();
    const int batch = 8;
    std::vector<std::int64_t> starts;
    for (std::int64_t s = 0; s + seq_len + 1 <= limit; s += seq_len) starts.push_back(s);
    for (std::size_t i = 0; i < starts.size(); i += batch) {
        const auto n = std::min<std::size_t>(batch, starts.size() - i);
        auto window = torch::empty({std::int64_t(n), seq_len + 1}, torch::kInt64);
        for (std::size_t b = 0; b < n; ++b)
            std::memcpy(window[b].data_ptr<std::int64_t>(), stream.data() + starts[i + b], sizeof(std::int64_t) * (seq_len + 1));
        auto logits = m.forward(window.narrow(1, 0, seq_len));
        auto targets = window.narrow(1, 1, seq_len);
        nll += torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}), targets.reshape({-1}).to(logits.device()),
                                                    torch::nn::functional::CrossEntropyFuncOptions().reduction(torch::kSum))
                   .item<double>();
        auto acc = targets.accessor<std::int64_t, 2>();
        for (std::size_t b = 0; b < n; ++b)
            for (int t = 0; t < seq_len; ++t) {
                auto id = static_cast<text::TokenId>(acc[b][t]);
                if (!tok.is_added(id)) bytes += static_cast<std::int64_t>(tok.token_bytes(id).size());
            }
    }
    if (bytes == 0) throw Error("held-out split is too small to evaluate (need more than " + std::to_string(seq_len) + " tokens)");
    return nll / (std::log(2.0) * double(bytes));
}

struct TrainerState {
    std::int64_t step = 0;
    std::int64_t tokens_seen = 0;
    double wall_seconds = 0;
    double last_bpb = 0;
};

torch::Device training_device(const std::string& name) {
    if (name != "cpu" && name != "cuda" && name != "auto") throw Error("device \"" + name + "\" is not one of cpu, cuda, auto");
    if (name == "cpu" || (name == "auto" && !torch::cuda::is_available())) return torch::kCPU;
    if (!torch::cuda::is_available()) throw Error("device \"cuda\" requested, but this libtorch build has no usable CUDA device");
    return {torch::kCUDA, 0};
}

json options_to_json(const PretrainOptions& o) {
    return {{"corpus_dir", o.corpus_dir.string()}, {"seq_len", o.seq_len}, {"batch_size", o.batch_size},
            {"steps", o.steps}, {"learning_rate", o.learning_rate}, {"min_learning_rate", o.min_learning_rate},
            {"warmup_steps", o.warmup_steps}, {"weight_decay", o.weight_decay}, {"grad_clip", o.grad_clip},
            {"seed", o.seed}};
}

}  // namespace

PretrainResult pretrain(const PretrainOptions& in_options, const std::function<void(const PretrainProgress&)>& on_progress,
                        const std::atomic<bool>* stop) {
    auto o = in_options;
    if (o.precision != "auto" && o.precision != "fp32" && o.precision != "bf16")
        throw Error("precision \"" + o.precision + "\" is not one of auto, fp32, bf16");
    if (o.corpus_dir.empty()) o.corpus_dir = default_python_stdlib();
    if (o.corpus_dir.empty()) throw Error("no corpus given and no Python standard library found under /usr/lib/python3.*");
    if (o.out_dir.empty()) throw Error("no output folder given");
    if (o.seq_len < 8 || o.batch_size < 1 || o.steps < 1) throw Error("seq_len >= 8, batch_size >= 1 and steps >= 1 are required");
    if (o.seq_len > o.model.max_position_embeddings)
        throw Error("seq_len " + std::to_string(o.seq_len) + " exceeds max_position_embeddings " + std::to_string(o.model.max_position_embeddings));
    torch::set_num_threads(o.threads > 0 ? o.threads : default_cpu_threads());
    retain_freed_memory_in_heap();
    fs::create_directories(o.out_dir);
    auto say = [&](const std::string& msg) {
        PretrainProgress p;
        p.event = msg;
        if (on_progress) on_progress(p);
    };

    say("reading corpus " + o.corpus_dir.string());
    auto corpus = load_source_corpus(o.corpus_dir);
    say("corpus: " + std::to_string(corpus.train_files) + " training files (" + std::to_string(corpus.train_bytes) +
        " bytes), " + std::to_string(corpus.heldout_files) + " held-out files (" + std::to_string(corpus.heldout_bytes) + " bytes)");

    const auto tokenizer_path = o.out_dir / "tokenizer.json";
    if (!o.init_from.empty()) {
        // Continue from a model directory: its tokenizer and shape, whatever the options said.
        auto init = model::ModelDirectory::open(o.init_from);
        o.model = init.config;
        if (!fs::exists(tokenizer_path)) init.tokenizer.save(tokenizer_path);
    }
    text::BpeTokenizer tokenizer = [&] {
        if (fs::exists(tokenizer_path)) {
            say("reusing " + tokenizer_path.string());
            return text::BpeTokenizer::load(tokenizer_path);
        }
        say("training a " + std::to_string(o.model.vocab_size) + "-token BPE tokenizer");
        text::BpeTrainingOptions topt;
        topt.vocab_size = o.model.vocab_size;
        auto t = text::BpeTokenizer::train(corpus.train, topt);
        // Every document is read after an end-of-text (the training stream's separator), so the
        // tokenizer adds it as BOS — written in tokenizer.json, transformers adds it as well.
        t.set_post_processor(text::post_processor_json({{*t.end_of_text_id()}, {}, -1, {}}, t).dump());
        t.save(tokenizer_path);
        return t;
    }();
    o.model.vocab_size = tokenizer.vocab_size();
    o.model.eos_token_id = *tokenizer.end_of_text_id();
    o.model.bos_token_id = *tokenizer.end_of_text_id();  // documents are separated by end-of-text
    write_file_atomic(o.out_dir / "config.json", o.model.to_json_text());

    std::int64_t train_text_bytes = 0, heldout_text_bytes = 0;
    auto train_stream = tokenize_stream(tokenizer, corpus.train, &train_text_bytes);
    auto heldout_stream = tokenize_stream(tokenizer, corpus.heldout, &heldout_text_bytes);
    say("tokens: " + std::to_string(train_stream.size()) + " training, " + std::to_string(heldout_stream.size()) +
        " held-out (" + std::to_string(double(train_text_bytes) / double(train_stream.size())).substr(0, 4) + " bytes/token)");
    if (static_cast<std::int64_t>(train_stream.size()) <= o.seq_len + 1) throw Error("training corpus is shorter than one sequence");

    const torch::Device device = training_device(o.device);
    const bool bf16 = resolve_precision(o.precision, device.is_cuda()) == "bf16";
    check_training_fits(o.model, o.batch_size, o.seq_len, bf16, memory_for_training(device.is_cuda(), device.index(), 1),
                        "lower batch_size or seq_len, or choose a smaller model shape");
    torch::manual_seed(o.seed);
    model::Transformer m(o.model);  // initialised on the CPU whatever the device: the same seed gives the same weights
    const auto ckpt_found = find_checkpoint(o.out_dir / "checkpoint");
    if (!o.init_from.empty() && !ckpt_found) {
        m.copy_weights_from(model::Transformer::load(o.model, o.init_from / "model.safetensors"));
        say("initialised from " + o.init_from.string());
    }
    if (device.is_cuda()) m.move_to(device);
    if (bf16) m.set_mixed_precision(torch::kBFloat16);
    say("training on " + device.str() + (bf16 ? " (bf16 products, fp32 weights)" : " (fp32)"));
    m.set_requires_grad(true);
    TrainerState state;
    const auto& ckpt = ckpt_found;

    auto optimizer = make_adamw(m, o.learning_rate, o.weight_decay, {0.9, 0.95});
    if (ckpt) {
        auto s = read_checkpoint(*ckpt, m, optimizer);
        state.step = s.at("step").get<std::int64_t>();
        state.tokens_seen = s.at("tokens_seen").get<std::int64_t>();
        state.wall_seconds = s.at("wall_seconds").get<double>();
        state.last_bpb = s.value("heldout_bits_per_byte", 0.0);
        say("resumed from " + ckpt->string() + " at step " + std::to_string(state.step));
    }

    using clock = std::chrono::steady_clock;
    const auto session_start = clock::now();
    const double wall_before = state.wall_seconds;
    auto window_start = clock::now();
    std::int64_t window_tokens = 0;
    const std::int64_t tokens_per_step = std::int64_t(o.batch_size) * o.seq_len;
    const auto max_start = static_cast<std::int64_t>(train_stream.size()) - o.seq_len - 1;
    PretrainResult result;

    auto evaluate = [&] {
        m.set_requires_grad(false);
        state.last_bpb = heldout_bits_per_byte(m, tokenizer, heldout_stream, o.seq_len, o.eval_max_tokens);
        m.set_requires_grad(true);
    };
    auto progress = [&](const std::string& event, double loss, double lr, double tps) {
        PretrainProgress p;
        p.step = state.step;
        p.total_steps = o.steps;
        p.loss = loss;
        p.learning_rate = lr;
        p.tokens_per_second = tps;
        p.elapsed_seconds = state.wall_seconds;
        p.remaining_seconds = tps > 0 ? double(o.steps - state.step) * double(tokens_per_step) / tps : 0;
        p.tokens_seen = state.tokens_seen;
        if (event != "step") p.heldout_bits_per_byte = state.last_bpb;
        p.event = event;
        if (on_progress) on_progress(p);
    };

    auto checkpoint = [&] {
        write_checkpoint(o.out_dir / "checkpoint", m, optimizer,
                         json{{"step", state.step}, {"tokens_seen", state.tokens_seen}, {"wall_seconds", state.wall_seconds},
                              {"heldout_bits_per_byte", state.last_bpb}, {"options", options_to_json(o)}});
        // The model directory itself is kept current, so a partly trained model is usable at once.
        m.save(o.out_dir / "model.safetensors", {{"step", std::to_string(state.step)}});
    };
    double tps = 0;
    while (state.step < o.steps) {
        if (stop && stop->load()) {
            result.stopped_early = true;
            break;
        }
        // Batch positions depend only on (seed, step): resuming reproduces the same data order.
        std::mt19937_64 rng(o.seed * 0x9E3779B97F4A7C15ull + static_cast<std::uint64_t>(state.step));
        std::uniform_int_distribution<std::int64_t> pick(0, max_start);
        auto batch = torch::empty({o.batch_size, o.seq_len + 1}, torch::kInt64);
        for (int b = 0; b < o.batch_size; ++b)
            std::memcpy(batch[b].data_ptr<std::int64_t>(), train_stream.data() + pick(rng), sizeof(std::int64_t) * (o.seq_len + 1));
        const double lr = scheduled_learning_rate(o, state.step);
        for (auto& g : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);

        optimizer.zero_grad();
        batch = batch.to(device);
        // The mean token loss, its logits projected in chunks (train/token_loss.h).
        const double scale = 1.0 / double(tokens_per_step);
        const double loss_value = token_loss_sum(m, batch.narrow(1, 0, o.seq_len), batch.narrow(1, 1, o.seq_len), scale) * scale;
        torch::nn::utils::clip_grad_norm_(m.parameters(), o.grad_clip);
        optimizer.step();
        if (!std::isfinite(loss_value)) throw Error("training diverged: loss is " + std::to_string(loss_value) + " at step " + std::to_string(state.step));

        ++state.step;
        state.tokens_seen += tokens_per_step;
        window_tokens += tokens_per_step;
        state.wall_seconds = wall_before + std::chrono::duration<double>(clock::now() - session_start).count();
        const double window_seconds = std::chrono::duration<double>(clock::now() - window_start).count();
        if (window_seconds > 0) tps = double(window_tokens) / window_seconds;
        if (window_tokens >= 20 * tokens_per_step) {  // sliding speed estimate for the ETA
            window_tokens = 0;
            window_start = clock::now();
        }
        progress("step", loss_value, lr, tps);
        if (state.step % o.eval_every == 0 || state.step == o.steps) {
            evaluate();
            progress("eval", loss_value, lr, tps);
        }
        if (state.step % o.checkpoint_every == 0 || state.step == o.steps) {
            checkpoint();
            progress("checkpoint", loss_value, lr, tps);
        }
    }
    if (result.stopped_early) {
        checkpoint();
        progress("stopped", 0, 0, tps);
    }
    json summary = {{"steps_done", state.step}, {"tokens_seen", state.tokens_seen}, {"wall_seconds", state.wall_seconds},
                    {"heldout_bits_per_byte", state.last_bpb}, {"train_files", corpus.train_files},
                    {"heldout_files", corpus.heldout_files}, {"train_tokens", train_stream.size()},
                    {"heldout_tokens", heldout_stream.size()}, {"parameters", o.model.parameter_count()},
                    {"options", options_to_json(o)}};
    write_file_atomic(o.out_dir / "training.json", summary.dump(2) + "\n");
    result.steps_done = state.step;
    result.tokens_seen = state.tokens_seen;
    result.heldout_bits_per_byte = state.last_bpb;
    result.wall_seconds = state.wall_seconds;
    if (!result.stopped_early) progress("done", 0, 0, tps);
    return result;
}

}  // namespace ew::train

namespace ew::train {

int intra_op_threads() { return torch::get_num_threads(); }

double measure_training_tokens_per_second(const model::ModelConfig& config, int batch_size, int seq_len, int steps) {
    retain_freed_memory_in_heap();
    torch::manual_seed(0);
    model::Transformer m(config);
    m.set_requires_grad(true);
    torch::optim::AdamW optimizer(m.parameters(), torch::optim::AdamWOptions(1e-3));
    auto run_step = [&] {
        auto batch = torch::randint(config.vocab_size, {batch_size, seq_len + 1}, torch::kInt64);
        optimizer.zero_grad();
        auto logits = m.forward(batch.narrow(1, 0, seq_len));
        auto loss = torch::nn::functional::cross_entropy(logits.reshape({-1, logits.size(-1)}), batch.narrow(1, 1, seq_len).reshape({-1}));
        loss.backward();
        optimizer.step();
    };
    run_step();
    const auto start = std::chrono::steady_clock::now();
    for (int i = 0; i < steps; ++i) run_step();
    const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    return double(batch_size) * seq_len * steps / seconds;
}

}  // namespace ew::train

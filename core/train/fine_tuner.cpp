#include "train/fine_tuner.h"

#include "support/cpu_threads.h"
#include "support/heap_retention.h"

#include "model/derived_model_files.h"
#include "model/model_directory.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/resource_paths.h"
#include "train/checkpoint.h"
#include "train/data_parallel.h"
#include "train/lr_schedule.h"
#include "train/pretrainer.h"
#include "train/token_loss.h"
#include "train/training_examples.h"
#include "train/training_memory.h"

#include <chrono>
#include <thread>
#include <cmath>
#include <nlohmann/json.hpp>
#include <numeric>
#include <random>
#include <sstream>

namespace ew::train {

namespace fs = std::filesystem;
using json = nlohmann::json;

namespace {

// Inputs [B, T] and targets [B, T] (kIgnoreTarget outside completions), right-padded.
std::pair<torch::Tensor, torch::Tensor> make_batch(const std::vector<TrainingExample>& examples, const std::vector<std::size_t>& rows) {
    std::size_t T = 1;
    for (auto r : rows) T = std::max(T, examples[r].ids.size() - 1);
    auto input = torch::zeros({static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(T)}, torch::kInt64);
    auto target = torch::full({static_cast<std::int64_t>(rows.size()), static_cast<std::int64_t>(T)}, kIgnoreTarget, torch::kInt64);
    auto in = input.accessor<std::int64_t, 2>();
    auto tg = target.accessor<std::int64_t, 2>();
    for (std::size_t b = 0; b < rows.size(); ++b) {
        const auto& e = examples[rows[b]];
        for (std::size_t t = 0; t + 1 < e.ids.size(); ++t) {
            in[b][t] = e.ids[t];
            if (t + 1 >= e.first_target) tg[b][t] = e.ids[t + 1];
        }
    }
    return {input, target};
}

// Target tokens of `rows` (what the batch's loss is averaged over).
std::int64_t count_targets(const std::vector<TrainingExample>& examples, const std::vector<std::size_t>& rows) {
    std::int64_t n = 0;
    for (auto r : rows) {
        const auto& e = examples[r];
        if (e.ids.size() > e.first_target) n += static_cast<std::int64_t>(e.ids.size() - std::max<std::size_t>(1, e.first_target));
    }
    return n;
}

// `rows` in consecutive groups of at most `size`.
std::vector<std::vector<std::size_t>> split_rows(const std::vector<std::size_t>& rows, int size) {
    std::vector<std::vector<std::size_t>> groups;
    for (std::size_t i = 0; i < rows.size(); i += static_cast<std::size_t>(size))
        groups.emplace_back(rows.begin() + static_cast<std::ptrdiff_t>(i),
                            rows.begin() + static_cast<std::ptrdiff_t>(std::min(rows.size(), i + static_cast<std::size_t>(size))));
    return groups;
}

}  // namespace

FineTuneResult fine_tune(const FineTuneConfig& c, const std::function<void(const FineTuneProgress&)>& on_progress,
                         const std::atomic<bool>* stop, const DataParallelRank* dp) {
    const fs::path base = c.base_model.empty() ? default_model_dir() : c.base_model;
    auto files = model::ModelDirectory::open(base);
    const int world = dp ? dp->world : 1;
    const int rank = dp ? dp->rank : 0;
    const bool leader = rank == 0;  // only rank 0 evaluates, checkpoints and reports
    retain_freed_memory_in_heap();
    torch::Device device(torch::kCPU);
    if (c.device == "cuda" || (c.device == "auto" && torch::cuda::is_available())) {
        if (!torch::cuda::is_available()) throw Error("device \"cuda\" requested, but this libtorch build has no usable CUDA device");
        if (static_cast<std::size_t>(world) > torch::cuda::device_count())
            throw Error("data_parallel " + std::to_string(world) + " needs as many GPUs; this node has " + std::to_string(torch::cuda::device_count()));
        device = torch::Device(torch::kCUDA, static_cast<c10::DeviceIndex>(rank));
    }
    // CPU ranks share the cores instead of each taking all of them.
    const int threads = c.threads > 0 ? c.threads : default_cpu_threads();
    torch::set_num_threads(std::max(1, threads / world));
    std::unique_ptr<GradientExchange> exchange;
    if (world > 1) {
        if (c.batch_size < world)
            throw Error("batch_size " + std::to_string(c.batch_size) + " is smaller than data_parallel " + std::to_string(world) + ": every rank needs rows");
        exchange = std::make_unique<GradientExchange>(*dp, device.is_cuda());
    }
    if (c.seq_len > files.config.max_position_embeddings)
        throw Error("seq_len " + std::to_string(c.seq_len) + " exceeds the model's context of " + std::to_string(files.config.max_position_embeddings));
    const auto eot = files.tokenizer.end_of_text_id();
    const int eos = files.config.eos_token_id >= 0 ? files.config.eos_token_id : (eot ? *eot : -1);
    if (eos < 0) throw Error(base.string() + ": the model has no end-of-text / eos token to learn stopping with");
    auto examples = load_training_examples(c.dataset, files.tokenizer, files.sequence, eos, c.seq_len);

    // Seeded split: the same config always holds out the same examples.
    std::vector<std::size_t> order(examples.size());
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), std::mt19937_64(c.seed));
    const auto eval_n = static_cast<std::size_t>(std::llround(double(examples.size()) * c.eval_fraction));
    std::vector<std::size_t> eval_rows(order.begin(), order.begin() + static_cast<std::ptrdiff_t>(eval_n));
    std::vector<std::size_t> train_rows(order.begin() + static_cast<std::ptrdiff_t>(eval_n), order.end());
    if (train_rows.empty()) throw Error(c.dataset.string() + ": no training examples left after the held-out split");

    const std::int64_t per_step = std::int64_t(c.batch_size) * c.grad_accumulation;
    const std::int64_t steps_per_epoch = (static_cast<std::int64_t>(train_rows.size()) + per_step - 1) / per_step;
    const std::int64_t total = steps_per_epoch * c.epochs;
    const LrSchedule schedule{c.learning_rate, c.min_learning_rate, std::min(c.warmup_steps, total / 2), total};

    // The memory plan, before any weight is read: refuse in one line, or split each batch into
    // micro-batches that fit. A rank's forward pass holds its share of the batch's rows.
    const std::string precision = c.resolved_precision(device.is_cuda());
    std::size_t longest = 1;
    for (const auto& e : examples) longest = std::max(longest, e.ids.size() - 1);
    const int rank_rows = (c.batch_size + world - 1) / world;
    std::uint64_t memory = memory_for_training(device.is_cuda(), device.index(), world);
    if (c.memory_limit_gib > 0) {
        const auto limit = static_cast<std::uint64_t>(c.memory_limit_gib * double(1ull << 30) / double(world));
        memory = memory == 0 ? limit : std::min(memory, limit);
    }
    const auto plan = plan_micro_batch(files.config, rank_rows, static_cast<int>(std::min<std::size_t>(longest, c.seq_len)),
                                       precision == "bf16", memory, c.micro_batch);
    model::Transformer m = model::Transformer::load(files.config, files.weights_path(), torch::kFloat32, device);
    m.set_requires_grad(true);
    if (precision == "bf16") m.set_mixed_precision(torch::kBFloat16);
    auto optimizer = make_adamw(m, c.learning_rate, c.weight_decay);

    fs::create_directories(c.out_dir);
    std::int64_t step = 0;
    double wall_before = 0, last_eval = std::nan("");
    if (auto ckpt = find_checkpoint(c.out_dir / "checkpoint")) {
        auto state = read_checkpoint(*ckpt, m, optimizer);
        step = state.at("step").get<std::int64_t>();
        wall_before = state.value("wall_seconds", 0.0);
        if (state.contains("eval_loss") && state["eval_loss"].is_number()) last_eval = state["eval_loss"].get<double>();
    }

    if (exchange) exchange->barrier();  // every rank has read the checkpoint before rank 0 may write one

    FineTuneProgress p;
    p.total_steps = total;
    p.device = world > 1 ? device.str() + " ×" + std::to_string(world) + " (" + exchange->backend() + ")" : device.str();
    p.precision = precision;
    p.train_examples = train_rows.size();
    p.eval_examples = eval_rows.size();
    p.micro_batch = plan.micro_rows;
    p.memory_estimate = plan.estimate.total();
    p.memory_available = plan.available;
    auto emit = [&](const std::string& event) {
        p.event = event;
        p.step = step;
        if (on_progress && leader) on_progress(p);
    };
    emit("start");

    // Data order is a function of (seed, position): epoch e visits train_rows in permutation e.
    auto train_row = [&](std::int64_t position) {
        const auto epoch = static_cast<std::uint64_t>(position / static_cast<std::int64_t>(train_rows.size()));
        std::vector<std::size_t> perm = train_rows;
        std::shuffle(perm.begin(), perm.end(), std::mt19937_64(c.seed * 1000003ull + epoch + 1));
        return perm[static_cast<std::size_t>(position % static_cast<std::int64_t>(train_rows.size()))];
    };
    auto evaluate = [&]() -> double {
        if (eval_rows.empty()) return std::nan("");
        torch::NoGradGuard no_grad;
        double sum = 0;
        std::int64_t count = 0;
        for (const auto& rows : split_rows(eval_rows, plan.micro_rows)) {
            auto [input, target] = make_batch(examples, rows);
            sum += token_loss_sum(m, input.to(device), target, std::nullopt);
            count += count_targets(examples, rows);
        }
        return sum / double(std::max<std::int64_t>(1, count));
    };
    auto checkpoint = [&](double wall) {
        json state{{"step", step}, {"wall_seconds", wall}, {"config", json::parse(c.to_json_text())}};
        if (std::isfinite(last_eval)) state["eval_loss"] = last_eval;
        write_checkpoint(c.out_dir / "checkpoint", m, optimizer, state);
        // The output is a complete model directory at every checkpoint, loadable as its base is.
        model::write_derived_model_files(base, c.out_dir);
        m.save(c.out_dir / "model.safetensors", {{"step", std::to_string(step)}, {"base_model", base.string()}});
        p.checkpoint_path = (c.out_dir / "checkpoint").string();
    };

    using clock = std::chrono::steady_clock;
    const auto start = clock::now();
    auto window_start = start;
    std::int64_t window_tokens = 0;
    FineTuneResult result;
    const std::int64_t first_step = step;
    while (step < total) {
        bool stop_now = stop && stop->load();
        // A stop request reaching any rank stops them all at the same step.
        if (exchange) stop_now = exchange->sum_scalars({stop_now ? 1.0 : 0.0})[0] > 0;
        if (stop_now) {
            result.stopped_early = true;
            break;
        }
        const double lr = schedule.at(step);
        for (auto& g : optimizer.param_groups()) static_cast<torch::optim::AdamWOptions&>(g.options()).lr(lr);
        optimizer.zero_grad();
        double step_loss = 0;
        for (int micro = 0; micro < c.grad_accumulation; ++micro) {
            std::vector<std::size_t> rows;
            const std::int64_t first = (step * c.grad_accumulation + micro) * c.batch_size;
            for (int b = 0; b < c.batch_size; ++b) rows.push_back(train_row(first + b));
            // Every rank's loss is its token-loss sum over the whole batch's target count, so the
            // summed gradients are the batch's mean — however the rows are split into passes.
            const double scale = 1.0 / (double(std::max<std::int64_t>(1, count_targets(examples, rows))) * double(c.grad_accumulation));
            std::vector<std::size_t> mine;
            for (std::size_t i = static_cast<std::size_t>(rank); i < rows.size(); i += static_cast<std::size_t>(world)) mine.push_back(rows[i]);
            for (const auto& pass : split_rows(mine, plan.micro_rows)) {
                auto [input, target] = make_batch(examples, pass);
                window_tokens += input.numel() * world;
                step_loss += token_loss_sum(m, input.to(device), target, scale) * scale;
            }
        }
        if (exchange) {
            std::vector<torch::Tensor> grads;
            for (auto& param : m.parameters())
                if (param.grad().defined()) grads.push_back(param.mutable_grad());
            exchange->sum(grads);
            step_loss = exchange->sum_scalars({step_loss})[0];
        }
        if (!std::isfinite(step_loss)) throw Error("training diverged: loss is " + std::to_string(step_loss) + " at step " + std::to_string(step));
        torch::nn::utils::clip_grad_norm_(m.parameters(), c.grad_clip);
        optimizer.step();
        ++step;

        const auto now = clock::now();
        const double window_s = std::chrono::duration<double>(now - window_start).count();
        if (window_s > 0) p.tokens_per_second = double(window_tokens) / window_s;
        if (window_s > 20) {
            window_start = now;
            window_tokens = 0;
        }
        p.loss = step_loss;
        p.learning_rate = lr;
        p.elapsed_seconds = wall_before + std::chrono::duration<double>(now - start).count();
        const double seconds_per_step = std::chrono::duration<double>(now - start).count() / double(step - first_step);
        p.remaining_seconds = double(total - step) * seconds_per_step;
        p.eval_loss.reset();
        emit("step");
        if (leader && (step % c.eval_every == 0 || step == total)) {
            last_eval = evaluate();
            p.eval_loss = last_eval;
            emit("eval");
        }
        if (leader && (step % c.checkpoint_every == 0 || step == total)) {
            checkpoint(p.elapsed_seconds);
            emit("checkpoint");
        }
    }
    if (result.stopped_early) {
        if (leader) checkpoint(p.elapsed_seconds);
        emit("stopped");
    } else {
        emit("done");
    }
    result.steps_done = step;
    result.final_eval_loss = last_eval;
    return result;
}

}  // namespace ew::train

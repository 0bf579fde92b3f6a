#include "lm/transformer_language_model.h"
#include "support/cpu_threads.h"

#include <exception>
#include <thread>

#include "lm/token_healing.h"

#include "lm/auto_weights.h"
#include "lm/chat_template.h"
#include "model/few_row_product.h"
#include "model/memory_estimate.h"
#ifdef EW_HAVE_CUDA_KERNELS
#include "cuda/device_memory.h"
#include "cuda/fused_row_scores.h"
#endif
#include "model/model_directory.h"
#include "model/transformer.h"
#include "model/weight_files.h"

#include <nlohmann/json.hpp>
#include "support/error.h"
#include "support/file_io.h"

#include <algorithm>
#include <random>

namespace ew::lm {

struct TransformerLanguageModel::Impl {
    model::Transformer model;
    text::BpeTokenizer tokenizer;
    std::string name;
    text::SequenceTemplate sequence;  // the tokenizer's special tokens around a text (BOS), by transformers' rules
    std::optional<ChatTemplate> chat;  // the directory's chat template, if any
    int scoring_chunk_rows = model::kLogitRowsPerChunk;  // rows projected to the vocabulary at once; 0: all logits (reference)
    std::vector<TokenId> end_ids;  // generation stops on these: end-of-text / end-of-turn tokens, config's eos
    std::string auto_weights;  // "auto" weights on the CPU: what they resolved to and why (lm/auto_weights.h)

    void collect_end_ids(const model::ModelConfig& config) {
        end_ids = end_of_turn_ids(tokenizer);
        std::vector<int> eos = config.eos_token_ids;
        if (config.eos_token_id >= 0) eos.push_back(config.eos_token_id);
        for (int id : eos)
            if (id >= 0 && std::find(end_ids.begin(), end_ids.end(), id) == end_ids.end()) end_ids.push_back(id);
    }

    // The last `keep_last` ids, framed: the BOS the tokenizer adds (when `add_special_tokens`),
    // or the empty-context token when nothing would precede the first prediction.
    std::vector<TokenId> framed(std::span<const TokenId> ids, std::size_t keep_last, bool add_special_tokens) const {
        const auto tail = ids.subspan(ids.size() > keep_last ? ids.size() - keep_last : 0);
        if (add_special_tokens) return text::framed_context(sequence, tail);
        return text::framed_context(text::SequenceTemplate{{}, {}, sequence.empty_context, {}}, tail);
    }
    // How many tokens framing adds in front of a non-empty context.
    int framing(bool add_special_tokens) const { return add_special_tokens ? static_cast<int>(sequence.begin.size()) : 0; }
    int limit() const { return model.config().context_window(); }
};

namespace {

std::vector<Alternative> top_alternatives(const torch::Tensor& logprobs_row, int k) {
    std::vector<Alternative> out;
    if (k <= 0) return out;
    auto [values, indices] = logprobs_row.topk(std::min<int64_t>(k, logprobs_row.size(0)));
    auto v = values.accessor<float, 1>();
    auto ix = indices.accessor<int64_t, 1>();
    for (int64_t i = 0; i < values.size(0); ++i)
        if (std::isfinite(v[i])) out.push_back({static_cast<TokenId>(ix[i]), v[i]});  // masked (healing) tokens are no alternative
    return out;
}

#ifdef EW_HAVE_CUDA_KERNELS
// Target log-probabilities and top-k of logits [rows, V] on a CUDA device, by the fused kernel
// (cuda/fused_row_scores.h): no [rows, V] log-softmax is written, and V floats never cross the bus.
std::vector<ScoredToken> scores_on_device(const torch::Tensor& logits, std::span<const TokenId> targets, int top_k) {
    const auto rows = logits.size(0);
    const int vocab = static_cast<int>(logits.size(1));
    const int k = std::clamp(top_k, 0, std::min(cuda::kMaxTopK, vocab));
    const auto x = logits.to(torch::kFloat32).contiguous();
    const auto on = [&](torch::Dtype t) { return torch::TensorOptions().dtype(t).device(x.device()); };
    auto target_ids = torch::tensor(std::vector<std::int32_t>(targets.begin(), targets.end()), torch::kInt32).to(x.device());
    auto target_lp = torch::empty({rows}, on(torch::kFloat32)), lse = torch::empty({rows}, on(torch::kFloat32));
    auto top_ids = torch::empty({rows, std::max(k, 1)}, on(torch::kInt32)), top_lp = torch::empty({rows, std::max(k, 1)}, on(torch::kFloat32));
    // libtorch's work is queued on the legacy default stream unless a caller set another; so is this.
    if (const char* err = cuda::row_scores_cuda(x.data_ptr<float>(), static_cast<int>(rows), vocab, target_ids.data_ptr<std::int32_t>(), k,
                                                target_lp.data_ptr<float>(), lse.data_ptr<float>(), top_ids.data_ptr<std::int32_t>(),
                                                top_lp.data_ptr<float>()))
        throw Error(std::string("scoring on the GPU failed: ") + err);
    const auto tl_cpu = target_lp.cpu(), ti_cpu = top_ids.cpu(), tv_cpu = top_lp.cpu();
    const auto tl = tl_cpu.accessor<float, 1>();
    const auto ti = ti_cpu.accessor<std::int32_t, 2>();
    const auto tv = tv_cpu.accessor<float, 2>();
    std::vector<ScoredToken> out;
    for (int64_t j = 0; j < rows; ++j) {
        ScoredToken s{targets[static_cast<std::size_t>(j)], tl[j], {}};
        for (int i = 0; i < k; ++i)
            if (std::isfinite(tv[j][i])) s.top.push_back({ti[j][i], tv[j][i]});
        out.push_back(std::move(s));
    }
    return out;
}
#endif

// The ids as a [1, T] int64 tensor, copied in one go.
torch::Tensor ids_row(std::span<const TokenId> ids) {
    std::vector<std::int64_t> wide(ids.begin(), ids.end());
    return torch::from_blob(wide.data(), {1, static_cast<std::int64_t>(wide.size())}, torch::kInt64).clone();
}

void check_ids(std::span<const TokenId> ids, int vocab) {
    for (auto id : ids)
        if (id < 0 || id >= vocab) throw Error("token id " + std::to_string(id) + " is outside the model's vocabulary of " + std::to_string(vocab));
}

}  // namespace

TransformerLanguageModel::TransformerLanguageModel(std::shared_ptr<Impl> impl) : impl_(std::move(impl)) {}
TransformerLanguageModel::~TransformerLanguageModel() = default;

std::shared_ptr<TransformerLanguageModel> TransformerLanguageModel::load(const std::filesystem::path& dir, const LoadOptions& options) {
    // Always set: libtorch's own default undercounts cores on some VMs (support/cpu_threads.h). Set
    // here for the caller's thread (it runs the model) and in the loading thread below.
    const int threads = options.threads > 0 ? options.threads : default_cpu_threads();
    torch::set_num_threads(threads);
    // The load runs on a thread of its own that ends with it. libgomp gives every thread that enters
    // a parallel region a team of workers that lives as long as that thread, and once a process holds
    // more OpenMP threads than CPUs every team's workers sleep between regions instead of spinning —
    // then each of the ~200 parallel regions of a decode step waits for a futex wake-up. A load on the
    // main thread (`empower serve`) or on a pool thread (the GUI) left such a second team behind the
    // one of the thread that runs the model: 58 instead of 32 ms per int8 token (0.6B shape, 2 cores).
    std::shared_ptr<TransformerLanguageModel> loaded;
    std::exception_ptr failure;
    std::thread loader([&] {
        try {
            torch::set_num_threads(threads);
            loaded = load_on_this_thread(dir, options);
        } catch (...) {
            failure = std::current_exception();
        }
    });
    loader.join();
    if (failure) std::rethrow_exception(failure);
    return loaded;
}

std::shared_ptr<TransformerLanguageModel> TransformerLanguageModel::load_on_this_thread(const std::filesystem::path& dir,
                                                                                       const LoadOptions& options) {
    auto files = model::ModelDirectory::open(dir);
    torch::Device device(torch::kCPU);
    if (options.device == "cuda" || (options.device == "auto" && torch::cuda::is_available())) {
        if (!torch::cuda::is_available()) throw Error("CUDA was requested but this libtorch build has no usable CUDA device");
        device = torch::Device(torch::kCUDA, 0);
    }
    validate_weights_option(options.weights);
    // CPU: float32 compute over float32 or bfloat16-held matrices (held_linear). CUDA: bf16 weights
    // and matrix products with a float32 residual stream, norms and logits, as autocast runs a
    // bf16 model — the scores stay within ~1e-2 nats of float32 (tests/gpu/gpu_checks parity)
    // where an all-bf16 forward pass drifts to 5e-2. "fp32" on CUDA: float32 throughout.
    const auto dtype = torch::kFloat32;
    std::optional<torch::Dtype> matrix_dtype;
    std::string weights = options.weights;
    std::optional<AutoWeightsChoice> chosen;
    if (weights == "auto" && !device.is_cuda()) {
        chosen = resolve_auto_weights(dir, files.config, files.weights_path(), options.available_memory_bytes);
        weights = chosen->kind;
    }
    if (weights == "int8") {
        if (device.is_cuda()) throw Error("int8 weights are a CPU option: on a GPU use fp32 or bf16 weights");
        matrix_dtype = torch::kChar;
    } else if (device.is_cuda() ? weights != "fp32" : weights == "bf16") {
        matrix_dtype = torch::kBFloat16;
    }
    const int bytes_per_weight = !matrix_dtype ? 4 : *matrix_dtype == torch::kChar ? 1 : 2;
    // Refuse before reading weights if the model cannot fit: RAM on the CPU, the device's free
    // memory (from the CUDA runtime) on a GPU.
    const auto need = model::estimate_inference_memory(files.config, bytes_per_weight, options.context_tokens,
                                                       model::checkpoint_file_bytes(files.weights_path()));
    if (!device.is_cuda())
        model::check_memory_fits(need, bytes_per_weight, (dir / "config.json").string(), options.available_memory_bytes);
#ifdef EW_HAVE_CUDA_KERNELS
    else if (const auto gpu = cuda::device_memory(device.index()); gpu.error.empty())
        model::check_memory_fits(need, bytes_per_weight, (dir / "config.json").string() + " on " + device.str() + " (GPU memory)", gpu.free);
#endif
    auto impl = std::make_shared<Impl>(Impl{model::Transformer::load(files.config, files.weights_path(), dtype, device, matrix_dtype),
                                            std::move(files.tokenizer), std::filesystem::weakly_canonical(dir).filename().string(),
                                            std::move(files.sequence), read_chat_template(dir, files.tokenizer_config)});
    if (device.is_cuda() && matrix_dtype) impl->model.set_mixed_precision(*matrix_dtype);
    impl->collect_end_ids(files.config);
    if (chosen) impl->auto_weights = "auto: " + chosen->kind + ", " + chosen->reason;
    return std::shared_ptr<TransformerLanguageModel>(new TransformerLanguageModel(std::move(impl)));
}

std::shared_ptr<TransformerLanguageModel> TransformerLanguageModel::create_random(const model::ModelConfig& config,
                                                                               text::BpeTokenizer tokenizer, std::uint64_t seed,
                                                                               std::string name) {
    if (tokenizer.vocab_size() > config.vocab_size) throw Error("tokenizer vocabulary exceeds the model's");
    torch::manual_seed(seed);
    auto sequence = model::sequence_template_for(config, tokenizer, nlohmann::json(), name);
    auto impl = std::make_shared<Impl>(Impl{model::Transformer(config), std::move(tokenizer), std::move(name), std::move(sequence), std::nullopt});
    impl->collect_end_ids(config);
    return std::shared_ptr<TransformerLanguageModel>(new TransformerLanguageModel(std::move(impl)));
}

void TransformerLanguageModel::save(const std::filesystem::path& dir) const {
    std::filesystem::create_directories(dir);
    write_file_atomic(dir / "config.json", impl_->model.config().to_json_text());
    text::BpeTokenizer tokenizer = impl_->tokenizer;
    tokenizer.set_post_processor(text::post_processor_json(impl_->sequence, tokenizer).dump());
    tokenizer.save(dir / "tokenizer.json");
    impl_->model.save(dir / "model.safetensors");
}

const text::BpeTokenizer& TransformerLanguageModel::tokenizer() const { return impl_->tokenizer; }
const text::SequenceTemplate& TransformerLanguageModel::sequence_template() const { return impl_->sequence; }
const ChatTemplate* TransformerLanguageModel::chat_template() const { return impl_->chat ? &*impl_->chat : nullptr; }
void TransformerLanguageModel::set_scoring_chunk_rows(int rows) { impl_->scoring_chunk_rows = std::max(0, rows); }
std::string TransformerLanguageModel::name() const { return impl_->name; }
std::string TransformerLanguageModel::device() const { return impl_->model.device().str(); }

std::uint64_t TransformerLanguageModel::weight_bytes() const { return impl_->model.weight_bytes(); }

std::string TransformerLanguageModel::weight_format() const {
    const auto name = [](torch::Dtype t) -> std::string {
        return t == torch::kBFloat16 ? "bf16" : t == torch::kFloat16 ? "fp16" : t == torch::kFloat32 ? "fp32" : t == torch::kChar ? "int8" : "other";
    };
    const auto& m = impl_->model;
    std::string out = name(m.matrix_dtype()) + " weights, " +
                      (m.mixed_precision() ? name(*m.mixed_precision()) + " products, " + name(m.dtype()) + " residual"
                                           : name(m.dtype()) + " compute");
    if (m.device().is_cpu()) out += std::string(" (") + model::few_row_product_isa() + ")";
    if (!impl_->auto_weights.empty()) out += ", auto";
    return out;
}
std::string TransformerLanguageModel::weights_provenance() const {
    return impl_->auto_weights.empty() ? weight_format() : weight_format() + " (" + impl_->auto_weights + ")";
}

int TransformerLanguageModel::context_length() const { return impl_->limit(); }
const model::ModelConfig& TransformerLanguageModel::config() const { return impl_->model.config(); }

std::vector<std::vector<ScoredToken>> TransformerLanguageModel::score(std::span<const ScoreRequest> requests, int top_k) const {
    torch::InferenceMode guard;
    const auto& m = impl_->model;
    const int vocab = m.config().vocab_size;
    const auto B = static_cast<int64_t>(requests.size());
    std::vector<std::vector<TokenId>> seqs;
    std::vector<std::size_t> first_target;  // index in seq of the first continuation token
    int64_t T = 0;
    for (const auto& r : requests) {
        check_ids(r.context, vocab);
        check_ids(r.continuation, vocab);
        const int framing = std::max(1, impl_->framing(r.add_special_tokens));
        if (static_cast<int>(r.continuation.size()) + framing + 1 > impl_->limit())
            throw Error("continuation of " + std::to_string(r.continuation.size()) + " tokens does not fit the model's context of " +
                        std::to_string(impl_->limit()));
        const auto keep = static_cast<std::size_t>(impl_->limit() - framing - static_cast<int>(r.continuation.size()));
        auto seq = impl_->framed(r.context, keep, r.add_special_tokens);
        if (seq.empty() && !r.continuation.empty())
            throw Error("cannot score the first token without context: the model has no BOS, end-of-text or eos token");
        first_target.push_back(seq.size());
        seq.insert(seq.end(), r.continuation.begin(), r.continuation.end());
        T = std::max<int64_t>(T, static_cast<int64_t>(seq.size()) - 1);
        seqs.push_back(std::move(seq));
    }
    std::vector<std::vector<ScoredToken>> out(requests.size());
    if (T <= 0) return out;
    // Right padding: with causal attention, pad tokens after a sequence cannot change its logits.
    auto input = torch::zeros({B, T}, torch::kInt64);
    auto acc = input.accessor<int64_t, 2>();
    for (int64_t b = 0; b < B; ++b)
        for (std::size_t t = 0; t + 1 < seqs[b].size(); ++t) acc[b][t] = seqs[b][t];
    if (impl_->scoring_chunk_rows <= 0) {  // reference path: every position's logits at once
        auto logits = m.forward(input).to(torch::kCPU);  // [B, T, V]
        for (int64_t b = 0; b < B; ++b) {
            const auto n = static_cast<int64_t>(requests[b].continuation.size());
            if (n == 0) continue;
            auto logprobs = torch::log_softmax(logits[b].narrow(0, static_cast<int64_t>(first_target[b]) - 1, n), -1);
            for (int64_t j = 0; j < n; ++j) {
                const auto id = requests[b].continuation[j];
                out[b].push_back({id, logprobs[j][id].item<float>(), top_alternatives(logprobs[j], top_k)});
            }
        }
        return out;
    }
    // Fused path: only the continuation's hidden states are projected to the vocabulary, a
    // chunk of rows at a time, and each chunk is reduced at once to the target log-prob and the
    // top-k — peak memory is chunk × V instead of B × T × V (1 GiB for 2,048 tokens × 128k).
    auto hidden = m.hidden_states(input);  // [B, T, D]
    for (int64_t b = 0; b < B; ++b) {
        const auto n = static_cast<int64_t>(requests[b].continuation.size());
        for (int64_t start = 0; start < n; start += impl_->scoring_chunk_rows) {
            const int64_t rows = std::min<int64_t>(impl_->scoring_chunk_rows, n - start);
            auto h = hidden[b].narrow(0, static_cast<int64_t>(first_target[b]) - 1 + start, rows);
#ifdef EW_HAVE_CUDA_KERNELS
            if (h.is_cuda()) {  // reduced on the GPU: only rows × (2 + 2k) numbers come back
                const auto targets = std::span(requests[b].continuation).subspan(static_cast<std::size_t>(start), static_cast<std::size_t>(rows));
                auto scored = scores_on_device(m.logits_from_hidden(h), targets, top_k);
                out[b].insert(out[b].end(), std::make_move_iterator(scored.begin()), std::make_move_iterator(scored.end()));
                continue;
            }
#endif
            auto logprobs = torch::log_softmax(m.logits_from_hidden(h), -1).to(torch::kCPU);  // [rows, V]
            for (int64_t j = 0; j < rows; ++j) {
                const auto id = requests[b].continuation[static_cast<std::size_t>(start + j)];
                out[b].push_back({id, logprobs[j][id].item<float>(), top_alternatives(logprobs[j], top_k)});
            }
        }
    }
    return out;
}

// ---------------------------------------------------------------------------------------------

namespace {

class TransformerSession final : public GenerationSession {
public:
    explicit TransformerSession(std::shared_ptr<const TransformerLanguageModel::Impl> impl) : impl_(std::move(impl)) {}

    void reset() override {
        cache_.clear();
        cached_tokens_.clear();
        last_logits_ = torch::Tensor();
        prompt_logits_ = torch::Tensor();
        prompt_length_ = 0;
    }

    Generation generate(std::span<const TokenId> context, const GenerationOptions& options, const std::atomic<bool>* cancel) override {
        torch::InferenceMode guard;
        const auto& m = impl_->model;
        check_ids(context, m.config().vocab_size);
        const int limit = impl_->limit();
        int budget = std::max(1, limit - std::max(1, impl_->framing(options.add_special_tokens)) - std::max(1, options.max_new_tokens));
        if (options.max_context_tokens > 0) budget = std::min(budget, options.max_context_tokens);
        // Long documents: keep the last `budget` tokens, but move the window start in strides of a
        // quarter budget so that consecutive keystrokes keep sharing the cached prefix.
        std::size_t drop = 0;
        if (static_cast<int>(context.size()) > budget) {
            const std::size_t stride = std::max(1, budget / 4);
            drop = context.size() - static_cast<std::size_t>(budget);
            drop = (drop + stride - 1) / stride * stride;
        }
        auto seq = impl_->framed(context.subspan(std::min(drop, context.size())), context.size(), options.add_special_tokens);
        if (seq.empty()) throw Error("cannot generate from an empty context: the model has no BOS, end-of-text or eos token");

        Generation result;
        torch::Tensor logits;  // [V] for the next position
        if (options.use_kv_cache) {
            std::size_t common = 0;
            while (common < seq.size() && common < cached_tokens_.size() && seq[common] == cached_tokens_[common]) ++common;
            if (common == seq.size() && common == prompt_length_ && prompt_logits_.defined()) {
                // Same prompt as last time (η moved, caret jitter): drop the generated tail only.
                cache_.truncate(static_cast<int64_t>(common));
                cached_tokens_.resize(common);
                logits = prompt_logits_;
            } else if (common == seq.size() && common == cached_tokens_.size() && last_logits_.defined()) {
                logits = last_logits_;
            } else {
                if (common == seq.size()) --common;  // need the last position's logits again
                cache_.truncate(static_cast<int64_t>(common));
                cached_tokens_.resize(common);
                logits = prefill(std::span<const TokenId>(seq).subspan(common), cancel);
                if (!logits.defined()) {  // cancelled between chunks; what was computed stays cached
                    prompt_length_ = 0;       // no complete prompt is cached now
                    prompt_logits_ = torch::Tensor();
                    result.reused_prefix_tokens = static_cast<int64_t>(common);
                    result.stop_reason = StopReason::Cancelled;
                    return result;
                }
            }
            // Invariant: cached_tokens_[0, prompt_length_) is the latest prompt, prompt_logits_ its next-token logits.
            prompt_length_ = seq.size();
            prompt_logits_ = logits;
            result.reused_prefix_tokens = static_cast<int64_t>(common);
            result.computed_prefix_tokens = static_cast<int64_t>(seq.size() - common);
        } else {
            logits = full_forward_last(seq);
            result.computed_prefix_tokens = static_cast<int64_t>(seq.size());
        }

        std::vector<TokenId> stops = options.stop_token_ids;
        if (options.stop_at_end_of_text) stops.insert(stops.end(), impl_->end_ids.begin(), impl_->end_ids.end());
        std::mt19937_64 rng(options.seed);
        std::string text;
        double cumulative_nll = 0;
        std::string remaining = options.required_prefix;
        result.required_prefix_done = remaining.empty();
        // Tokens that only regenerate typed text (healing) do not count against max_new_tokens;
        // there are at most as many of them as typed bytes.
        const int step_limit = options.max_new_tokens + static_cast<int>(options.required_prefix.size());
        for (int step = 0; step < step_limit; ++step) {
            if (cancel && cancel->load(std::memory_order_relaxed)) {
                result.stop_reason = StopReason::Cancelled;
                return result;
            }
            auto logprobs = torch::log_softmax(logits.to(torch::kFloat32), -1);
            float recorded = 0;
            TokenId next;
            if (!remaining.empty()) {
                // Healing: only tokens consistent with the typed text; their probability given it.
                auto allowed = logprobs.masked_fill(healing_mask(remaining).logical_not(), -std::numeric_limits<float>::infinity());
                const float log_mass = torch::logsumexp(allowed, 0).item<float>();
                if (!std::isfinite(log_mass)) {  // no token can spell the typed text (cannot happen with byte tokens)
                    result.stop_reason = StopReason::EndOfText;
                    return result;
                }
                auto conditioned = allowed - log_mass;
                next = pick(conditioned, options, rng);
                const std::string& bytes = impl_->tokenizer.token_bytes(next);
                if (bytes.size() <= remaining.size()) {
                    remaining.erase(0, bytes.size());  // typed text only: no information, NLL 0
                    ++result.typed_tokens;
                } else {
                    remaining.clear();
                    recorded = conditioned[next].item<float>();
                }
                result.required_prefix_done = remaining.empty();
                result.tokens.push_back({next, recorded, top_alternatives(conditioned, options.top_k_alternatives)});
            } else {
                next = pick(logprobs, options, rng);
                if (std::find(stops.begin(), stops.end(), next) != stops.end()) {
                    result.stop_reason = StopReason::EndOfText;
                    return result;
                }
                result.tokens.push_back({next, logprobs[next].item<float>(), top_alternatives(logprobs, options.top_k_alternatives)});
            }
            text += impl_->tokenizer.token_bytes(next);
            if (trim_at_stop_string(text, options.stop_strings, result.tokens)) {
                result.stop_reason = StopReason::StopString;
                return result;
            }
            if (options.on_token) options.on_token(result.tokens.back());
            cumulative_nll -= result.tokens.back().logprob;
            if (cumulative_nll > options.stop_above_cumulative_nll) {
                result.stop_reason = StopReason::LikelihoodBudget;
                return result;
            }
            if (static_cast<int>(result.tokens.size()) - result.typed_tokens >= options.max_new_tokens) break;  // no forward for a token nobody reads
            if (static_cast<int>(seq.size()) + 1 > limit) {
                result.stop_reason = StopReason::ContextFull;
                return result;
            }
            seq.push_back(next);
            // A decode step is abandoned between layers: a stale request's token is never needed.
            logits = options.use_kv_cache ? feed(std::span<const TokenId>(&seq.back(), 1), cancel) : full_forward_last(seq);
            if (!logits.defined()) {  // cancelled inside the pass: the cache ends at the token before
                result.stop_reason = StopReason::Cancelled;
                return result;
            }
        }
        result.stop_reason = StopReason::MaxTokens;
        return result;
    }

private:
    // [V] bool: the tokens that may be generated while `remaining` typed bytes are not yet regenerated.
    torch::Tensor healing_mask(const std::string& remaining) const {
        const auto& tok = impl_->tokenizer;
        const int64_t vocab = impl_->model.config().vocab_size;
        auto mask = torch::zeros({vocab}, torch::kBool);
        auto m = mask.accessor<bool, 1>();
        for (int64_t id = 0; id < std::min<int64_t>(vocab, tok.vocab_size()); ++id)
            m[id] = !tok.is_added(static_cast<TokenId>(id)) && consistent_with_typed(tok.token_bytes(static_cast<TokenId>(id)), remaining);
        return mask;
    }

    // feed() in chunks, polling `cancel` between them: a long prompt (a file just opened, a caret
    // jump) can be abandoned within one chunk's time, and the chunks done stay in the cache for
    // the next call. Not between layers: the next request needs these tokens too, and a chunk
    // abandoned half-way would be lost — keystrokes closer together than a chunk's time (seconds
    // on a 0.6B model) would then never get the prompt through. Returns the last position's
    // logits, or an undefined tensor when cancelled.
    torch::Tensor prefill(std::span<const TokenId> ids, const std::atomic<bool>* cancel) {
        constexpr std::size_t kChunk = 256;  // large enough for GEMM efficiency, small enough to stop quickly
        torch::Tensor logits;
        for (std::size_t at = 0; at < ids.size(); at += kChunk) {
            if (cancel && cancel->load(std::memory_order_relaxed)) return {};
            logits = feed(ids.subspan(at, std::min(kChunk, ids.size() - at)), nullptr);
        }
        return logits;
    }

    // Runs `ids` through the model on top of the cache; returns the last position's logits, or an
    // undefined tensor when `cancel` stopped the pass (the cache is then as it was).
    torch::Tensor feed(std::span<const TokenId> ids, const std::atomic<bool>* cancel) {
        const auto input = ids_row(ids);
        // Only the last position is read: project it alone, not a [T, V] prefill block.
        auto hidden = impl_->model.hidden_states(input, &cache_, cancel);
        if (!hidden.defined()) return {};
        cached_tokens_.insert(cached_tokens_.end(), ids.begin(), ids.end());
        last_logits_ = impl_->model.logits_from_hidden(hidden[0][-1]).to(torch::kCPU);
        return last_logits_;
    }

    torch::Tensor full_forward_last(const std::vector<TokenId>& seq) const {
        const auto input = ids_row(seq);
        return impl_->model.logits_from_hidden(impl_->model.hidden_states(input)[0][-1]).to(torch::kCPU);
    }

    static TokenId pick(const torch::Tensor& logprobs, const GenerationOptions& o, std::mt19937_64& rng) {
        if (o.temperature <= 0.0f) return static_cast<TokenId>(logprobs.argmax().item<int64_t>());
        auto probs = torch::softmax(logprobs / o.temperature, -1);
        auto [sorted, order] = probs.sort(-1, /*descending=*/true);
        auto cumulative = sorted.cumsum(-1);
        auto cp = cumulative.accessor<float, 1>();
        auto sp = sorted.accessor<float, 1>();
        // Nucleus: the smallest prefix of the sorted distribution whose mass reaches top_p.
        int64_t keep = 1;
        while (keep < sorted.size(0) && cp[keep - 1] < o.top_p) ++keep;
        std::uniform_real_distribution<double> u(0.0, cp[keep - 1]);
        const double r = u(rng);
        double acc = 0;
        for (int64_t i = 0; i < keep; ++i) {
            acc += sp[i];
            if (r <= acc) return static_cast<TokenId>(order[i].item<int64_t>());
        }
        return static_cast<TokenId>(order[keep - 1].item<int64_t>());
    }

    // When the generated text contains a stop string, drop the tokens from the one that starts it.
    bool trim_at_stop_string(const std::string& text, const std::vector<std::string>& stops, std::vector<ScoredToken>& tokens) const {
        std::size_t at = std::string::npos;
        for (const auto& s : stops)
            if (!s.empty()) at = std::min(at, text.find(s));
        if (at == std::string::npos) return false;
        std::size_t length = text.size();
        while (!tokens.empty() && length > at) {
            length -= impl_->tokenizer.token_bytes(tokens.back().id).size();
            tokens.pop_back();
        }
        return true;
    }

    std::shared_ptr<const TransformerLanguageModel::Impl> impl_;
    model::KvCache cache_;
    std::vector<TokenId> cached_tokens_;
    torch::Tensor last_logits_;    // after the last cached token
    torch::Tensor prompt_logits_;  // after the latest prompt
    std::size_t prompt_length_ = 0;
};

}  // namespace

std::unique_ptr<GenerationSession> TransformerLanguageModel::new_session() const {
    return std::make_unique<TransformerSession>(impl_);
}

}  // namespace ew::lm

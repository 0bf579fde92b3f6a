// LanguageModel over model::Transformer: the default model and Llama-layout checkpoints.
// Header is torch-free (pimpl) so the GUI and CLI compile fast.
#pragma once
#include "lm/language_model.h"
#include "lm/load_options.h"
#include "model/model_config.h"

#include <filesystem>
#include <memory>

namespace ew::lm {


class TransformerLanguageModel final : public LanguageModel {
public:
    // Opens and validates a model directory; errors name the file at fault.
    static std::shared_ptr<TransformerLanguageModel> load(const std::filesystem::path& dir, const LoadOptions& options = {});
    // A randomly initialised model (tests, benchmarks): weights from `seed`.
    static std::shared_ptr<TransformerLanguageModel> create_random(const model::ModelConfig& config,
                                                                   text::BpeTokenizer tokenizer, std::uint64_t seed,
                                                                   std::string name = "random");
    ~TransformerLanguageModel() override;

    const text::BpeTokenizer& tokenizer() const override;
    const text::SequenceTemplate& sequence_template() const override;
    const ChatTemplate* chat_template() const override;
    std::string name() const override;
    std::string device() const override;
    // How the weights are held and computed, for logs and the status bar: "bf16 weights, fp32 compute (avx2)".
    std::string weight_format() const override;
    std::string weights_provenance() const override;  // "auto": lm/auto_weights.h
    std::uint64_t weight_bytes() const;  // all weights as held: what one decode step reads
    int context_length() const override;
    const model::ModelConfig& config() const;
    std::vector<std::vector<ScoredToken>> score(std::span<const ScoreRequest> requests, int top_k) const override;
    std::unique_ptr<GenerationSession> new_session() const override;

    // Writes config.json, model.safetensors and tokenizer.json (used by tests to make model dirs);
    // tokenizer.json's post_processor is the template the model uses, so transformers adds the same BOS.
    void save(const std::filesystem::path& dir) const;
    // Scoring projects `rows` positions to the vocabulary at a time (default 256); 0 computes
    // every position's logits at once — the unfused reference, kept for tests and the benchmark.
    // Not thread-safe against concurrent score() calls: set it before sharing the model.
    void set_scoring_chunk_rows(int rows);

    struct Impl;

private:
    explicit TransformerLanguageModel(std::shared_ptr<Impl> impl);
    // load()'s work, on the thread that calls it (load() gives it a thread of its own).
    static std::shared_ptr<TransformerLanguageModel> load_on_this_thread(const std::filesystem::path& dir, const LoadOptions& options);
    std::shared_ptr<Impl> impl_;
};

}  // namespace ew::lm

#include "support/tiny_model.h"

#include "empower/dataset_builder.h"
#include "text/sequence_template.h"

#include <algorithm>
#include <nlohmann/json.hpp>

namespace ew::testing {

const std::vector<std::string>& tiny_corpus() {
    static const std::vector<std::string> corpus = {
        "def __init__(self, name, value):\n    self.name = name\n    self.value = value\n",
        "for i in range(10):\n    print(i)\n",
        "if __name__ == \"__main__\":\n    main()\n",
        "import os\nimport sys\n\ndef main():\n    args = sys.argv[1:]\n    for arg in args:\n        print(os.path.basename(arg))\n",
        "class Point:\n    def __init__(self, x, y):\n        self.x = x\n        self.y = y\n\n    def norm(self):\n        return (self.x ** 2 + self.y ** 2) ** 0.5\n",
        "n = int(input())\nvalues = list(map(int, input().split()))\nprint(sum(values) // n)\n",
    };
    return corpus;
}

text::BpeTokenizer tiny_tokenizer() {
    text::BpeTrainingOptions options;
    options.vocab_size = 400;
    options.min_pair_count = 1;
    auto tok = text::BpeTokenizer::train(tiny_corpus(), options);
    // As the pretrainer writes its models: every text starts after an end-of-text (BOS).
    tok.set_post_processor(text::post_processor_json({{*tok.end_of_text_id()}, {}, -1, {}}, tok).dump());
    return tok;
}

model::ModelConfig tiny_config(int vocab_size) {
    model::ModelConfig c;
    c.vocab_size = vocab_size;
    c.hidden_size = 32;
    c.intermediate_size = 64;
    c.num_hidden_layers = 2;
    c.num_attention_heads = 4;
    c.num_key_value_heads = 2;  // exercise grouped-query attention
    c.max_position_embeddings = 128;
    return c;
}

std::shared_ptr<lm::TransformerLanguageModel> tiny_model(std::uint64_t seed) {
    auto tok = tiny_tokenizer();
    auto config = tiny_config(tok.vocab_size());
    config.eos_token_id = config.bos_token_id = *tok.end_of_text_id();
    return lm::TransformerLanguageModel::create_random(config, std::move(tok), seed, "tiny");
}

text::BpeTokenizer tiny_chat_tokenizer() {
    auto j = nlohmann::json::parse(tiny_tokenizer().to_json_text());
    int next = 0;
    for (const auto& a : j["added_tokens"]) next = std::max(next, a["id"].get<int>() + 1);
    for (const char* t : {"<|im_start|>", "<|im_end|>"})
        j["added_tokens"].push_back({{"id", next++}, {"content", t}, {"special", true}});
    return text::BpeTokenizer::from_json_text(j.dump(), "tiny-chat-tokenizer.json");
}

std::shared_ptr<lm::TransformerLanguageModel> tiny_chat_model(std::uint64_t seed) {
    auto tok = tiny_chat_tokenizer();
    auto config = tiny_config(tok.vocab_size());
    config.eos_token_id = config.bos_token_id = *tok.end_of_text_id();
    return lm::TransformerLanguageModel::create_random(config, std::move(tok), seed, "tiny-chat");
}

void write_tiny_model_dir(const std::filesystem::path& dir, std::uint64_t seed) { tiny_model(seed)->save(dir); }

void write_tiny_dataset(const std::filesystem::path& jsonl, const std::filesystem::path& model_dir, const std::string& method,
                        int copies, std::uint64_t seed) {
    auto model = lm::TransformerLanguageModel::load(model_dir);
    std::vector<empower::CorpusProgram> programs;
    for (int copy = 0; copy < copies; ++copy)
        for (const auto& d : tiny_corpus()) programs.push_back({"p", d, {}});
    auto spec = empower::DatasetSpec::parse_method(method);
    spec.seed = seed;
    empower::write_dataset_jsonl(jsonl, empower::build_dataset(programs, spec, *model), spec, "tiny");
}

train::FineTuneConfig tiny_fine_tune_config(const std::string& run_name, const std::filesystem::path& base_model,
                                            const std::filesystem::path& dataset, const std::filesystem::path& out_dir, int epochs) {
    train::FineTuneConfig c;
    c.run_name = run_name;
    c.base_model = base_model;
    c.dataset = dataset;
    c.out_dir = out_dir;
    c.batch_size = 4;
    c.epochs = epochs;
    c.seq_len = 96;
    c.eval_every = 5;
    c.checkpoint_every = 3;
    c.threads = 1;
    return c;
}

}  // namespace ew::testing

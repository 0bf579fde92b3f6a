// Which special tokens frame a text, by transformers' rules: the post_processors of the real
// Llama-3, Qwen3 and Gemma-3 tokenizer.json files (their JSON, as published), tokenizer_config's
// add_bos_token for the classes that honour it, the empty-context token, round trips through
// a saved model directory, and what the model actually conditions on when it scores.
#include "lm/transformer_language_model.h"
#include "model/model_directory.h"
#include "support/error.h"
#include "support/file_io.h"
#include "support/tiny_model.h"
#include "text/sequence_template.h"

#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>

using namespace ew;
using nlohmann::json;
namespace fs = std::filesystem;

namespace {
// The post_processor sections of the published tokenizer.json files.
const char* kLlama3 = R"({"type":"Sequence","processors":[{"type":"ByteLevel","add_prefix_space":true,"trim_offsets":false,"use_regex":true},
  {"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<|begin_of_text|>","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],
   "pair":[{"SpecialToken":{"id":"<|begin_of_text|>","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"<|begin_of_text|>","type_id":1}},{"Sequence":{"id":"B","type_id":1}}],
   "special_tokens":{"<|begin_of_text|>":{"id":"<|begin_of_text|>","ids":[128000],"tokens":["<|begin_of_text|>"]}}}]})";
const char* kQwen3 = R"({"type":"ByteLevel","add_prefix_space":false,"trim_offsets":false,"use_regex":false})";
const char* kGemma3 = R"({"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<bos>","type_id":0}},{"Sequence":{"id":"A","type_id":0}}],
   "pair":[{"SpecialToken":{"id":"<bos>","type_id":0}},{"Sequence":{"id":"A","type_id":0}},{"SpecialToken":{"id":"<bos>","type_id":1}},{"Sequence":{"id":"B","type_id":1}}],
   "special_tokens":{"<bos>":{"id":"<bos>","ids":[2],"tokens":["<bos>"]}}})";

text::BpeTokenizer tokenizer_with(std::vector<std::string> specials) {
    text::BpeTrainingOptions o;
    o.vocab_size = 320;
    o.special_tokens = std::move(specials);
    return text::BpeTokenizer::train(testing::tiny_corpus(), o);
}
}  // namespace

class TestSequenceTemplate : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;

private slots:
    void publishedPostProcessors() {
        const auto llama = text::sequence_template_from_post_processor(json::parse(kLlama3), "llama");
        QCOMPARE(llama.begin, std::vector<text::TokenId>{128000});
        QVERIFY(llama.end.empty());
        const auto qwen = text::sequence_template_from_post_processor(json::parse(kQwen3), "qwen");
        QVERIFY(qwen.begin.empty() && qwen.end.empty());  // Qwen adds no BOS, whatever config.json's bos_token_id says
        const auto gemma = text::sequence_template_from_post_processor(json::parse(kGemma3), "gemma");
        QCOMPARE(gemma.begin, std::vector<text::TokenId>{2});
        QVERIFY(text::sequence_template_from_post_processor(nullptr, "none").begin.empty());
        const auto bert = text::sequence_template_from_post_processor(json::parse(R"({"type":"BertProcessing","sep":["[SEP]",102],"cls":["[CLS]",101]})"), "bert");
        QCOMPARE(bert.begin, std::vector<text::TokenId>{101});
        QCOMPARE(bert.end, std::vector<text::TokenId>{102});
    }

    void unreadableProcessorsAreErrorsNotSilence() {
        for (const char* bad : {R"({"type":"Mystery"})",
                                R"({"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<s>"}},{"Sequence":{"id":"A"}}]})",
                                R"({"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<s>"}}],"special_tokens":{"<s>":{"ids":[1]}}})",
                                R"({"type":"TemplateProcessing","single":[{"SpecialToken":{"id":"<s>"}},{"Sequence":{"id":"A"}}],"special_tokens":{"<s>":{"ids":[4294967296]}}})"})
            QVERIFY_THROWS_EXCEPTION(Error, text::sequence_template_from_post_processor(json::parse(bad), "bad.json"));
        // A template that is only $A adds nothing, and is fine.
        QVERIFY(text::sequence_template_from_post_processor(json::parse(R"({"type":"TemplateProcessing","single":[{"Sequence":{"id":"A"}}]})"), "ok").begin.empty());
    }

    void tokenizerConfigRuleOfLlamaAndGemmaClasses() {
        const auto tok = tokenizer_with({"<|endoftext|>", "<bos>", "<eos>"});
        const text::TokenId bos = *tok.find_added("<bos>"), eos = *tok.find_added("<eos>");
        const auto from_json = text::sequence_template_from_post_processor(nullptr, "t");
        // GemmaTokenizer: add_bos_token true (also when not written), add_eos_token as given.
        auto t = text::apply_tokenizer_config(json{{"tokenizer_class", "GemmaTokenizer"}, {"bos_token", "<bos>"}, {"eos_token", "<eos>"}}, from_json, tok, "c");
        QCOMPARE(t.begin, std::vector<text::TokenId>{bos});
        QVERIFY(t.end.empty());
        t = text::apply_tokenizer_config(json{{"tokenizer_class", "LlamaTokenizerFast"}, {"add_bos_token", false}, {"add_eos_token", true},
                                              {"bos_token", {{"content", "<bos>"}}}, {"eos_token", {{"content", "<eos>"}}}}, from_json, tok, "c");
        QVERIFY(t.begin.empty());
        QCOMPARE(t.end, std::vector<text::TokenId>{eos});
        // Qwen2Tokenizer and PreTrainedTokenizerFast keep tokenizer.json's post_processor, add_bos_token or not.
        auto gemma_json = text::sequence_template_from_post_processor(json::parse(kGemma3), "g");
        QCOMPARE(text::apply_tokenizer_config(json{{"tokenizer_class", "Qwen2Tokenizer"}, {"add_bos_token", false}}, gemma_json, tok, "c"), gemma_json);
        QCOMPARE(text::apply_tokenizer_config(json{{"tokenizer_class", "PreTrainedTokenizerFast"}, {"add_bos_token", true}}, from_json, tok, "c"), from_json);
        QVERIFY_THROWS_EXCEPTION(Error, text::apply_tokenizer_config(json{{"tokenizer_class", "GemmaTokenizerFast"}, {"bos_token", "<nope>"}}, from_json, tok, "c"));
        QVERIFY_THROWS_EXCEPTION(Error, text::apply_tokenizer_config(json{{"tokenizer_class", "LlamaTokenizer"}, {"add_bos_token", "yes"}, {"bos_token", "<bos>"}}, from_json, tok, "c"));
    }

    void framing() {
        const text::SequenceTemplate llama{{7}, {}, 3, "x"}, qwen{{}, {}, 5, "x"};
        const std::vector<text::TokenId> ctx{10, 11};
        QCOMPARE(text::framed_context(llama, ctx), (std::vector<text::TokenId>{7, 10, 11}));
        QCOMPARE(text::framed_context(llama, {}), std::vector<text::TokenId>{7});
        QCOMPARE(text::framed_context(qwen, ctx), ctx);  // nothing added before real text
        QCOMPARE(text::framed_context(qwen, {}), std::vector<text::TokenId>{5});  // only an empty context gets the separator
    }

    // A saved directory carries its template in tokenizer.json; tokenizer_config.json overrides it
    // the way transformers would; a broken tokenizer_config.json is named.
    void modelDirectoriesCarryTheirTemplate() {
        const fs::path dir = fs::path(tmp_.path().toStdString()) / "m";
        testing::write_tiny_model_dir(dir);
        auto files = model::ModelDirectory::open(dir);
        const auto eot = *files.tokenizer.end_of_text_id();
        QCOMPARE(files.sequence.begin, std::vector<text::TokenId>{eot});
        QVERIFY(json::parse(read_file(dir / "tokenizer.json")).at("post_processor").at("type") == "TemplateProcessing");

        write_file_atomic(dir / "tokenizer_config.json", R"({"tokenizer_class": "LlamaTokenizerFast", "add_bos_token": false, "bos_token": "<|endoftext|>"})");
        files = model::ModelDirectory::open(dir);
        QVERIFY(files.sequence.begin.empty());
        QCOMPARE(files.sequence.empty_context, eot);
        QVERIFY(QString::fromStdString(text::describe(files.sequence, files.tokenizer)).contains("tokenizer_config.json"));

        write_file_atomic(dir / "tokenizer_config.json", "{\"tokenizer_class\": ");
        try {
            model::ModelDirectory::open(dir);
            QFAIL("a broken tokenizer_config.json was accepted");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("tokenizer_config.json"), e.what());
        }
    }

    // What the model conditions on is exactly the framed sequence: scoring after a context equals
    // scoring the framed ids verbatim (add_special_tokens=false), with a BOS and without one.
    void scoringConditionsOnTheFramedSequence() {
        auto with_bos = testing::tiny_model(3);
        const auto eot = *with_bos->tokenizer().end_of_text_id();
        QCOMPARE(with_bos->sequence_template().begin, std::vector<text::TokenId>{eot});
        const auto ctx = with_bos->tokenizer().encode("for i in range(10):\n");
        const auto cont = with_bos->tokenizer().encode("    print(i)");
        auto score = [](const lm::TransformerLanguageModel& m, std::vector<text::TokenId> c, bool specials) {
            lm::ScoreRequest r{std::move(c), {}, specials};
            r.continuation = m.tokenizer().encode("    print(i)");
            std::vector<float> lp;
            const auto scored = m.score(std::span(&r, 1), 0);
            for (const auto& t : scored.front()) lp.push_back(t.logprob);
            return lp;
        };
        std::vector<text::TokenId> framed{eot};
        framed.insert(framed.end(), ctx.begin(), ctx.end());
        QCOMPARE(score(*with_bos, ctx, true), score(*with_bos, framed, false));
        QVERIFY(score(*with_bos, ctx, true) != score(*with_bos, ctx, false));  // the BOS matters

        // The same weights read as a Qwen-style checkpoint: no BOS before text; the separator only before nothing.
        const fs::path dir = fs::path(tmp_.path().toStdString()) / "nobos";
        with_bos->save(dir);
        auto tj = json::parse(read_file(dir / "tokenizer.json"));
        tj["post_processor"] = json::parse(kQwen3);
        write_file_atomic(dir / "tokenizer.json", tj.dump());
        auto no_bos = lm::TransformerLanguageModel::load(dir);
        QVERIFY(no_bos->sequence_template().begin.empty());
        QCOMPARE(score(*no_bos, ctx, true), score(*with_bos, ctx, false));
        QCOMPARE(score(*no_bos, {}, true), score(*with_bos, {eot}, false));
        QVERIFY(!cont.empty());
    }
};

QTEST_GUILESS_MAIN(TestSequenceTemplate)
#include "test_sequence_template.moc"

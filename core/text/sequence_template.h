// What a Hugging Face tokenizer puts around one encoded text (`tokenizer(text)`, i.e.
// add_special_tokens=True), read from the checkpoint the way `transformers` reads it: the
// tokenizer.json post_processor (TemplateProcessing, alone or in a Sequence; Bert/Roberta), except
// for the tokenizer classes that rebuild it from tokenizer_config.json's add_bos_token /
// add_eos_token (Llama, CodeLlama and Gemma tokenizers). Qwen adds nothing, Llama-3 and Gemma
// one BOS. This is the one rule for scoring, generation, datasets, training and the LLM human.
//
// A model whose tokenizer adds nothing still needs something to condition the first token on
// when the context is empty (the caret at the start of an empty file): then, and only then, the
// document separator is used — config.json's bos_token_id, else the tokenizer's end-of-text —
// as pretraining corpora separate documents with it (lm-evaluation-harness scores from an empty
// context the same way).
#pragma once
#include "text/bpe_tokenizer.h"

#include <nlohmann/json_fwd.hpp>
#include <span>
#include <string>
#include <vector>

namespace ew::text {

struct SequenceTemplate {
    std::vector<TokenId> begin;  // before the text (BOS)
    std::vector<TokenId> end;    // after the text (EOS, for add_eos_token tokenizers)
    TokenId empty_context = -1;  // conditions the first token when `begin` and the context are both empty; -1: none
    std::string origin;          // where the rule came from, for the model information and run records

    bool operator==(const SequenceTemplate&) const = default;
};

// From tokenizer.json's "post_processor" (null: nothing). `special_id` resolves a special token's
// content for Bert/Roberta processors. Throws ew::Error naming `origin` for a processor it cannot
// read, rather than silently scoring without the tokens the checkpoint adds.
SequenceTemplate sequence_template_from_post_processor(const nlohmann::json& post_processor, const std::string& origin);

// transformers' rule for tokenizer_config.json: the Llama/CodeLlama/Gemma tokenizer classes build
// the template from add_bos_token (default true) and add_eos_token (default false) with their
// bos_token / eos_token; every other class keeps tokenizer.json's. Returns `from_tokenizer_json`
// unchanged when the config does not apply.
SequenceTemplate apply_tokenizer_config(const nlohmann::json& tokenizer_config, SequenceTemplate from_tokenizer_json,
                                        const BpeTokenizer& tokenizer, const std::string& origin);

// The TemplateProcessing post_processor that writes `t` back (null when it adds nothing).
nlohmann::json post_processor_json(const SequenceTemplate& t, const BpeTokenizer& tokenizer);

// The ids a model sees before predicting what follows `context`: begin + context, or the
// empty-context token alone when both are empty.
std::vector<TokenId> framed_context(const SequenceTemplate& t, std::span<const TokenId> context);

// Human-readable: "BOS <|begin_of_text|> (tokenizer.json post_processor)", "none (…)".
std::string describe(const SequenceTemplate& t, const BpeTokenizer& tokenizer);

}  // namespace ew::text

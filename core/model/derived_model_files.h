// A fine-tune's output is a Hugging Face checkpoint like its base: transformers loads it as it
// loads the base. So the files the training does not change are the base's own, byte for byte —
// tokenizer.json (its post_processor decides the BOS), tokenizer_config.json (chat template,
// add_bos_token), generation_config.json, special_tokens_map.json, chat_template.jinja and a
// SentencePiece tokenizer.model — and config.json is the base's with only what changed rewritten
// (torch_dtype: the saved weights' type), so fields this workbench does not read survive, as does
// a list-valued eos_token_id.
#pragma once
#include <filesystem>
#include <string>

namespace ew::model {

// Writes those files into `out_dir` (atomically each); `saved_dtype` is the weights' torch_dtype.
void write_derived_model_files(const std::filesystem::path& base_dir, const std::filesystem::path& out_dir,
                               const std::string& saved_dtype = "float32");

}  // namespace ew::model

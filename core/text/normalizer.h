// tokenizer.json's "normalizer": what Hugging Face does to text before splitting it. Supported are
// the steps the workbench's model families use: NFC (Qwen2/3) and literal Replace (Gemma 3 turns
// every space into "▁"), alone or in a Sequence. A prefix-adding step (Prepend, as in Llama 2 and
// CodeLlama) is refused: it makes a token's text differ from the document's bytes at every
// segment start, and the editor maps tokens to document positions by their bytes.
#pragma once
#include <string>
#include <string_view>
#include <vector>

namespace ew::text {

class Normalizer {
public:
    struct Step {
        enum class Kind { Nfc, Replace } kind;
        std::string from, to;  // Replace only
    };

    Normalizer() = default;  // none
    // `json_text`: the "normalizer" value ("null" for none). Throws ew::Error("<origin>: ...").
    static Normalizer from_json_text(const std::string& json_text, const std::string& origin);

    std::string apply(std::string_view text) const;
    bool empty() const { return steps_.empty(); }
    // "" (none), "NFC", "Replace(\" \" → \"▁\")", or a "+"-joined sequence: for display and tests.
    std::string name() const;
    const std::string& json_text() const { return json_text_; }  // as read, for a saved copy
    const std::vector<Step>& steps() const { return steps_; }

private:
    std::vector<Step> steps_;
    std::string json_text_ = "null";
};

}  // namespace ew::text

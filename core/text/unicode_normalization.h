// Unicode NFC normalization (ICU), the normalizer of Qwen2/Qwen3 tokenizers: "é" typed as e +
// combining acute becomes the single code point before tokenization, as Hugging Face does.
#pragma once
#include <string>
#include <string_view>

namespace ew::text {

// NFC of UTF-8 text. ASCII (and already-normalized text) comes back unchanged without copying
// through ICU. Invalid UTF-8 is returned unchanged: Hugging Face cannot receive it at all, and
// changing it would break the exact byte round trip the editor relies on.
std::string nfc_normalize(std::string_view utf8);

}  // namespace ew::text

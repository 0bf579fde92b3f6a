// GPT-2's byte-level alphabet: each of the 256 bytes maps to one printable Unicode character, so a
// byte-level BPE vocabulary can be stored as JSON strings in Hugging Face tokenizer.json files.
#pragma once
#include <array>
#include <optional>
#include <string>
#include <string_view>

namespace ew::text {

// UTF-8 spelling of the printable character that stands for `byte`.
const std::string& byte_to_symbol(unsigned char byte);

// Inverse of byte_to_symbol over a whole vocabulary entry; nullopt when a character is not in the
// alphabet (the vocabulary is not byte-level).
std::optional<std::string> symbols_to_bytes(std::string_view symbols);

std::string bytes_to_symbols(std::string_view bytes);

}  // namespace ew::text

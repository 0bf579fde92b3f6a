// Replacing every occurrence of a literal string, left to right, without rescanning what was
// inserted: the Replace step of tokenizer.json normalizers and decoders.
#pragma once
#include <string>
#include <string_view>

namespace ew::text {

std::string replace_all(std::string_view text, const std::string& from, const std::string& to);

}  // namespace ew::text

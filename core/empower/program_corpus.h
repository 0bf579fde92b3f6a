// An offline corpus of programs for dataset building: a folder of .py files, or JSONL with one
// program per line ({"text": ..., "problem": optional}). Malformed JSONL names its line number.
#pragma once
#include <filesystem>
#include <string>
#include <vector>

namespace ew::empower {

struct CorpusProgram {
    std::string source;   // "path" or "file.jsonl:LINE"
    std::string text;
    std::string problem;  // may be empty
};

std::vector<CorpusProgram> load_program_corpus(const std::filesystem::path& folder_or_jsonl);

}  // namespace ew::empower

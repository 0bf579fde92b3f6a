#include "empower/program_corpus.h"

#include "support/error.h"
#include "support/file_io.h"
#include "support/jsonl_reader.h"

#include <algorithm>
#include <nlohmann/json.hpp>
#include <sstream>

namespace ew::empower {

std::vector<CorpusProgram> load_program_corpus(const std::filesystem::path& path) {
    namespace fs = std::filesystem;
    std::error_code ec;
    std::vector<CorpusProgram> programs;
    if (fs::is_directory(path, ec)) {
        std::vector<fs::path> files;
        for (auto it = fs::recursive_directory_iterator(path, fs::directory_options::skip_permission_denied, ec);
             it != fs::recursive_directory_iterator(); it.increment(ec)) {
            if (ec) break;
            if (it->is_regular_file() && it->path().extension() == ".py") files.push_back(it->path());
        }
        std::sort(files.begin(), files.end());
        for (const auto& f : files) {
            auto text = read_file(f);
            if (!text.empty()) programs.push_back({fs::relative(f, path).generic_string(), std::move(text), {}});
        }
        if (programs.empty()) fail_file(path, "no non-empty .py files in this folder");
        return programs;
    }
    const auto name = path.filename().string();
    for_each_jsonl_line(path, [&](const nlohmann::json& j, int number) {
        if (!j.is_object() || !j.contains("text") || !j["text"].is_string())
            fail_file(path, "line " + std::to_string(number) + " has no string field \"text\"");
        CorpusProgram p{name + ":" + std::to_string(number), j["text"].get<std::string>(), {}};
        if (j.contains("problem") && j["problem"].is_string()) p.problem = j["problem"].get<std::string>();
        if (!p.text.empty()) programs.push_back(std::move(p));
    });
    if (programs.empty()) fail_file(path, "no programs (empty JSONL)");
    return programs;
}

}  // namespace ew::empower

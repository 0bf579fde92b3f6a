#include "train/training_examples.h"

#include "support/error.h"
#include "support/jsonl_reader.h"

namespace ew::train {

std::vector<TrainingExample> load_training_examples(const std::filesystem::path& path, const text::BpeTokenizer& tok,
                                                    int bos, int eos, int seq_len) {
    std::vector<TrainingExample> out;
    const std::size_t max_completion = static_cast<std::size_t>(seq_len / 2);
    for_each_jsonl_line(path, [&](const nlohmann::json& j, int number) {
        if (!j.is_object() || !j.contains("prefix") || !j["prefix"].is_string() || !j.contains("completion") ||
            !j["completion"].is_string())
            fail_file(path, "line " + std::to_string(number) + " needs string fields \"prefix\" and \"completion\"");
        auto prefix = tok.encode(j["prefix"].get<std::string>());
        auto completion = tok.encode(j["completion"].get<std::string>());
        if (completion.size() > max_completion) completion.resize(max_completion);
        // Keep the end of the prefix: it is what the completion continues.
        const std::size_t room = static_cast<std::size_t>(seq_len + 1) - completion.size() - 2;
        const std::size_t skip = prefix.size() > room ? prefix.size() - room : 0;
        TrainingExample e;
        e.ids.push_back(bos);
        e.ids.insert(e.ids.end(), prefix.begin() + static_cast<std::ptrdiff_t>(skip), prefix.end());
        e.first_target = e.ids.size();
        e.ids.insert(e.ids.end(), completion.begin(), completion.end());
        e.ids.push_back(eos);  // the stop token: the assistant learns where to stop
        out.push_back(std::move(e));
    });
    if (out.empty()) fail_file(path, "no examples");
    return out;
}

}  // namespace ew::train

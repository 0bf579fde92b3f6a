#include "train/training_examples.h"

#include "support/error.h"
#include "support/jsonl_reader.h"

namespace ew::train {

std::vector<TrainingExample> load_training_examples(const std::filesystem::path& path, const text::BpeTokenizer& tok,
                                                    const text::SequenceTemplate& sequence, int eos, int seq_len) {
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
        const std::size_t framing = std::max<std::size_t>(1, sequence.begin.size());
        const std::size_t room = static_cast<std::size_t>(seq_len + 1) - completion.size() - 1 - framing;
        const std::size_t skip = prefix.size() > room ? prefix.size() - room : 0;
        TrainingExample e;
        const auto framed = text::framed_context(sequence, std::span<const text::TokenId>(prefix).subspan(skip));
        if (framed.empty()) fail_file(path, "line " + std::to_string(number) + ": an empty prefix needs a token to start from, and the model has none");
        e.ids.assign(framed.begin(), framed.end());
        e.first_target = e.ids.size();
        e.ids.insert(e.ids.end(), completion.begin(), completion.end());
        e.ids.push_back(eos);  // the stop token: the assistant learns where to stop
        out.push_back(std::move(e));
    });
    if (out.empty()) fail_file(path, "no examples");
    return out;
}

}  // namespace ew::train

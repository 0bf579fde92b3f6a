// model.safetensors.index.json: the weight map from tensor names to shard files. Two real shards
// sit beside the index, so inputs can name existing files, missing ones and wrong tensors.
#include "fuzz_support.h"
#include "model/weight_files.h"

#include <cstring>

namespace {

void write_shards() {
    const float a[4] = {1, 2, 3, 4};
    const std::uint16_t b[3] = {1, 2, 3};
    const ew::model::TensorView first[] = {{"model.embed_tokens.weight", ew::model::DType::F32, {2, 2}, a, sizeof a},
                                           {"model.norm.weight", ew::model::DType::F32, {4}, a, sizeof a}};
    const ew::model::TensorView second[] = {{"lm_head.weight", ew::model::DType::BF16, {3}, b, sizeof b}};
    ew::model::write_safetensors(ew::fuzz::scratch_dir() / "model-00001-of-00002.safetensors", first);
    ew::model::write_safetensors(ew::fuzz::scratch_dir() / "model-00002-of-00002.safetensors", second);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    static const bool shards = (write_shards(), true);
    (void)shards;
    const auto path = ew::fuzz::write_scratch("model.safetensors.index.json", ew::fuzz::as_text(data, size));
    ew::fuzz::expect_clean([&] {
        const auto weights = ew::model::WeightFiles::open(path);
        std::uint64_t total = 0;
        for (const auto& name : weights.names()) {
            const auto bytes = weights.bytes(name);
            ew::fuzz::require(bytes.size() == weights.at(name).end - weights.at(name).begin, "bytes() spans the tensor");
            total += bytes.size();
            (void)weights.file_of(name);
        }
        ew::fuzz::require(total == weights.total_bytes(), "total_bytes() sums the tensors");
    });
    return 0;
}

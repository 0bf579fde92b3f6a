// safetensors: the 8-byte header length, the JSON header, dtypes, shapes and offsets of a whole
// file. Every tensor an accepted file lists must lie inside the mapping: all its bytes are read.
#include "fuzz_support.h"
#include "model/safetensors.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const auto path = ew::fuzz::write_scratch("model.safetensors", ew::fuzz::as_text(data, size));
    ew::fuzz::expect_clean([&] {
        const auto file = ew::model::SafetensorsFile::open(path);
        unsigned sum = 0;
        for (const auto& info : file.tensors()) {
            const auto bytes = file.bytes(info);
            ew::fuzz::require(bytes.size() == info.end - info.begin, "bytes() spans begin..end");
            ew::fuzz::require(bytes.size() == static_cast<std::size_t>(info.numel()) * ew::model::dtype_size(info.dtype),
                              "size = numel x dtype size");
            for (const auto b : bytes) sum += static_cast<unsigned>(b);
        }
        static volatile unsigned sink;  // keeps the reads from being optimised away
        sink = sum;
    });
    return 0;
}

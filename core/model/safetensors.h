// The safetensors file format (8-byte little-endian header length, JSON header, raw tensor bytes),
// read through mmap and fully validated before anything touches the data; written atomically.
// Torch-free on purpose: tensors cross this boundary as (dtype, shape, bytes).
#pragma once
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <map>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <vector>

namespace ew::model {

enum class DType { F64, F32, F16, BF16, I64, I32, I16, I8, U8, BOOL };

std::size_t dtype_size(DType dtype);
const char* dtype_name(DType dtype);  // "F32", "BF16", ...

struct TensorInfo {
    std::string name;
    DType dtype;
    std::vector<std::int64_t> shape;
    std::size_t begin;  // offsets into the data section
    std::size_t end;
    std::int64_t numel() const;  // throws ew::Error if the product overflows
};

// dtype size × the product of `shape`, or nullopt when a dimension is negative or the product of
// the non-zero dimensions (in elements or bytes) does not fit in int64 / uint64.
std::optional<std::uint64_t> checked_byte_count(std::span<const std::int64_t> shape, DType dtype);

class SafetensorsFile {
public:
    // Validates: header length, JSON, dtypes, shapes, offsets inside the file, sizes that match
    // dtype × shape, no overlapping tensors. Throws ew::Error("<path>: ...").
    static SafetensorsFile open(const std::filesystem::path& path);
    SafetensorsFile(SafetensorsFile&&) noexcept;
    SafetensorsFile& operator=(SafetensorsFile&&) noexcept;
    ~SafetensorsFile();

    const TensorInfo* find(const std::string& name) const;
    const TensorInfo& at(const std::string& name) const;  // throws naming the file if absent
    std::span<const std::byte> bytes(const TensorInfo& info) const;
    // Drops the tensor's pages from this process's memory once it has been copied out (they stay
    // in the page cache): otherwise a load holds the whole file on top of the weights as held.
    void release(const TensorInfo& info) const;
    const std::vector<TensorInfo>& tensors() const { return tensors_; }
    const std::map<std::string, std::string>& metadata() const { return metadata_; }
    const std::filesystem::path& path() const { return path_; }

private:
    SafetensorsFile() = default;
    struct Mapping;
    std::filesystem::path path_;
    std::unique_ptr<Mapping> mapping_;
    const std::byte* data_ = nullptr;  // start of the data section
    std::vector<TensorInfo> tensors_;
    std::map<std::string, std::string> metadata_;
};

struct TensorView {
    std::string name;
    DType dtype;
    std::vector<std::int64_t> shape;
    const void* data;
    std::size_t byte_count;
};

// Writes a complete file via temp + fsync + rename. Validates byte counts against shapes.
void write_safetensors(const std::filesystem::path& path, std::span<const TensorView> tensors,
                       const std::map<std::string, std::string>& metadata = {});

}  // namespace ew::model

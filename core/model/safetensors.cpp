#include "model/safetensors.h"

#include "support/error.h"
#include "support/file_io.h"

#include <algorithm>
#include <cstring>
#include <limits>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

namespace ew::model {

namespace {

struct DTypeEntry {
    DType dtype;
    const char* name;
    std::size_t size;
};
constexpr DTypeEntry kDTypes[] = {{DType::F64, "F64", 8}, {DType::F32, "F32", 4}, {DType::F16, "F16", 2},
                                  {DType::BF16, "BF16", 2}, {DType::I64, "I64", 8}, {DType::I32, "I32", 4},
                                  {DType::I16, "I16", 2}, {DType::I8, "I8", 1}, {DType::U8, "U8", 1},
                                  {DType::BOOL, "BOOL", 1}};

// Guard against absurd headers before allocating for them.
constexpr std::uint64_t kMaxHeaderBytes = 100ull << 20;

}  // namespace

std::size_t dtype_size(DType dtype) {
    for (const auto& e : kDTypes)
        if (e.dtype == dtype) return e.size;
    return 0;
}

const char* dtype_name(DType dtype) {
    for (const auto& e : kDTypes)
        if (e.dtype == dtype) return e.name;
    return "?";
}

std::int64_t TensorInfo::numel() const {
    // open() has already checked that the product fits; this guards hand-made TensorInfos too.
    std::int64_t n = 1;
    for (auto d : shape)
        if (__builtin_mul_overflow(n, d, &n)) throw Error("tensor \"" + name + "\": shape product overflows 64 bits");
    return n;
}

std::optional<std::uint64_t> checked_byte_count(std::span<const std::int64_t> shape, DType dtype) {
    // Every non-zero dimension goes into the product, even when another one is 0: code that
    // multiplies a subset of the dimensions (rows × columns) must not overflow either.
    std::uint64_t nonzero = 1;
    bool empty = false;
    for (auto d : shape) {
        if (d < 0) return std::nullopt;
        if (d == 0) empty = true;
        else if (__builtin_mul_overflow(nonzero, static_cast<std::uint64_t>(d), &nonzero)) return std::nullopt;
    }
    std::uint64_t bytes = 0;
    if (nonzero > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max()) ||
        __builtin_mul_overflow(nonzero, static_cast<std::uint64_t>(dtype_size(dtype)), &bytes))
        return std::nullopt;
    return empty ? 0 : bytes;
}

struct SafetensorsFile::Mapping {
    void* address = MAP_FAILED;
    std::size_t length = 0;
    ~Mapping() {
        if (address != MAP_FAILED) ::munmap(address, length);
    }
};

SafetensorsFile::SafetensorsFile(SafetensorsFile&&) noexcept = default;
SafetensorsFile& SafetensorsFile::operator=(SafetensorsFile&&) noexcept = default;
SafetensorsFile::~SafetensorsFile() = default;

SafetensorsFile SafetensorsFile::open(const std::filesystem::path& path) {
    auto bad = [&](const std::string& what) { fail_file(path, what); };
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) bad("file does not exist");
    int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
    if (fd < 0) bad(std::string("cannot open: ") + std::strerror(errno));
    struct stat st {};
    ::fstat(fd, &st);
    const auto file_size = static_cast<std::uint64_t>(st.st_size);
    SafetensorsFile file;
    file.path_ = path;
    file.mapping_ = std::make_unique<Mapping>();
    if (file_size < 8) {
        ::close(fd);
        bad("truncated safetensors file (" + std::to_string(file_size) + " bytes, no header)");
    }
    file.mapping_->length = file_size;
    file.mapping_->address = ::mmap(nullptr, file_size, PROT_READ, MAP_PRIVATE, fd, 0);
    ::close(fd);
    if (file.mapping_->address == MAP_FAILED) bad(std::string("mmap failed: ") + std::strerror(errno));
    const auto* base = static_cast<const std::byte*>(file.mapping_->address);

    std::uint64_t header_len = 0;
    for (int i = 7; i >= 0; --i) header_len = (header_len << 8) | static_cast<std::uint8_t>(base[i]);
    if (header_len > kMaxHeaderBytes || header_len > file_size - 8)
        bad("header length " + std::to_string(header_len) + " exceeds the file size " + std::to_string(file_size) + " (truncated or not safetensors)");
    std::string_view header(reinterpret_cast<const char*>(base + 8), header_len);
    nlohmann::json j;
    try {
        j = nlohmann::json::parse(header);
    } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for a number like 1e99999
        bad(std::string("header is not valid JSON (") + e.what() + ")");
    }
    if (!j.is_object()) bad("header is not a JSON object");
    const std::uint64_t data_size = file_size - 8 - header_len;
    file.data_ = base + 8 + header_len;
    try {
        for (auto it = j.begin(); it != j.end(); ++it) {
            if (it.key() == "__metadata__") {
                for (auto m = it.value().begin(); m != it.value().end(); ++m)
                    if (m.value().is_string()) file.metadata_[m.key()] = m.value().get<std::string>();
                continue;
            }
            const auto& t = it.value();
            TensorInfo info;
            info.name = it.key();
            auto dtype = t.at("dtype").get<std::string>();
            const DTypeEntry* entry = nullptr;
            for (const auto& e : kDTypes)
                if (dtype == e.name) entry = &e;
            if (!entry) bad("tensor \"" + info.name + "\" has unsupported dtype \"" + dtype + "\"");
            info.dtype = entry->dtype;
            const auto& shape = t.at("shape");
            if (!shape.is_array()) bad("tensor \"" + info.name + "\" has a shape that is not an array");
            // is_number_integer first: get<>() of a float (1e30) or of a negative number into an
            // unsigned type is a conversion the language leaves undefined or wrapping.
            for (const auto& d : shape) {
                if (!d.is_number_integer()) bad("tensor \"" + info.name + "\" has a dimension that is not an integer");
                if (d.is_number_unsigned() ? d.get<std::uint64_t>() > static_cast<std::uint64_t>(std::numeric_limits<std::int64_t>::max())
                                           : d.get<std::int64_t>() < 0)
                    bad("tensor \"" + info.name + "\" has a dimension outside 0..2^63-1: " + d.dump());
                info.shape.push_back(d.get<std::int64_t>());
            }
            const auto& offsets = t.at("data_offsets");
            if (!offsets.is_array() || offsets.size() != 2 || !offsets[0].is_number_unsigned() || !offsets[1].is_number_unsigned())
                bad("tensor \"" + info.name + "\" needs data_offsets [begin, end] of non-negative integers");
            info.begin = offsets[0].get<std::uint64_t>();
            info.end = offsets[1].get<std::uint64_t>();
            if (info.begin > info.end || info.end > data_size)
                bad("tensor \"" + info.name + "\" data_offsets [" + std::to_string(info.begin) + ", " + std::to_string(info.end) +
                    "] fall outside the " + std::to_string(data_size) + "-byte data section (truncated file?)");
            const auto byte_count = checked_byte_count(info.shape, info.dtype);
            if (!byte_count)
                bad("tensor \"" + info.name + "\" has shape " + shape.dump() + " whose size in " + dtype +
                    " overflows 64 bits (corrupt or hostile header)");
            const std::uint64_t expected = *byte_count;
            if (info.end - info.begin != expected)
                bad("tensor \"" + info.name + "\" holds " + std::to_string(info.end - info.begin) + " bytes but " + dtype +
                    " × shape needs " + std::to_string(expected));
            file.tensors_.push_back(std::move(info));
        }
    } catch (const nlohmann::json::exception& e) {
        bad(std::string("malformed header entry (") + e.what() + ")");
    }
    auto sorted = file.tensors_;
    std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a.begin < b.begin; });
    for (std::size_t i = 1; i < sorted.size(); ++i)
        if (sorted[i].begin < sorted[i - 1].end)
            bad("tensors \"" + sorted[i - 1].name + "\" and \"" + sorted[i].name + "\" overlap");
    return file;
}

const TensorInfo* SafetensorsFile::find(const std::string& name) const {
    for (const auto& t : tensors_)
        if (t.name == name) return &t;
    return nullptr;
}

const TensorInfo& SafetensorsFile::at(const std::string& name) const {
    if (const auto* t = find(name)) return *t;
    fail_file(path_, "tensor \"" + name + "\" is missing");
}

std::span<const std::byte> SafetensorsFile::bytes(const TensorInfo& info) const {
    return {data_ + info.begin, info.end - info.begin};
}

void SafetensorsFile::release(const TensorInfo& info) const {
    // The mapping is private and never written, so dropped pages read back unchanged from the
    // file if touched again; neighbouring tensors sharing an edge page are unaffected in content.
    const auto page = static_cast<std::uintptr_t>(::sysconf(_SC_PAGESIZE));
    const auto base = reinterpret_cast<std::uintptr_t>(mapping_->address);
    const auto first = reinterpret_cast<std::uintptr_t>(data_ + info.begin) / page * page;
    const auto last = std::min(reinterpret_cast<std::uintptr_t>(data_ + info.end), base + mapping_->length);
    if (last > first) ::madvise(reinterpret_cast<void*>(first), last - first, MADV_DONTNEED);
}

void write_safetensors(const std::filesystem::path& path, std::span<const TensorView> tensors,
                       const std::map<std::string, std::string>& metadata) {
    nlohmann::ordered_json header = nlohmann::ordered_json::object();
    if (!metadata.empty()) header["__metadata__"] = metadata;
    std::size_t offset = 0;
    for (const auto& t : tensors) {
        const auto bytes = checked_byte_count(t.shape, t.dtype);
        if (!bytes) fail_file(path, "tensor \"" + t.name + "\": shape × dtype size overflows 64 bits");
        if (*bytes != t.byte_count) fail_file(path, "tensor \"" + t.name + "\" byte count does not match its shape");
        if (offset + t.byte_count < offset) fail_file(path, "tensor data exceeds 2^64 bytes");
        header[t.name] = {{"dtype", dtype_name(t.dtype)}, {"shape", t.shape}, {"data_offsets", {offset, offset + t.byte_count}}};
        offset += t.byte_count;
    }
    std::string header_text = header.dump();
    header_text.append((8 - header_text.size() % 8) % 8, ' ');  // align the data section to 8 bytes
    std::string out;
    out.reserve(8 + header_text.size() + offset);
    std::uint64_t n = header_text.size();
    for (int i = 0; i < 8; ++i) out += static_cast<char>((n >> (8 * i)) & 0xff);
    out += header_text;
    for (const auto& t : tensors) out.append(static_cast<const char*>(t.data), t.byte_count);
    write_file_atomic(path, out);
}

}  // namespace ew::model

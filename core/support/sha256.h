// SHA-256 (FIPS 180-4) of bytes, as lowercase hex. Identifies content — an imported study folder,
// a stage's input files — so that the same bytes are recognised wherever they come from.
#pragma once
#include <array>
#include <cstdint>
#include <string>
#include <string_view>

namespace ew {

class Sha256 {
public:
    Sha256();
    Sha256& update(std::string_view bytes);
    std::string hex_digest();  // finishes the hash; call once

private:
    void compress(const unsigned char* block);
    std::array<std::uint32_t, 8> state_;
    std::array<unsigned char, 64> buffer_{};
    std::size_t buffered_ = 0;
    std::uint64_t total_bytes_ = 0;
};

inline std::string sha256_hex(std::string_view bytes) { return Sha256().update(bytes).hex_digest(); }

}  // namespace ew

#include "text/byte_level_alphabet.h"

#include <unordered_map>

namespace ew::text {
namespace {

std::string utf8(char32_t cp) {
    std::string out;
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
    return out;
}

struct Alphabet {
    std::array<std::string, 256> symbol_of_byte;
    std::unordered_map<char32_t, unsigned char> byte_of_codepoint;

    Alphabet() {
        // Printable Latin-1 bytes stand for themselves; the rest are shifted to U+0100 and up.
        auto printable = [](int b) {
            return (b >= '!' && b <= '~') || (b >= 0xA1 && b <= 0xAC) || (b >= 0xAE && b <= 0xFF);
        };
        int shifted = 0;
        for (int b = 0; b < 256; ++b) {
            char32_t cp = printable(b) ? static_cast<char32_t>(b) : static_cast<char32_t>(256 + shifted++);
            symbol_of_byte[b] = utf8(cp);
            byte_of_codepoint[cp] = static_cast<unsigned char>(b);
        }
    }
};

const Alphabet& alphabet() {
    static const Alphabet instance;
    return instance;
}

}  // namespace

const std::string& byte_to_symbol(unsigned char byte) { return alphabet().symbol_of_byte[byte]; }

std::string bytes_to_symbols(std::string_view bytes) {
    std::string out;
    out.reserve(bytes.size() * 2);
    for (unsigned char b : bytes) out += byte_to_symbol(b);
    return out;
}

std::optional<std::string> symbols_to_bytes(std::string_view s) {
    const auto& table = alphabet().byte_of_codepoint;
    std::string out;
    std::size_t i = 0;
    while (i < s.size()) {
        auto c = static_cast<unsigned char>(s[i]);
        char32_t cp;
        std::size_t len;
        if (c < 0x80) { cp = c; len = 1; }
        else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; len = 2; }
        else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; len = 3; }
        else return std::nullopt;  // the alphabet never needs 4-byte characters
        if (i + len > s.size()) return std::nullopt;
        for (std::size_t k = 1; k < len; ++k) {
            auto cc = static_cast<unsigned char>(s[i + k]);
            if ((cc & 0xC0) != 0x80) return std::nullopt;
            cp = (cp << 6) | (cc & 0x3F);
        }
        auto it = table.find(cp);
        if (it == table.end()) return std::nullopt;
        out += static_cast<char>(it->second);
        i += len;
    }
    return out;
}

}  // namespace ew::text

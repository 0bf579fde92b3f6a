// BPE tokenizer: train from a corpus, encode, decode, and read/write Hugging Face tokenizer.json.
// Immutable after construction, so one instance is shared across threads.
//
// Shape: added tokens are cut out of the raw text first; each piece between them is normalized
// (Normalizer) and split into chunks (PreTokenizer); each chunk starts as one symbol per unit of
// the tokenizer's alphabet and the ranked merges are applied lowest rank first. Two alphabets:
//  - byte-level (GPT-2, Llama 3, Qwen): one symbol per byte, the vocabulary spelled in GPT-2's
//    byte-to-character map;
//  - characters with byte fallback (SentencePiece-style, Gemma 3): one symbol per UTF-8
//    character that is in the vocabulary, else one "<0xHH>" token per byte of it.
// Either way every byte string encodes, and token_bytes() of the ids concatenate back to the text
// (for byte fallback: after the normalizer's replacements are undone, "▁" → " ", as HF decodes).
#pragma once
#include "text/added_token_matcher.h"
#include "text/normalizer.h"
#include "text/pretokenizer.h"

#include <array>
#include <cstdint>
#include <filesystem>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ew::text {

using TokenId = std::int32_t;

inline constexpr std::string_view kEndOfText = "<|endoftext|>";

// The largest vocabulary a tokenizer.json or config.json may declare (2^22 ids; Llama 3 has 128k,
// Gemma 3 262k). Ids at or above it are refused, so a hostile file cannot make the loader allocate
// an id table of 2^31 entries (or wrap an id into a negative int).
inline constexpr int kMaxVocabularySize = 4'194'304;

struct AddedToken {
    TokenId id;
    std::string content;
    bool special = true;
};

struct BpeTrainingOptions {
    int vocab_size = 8192;  // including the 256 byte tokens and the added tokens
    std::vector<std::string> special_tokens{std::string(kEndOfText)};
    std::string split_pattern{kGpt2SplitPattern};
    std::int64_t min_pair_count = 2;  // stop merging when the best pair is rarer than this
};

class BpeTokenizer {
public:
    static BpeTokenizer train(std::span<const std::string> documents, const BpeTrainingOptions& options);
    // Throws ew::Error naming the file for anything malformed or not byte-level BPE.
    static BpeTokenizer load(const std::filesystem::path& tokenizer_json);
    static BpeTokenizer from_json_text(std::string_view json_text, const std::string& origin);

    void save(const std::filesystem::path& tokenizer_json) const;
    std::string to_json_text() const;

    // Plain text: special added tokens are NOT recognised (user code containing "<|endoftext|>"
    // stays text); non-special ones are, as Hugging Face always does (Gemma's "\n", Qwen3's "<think>").
    std::vector<TokenId> encode(std::string_view text) const;
    // Added tokens written literally in the text become their ids.
    std::vector<TokenId> encode_with_added_tokens(std::string_view text) const;

    std::string decode(std::span<const TokenId> ids) const;
    const std::string& token_bytes(TokenId id) const;  // raw bytes of one token (added: its content)

    int vocab_size() const { return static_cast<int>(token_bytes_.size()); }
    std::optional<TokenId> find_added(std::string_view content) const;
    std::optional<TokenId> end_of_text_id() const { return find_added(kEndOfText); }
    bool is_added(TokenId id) const;
    const std::vector<AddedToken>& added_tokens() const { return added_; }
    std::size_t merge_count() const { return merges_.size(); }
    // tokenizer.json's normalizer (none; NFC for Qwen2/3; " " → "▁" for Gemma 3), applied before splitting.
    const Normalizer& normalizer() const { return normalizer_; }
    // Characters with "<0xHH>" byte fallback (SentencePiece-style) rather than byte-level symbols.
    bool byte_fallback() const { return byte_fallback_; }
    // tokenizer.json's "post_processor" as JSON text ("null": none), kept verbatim so that a saved
    // copy adds the same special tokens in transformers (text/sequence_template.h reads it).
    const std::string& post_processor() const { return post_processor_; }
    void set_post_processor(std::string json_text) { post_processor_ = std::move(json_text); }
    // BPE "ignore_merges" (Llama 3): a pre-token that is itself in the vocabulary is one token.
    bool ignores_merges() const { return ignore_merges_; }
    const PreTokenizer& pretokenizer() const { return pretokenizer_; }

private:
    struct Merge {
        TokenId left, right, result;
    };
    static std::uint64_t pair_key(TokenId a, TokenId b) {
        return (static_cast<std::uint64_t>(static_cast<std::uint32_t>(a)) << 32) | static_cast<std::uint32_t>(b);
    }
    void index();  // builds the lookup tables from token_bytes_, merges_, added_
    void encode_chunk(std::string_view chunk, std::vector<TokenId>& out) const;
    void merge_with_heap(std::vector<TokenId>& sequence) const;  // the O(n log n) merge loop
    void initial_symbols(std::string_view chunk, std::vector<TokenId>& out) const;  // per the alphabet
    void encode_segments(std::string_view text, const AddedTokenMatcher& added, std::vector<TokenId>& ids) const;
    std::string to_byte_fallback_json_text() const;

    PreTokenizer pretokenizer_{std::string(kGpt2SplitPattern)};
    std::vector<std::string> token_bytes_;        // id -> bytes ("" for unused ids)
    std::vector<Merge> merges_;                   // in rank order
    std::vector<AddedToken> added_;
    std::array<TokenId, 256> byte_token_{};       // byte -> single-byte token id
    std::unordered_map<std::uint64_t, std::pair<int, TokenId>> merge_rank_;  // (left,right) -> (rank, result)
    std::vector<bool> is_added_;
    AddedTokenMatcher all_added_, non_special_added_;
    Normalizer normalizer_;
    std::string post_processor_ = "null";
    bool ignore_merges_ = false;
    std::unordered_map<std::string, TokenId> id_of_bytes_;  // byte-level: filled only when ignore_merges_
    // Byte fallback only: the vocabulary as spelled in the file ("" for ids not in it), its
    // inverse, a fast path for ASCII characters, and the pre_tokenizer / decoder kept verbatim.
    bool byte_fallback_ = false;
    std::vector<std::string> vocab_strings_;
    std::unordered_map<std::string, TokenId> id_of_piece_;
    std::array<TokenId, 128> ascii_piece_{};
    std::string unk_token_, pre_tokenizer_json_ = "null", decoder_json_ = "null";
};

}  // namespace ew::text

#include "text/bpe_tokenizer.h"

#include "support/error.h"
#include "support/file_io.h"
#include "support/json_integer.h"
#include "text/byte_level_alphabet.h"
#include "text/literal_replace.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <queue>
#include <unordered_map>
#include <unordered_set>

namespace ew::text {

using json = nlohmann::ordered_json;  // writing: keys stay in a readable order
// Reading uses the std::map-backed json: ordered_json inserts each key with a linear duplicate
// check, which made a 128k-token vocabulary (Llama 3) take ~10 s to parse.
using parsed_json = nlohmann::json;

// ---------------------------------------------------------------------------------------------
// Training: classic BPE over unique pre-tokenized chunks ("words") weighted by frequency, with
// incremental pair counts and a lazy max-heap, so each merge touches only the words containing it.

namespace {

struct TrainingWord {
    std::vector<TokenId> symbols;
    std::int64_t count;
};

void merge_in_place(std::vector<TokenId>& s, TokenId a, TokenId b, TokenId result) {
    std::size_t w = 0;
    for (std::size_t r = 0; r < s.size();) {
        if (r + 1 < s.size() && s[r] == a && s[r + 1] == b) {
            s[w++] = result;
            r += 2;
        } else {
            s[w++] = s[r++];
        }
    }
    s.resize(w);
}

}  // namespace

BpeTokenizer BpeTokenizer::train(std::span<const std::string> documents, const BpeTrainingOptions& options) {
    const int special_count = static_cast<int>(options.special_tokens.size());
    if (options.vocab_size < 256 + special_count)
        throw Error("vocabulary size " + std::to_string(options.vocab_size) + " is smaller than 256 bytes + " +
                    std::to_string(special_count) + " special tokens");

    BpeTokenizer tok;
    tok.pretokenizer_ = PreTokenizer(options.split_pattern);
    for (int b = 0; b < 256; ++b) {
        tok.token_bytes_.push_back(std::string(1, static_cast<char>(b)));
        tok.byte_token_[b] = b;
    }

    std::unordered_map<std::string, std::int64_t> chunk_counts;
    for (const auto& doc : documents)
        for (auto chunk : tok.pretokenizer_.split(doc)) ++chunk_counts[std::string(chunk)];

    std::vector<TrainingWord> words;
    words.reserve(chunk_counts.size());
    for (auto& [chunk, count] : chunk_counts) {
        TrainingWord w{{}, count};
        for (unsigned char c : chunk) w.symbols.push_back(c);
        words.push_back(std::move(w));
    }
    // unordered_map order is unspecified; sort so training is deterministic across runs/platforms.
    std::sort(words.begin(), words.end(), [](const TrainingWord& x, const TrainingWord& y) { return x.symbols < y.symbols; });

    std::unordered_map<std::uint64_t, std::int64_t> pair_count;
    std::unordered_map<std::uint64_t, std::vector<std::int32_t>> pair_words;
    for (std::int32_t wi = 0; wi < static_cast<std::int32_t>(words.size()); ++wi) {
        const auto& s = words[wi].symbols;
        for (std::size_t i = 0; i + 1 < s.size(); ++i) {
            auto key = pair_key(s[i], s[i + 1]);
            pair_count[key] += words[wi].count;
            auto& list = pair_words[key];
            if (list.empty() || list.back() != wi) list.push_back(wi);
        }
    }

    // Max-heap on count; ties go to the smaller pair key, for determinism.
    using Entry = std::pair<std::int64_t, std::uint64_t>;
    auto cmp = [](const Entry& x, const Entry& y) { return x.first != y.first ? x.first < y.first : x.second > y.second; };
    std::priority_queue<Entry, std::vector<Entry>, decltype(cmp)> heap(cmp);
    for (auto& [key, count] : pair_count) heap.push({count, key});

    const int target_merges = options.vocab_size - 256 - special_count;
    std::vector<std::int32_t> seen_stamp(words.size(), -1);
    while (static_cast<int>(tok.merges_.size()) < target_merges && !heap.empty()) {
        auto [count, key] = heap.top();
        heap.pop();
        auto it = pair_count.find(key);
        if (it == pair_count.end() || it->second != count) continue;  // stale heap entry
        if (count < options.min_pair_count) break;
        const auto a = static_cast<TokenId>(key >> 32), b = static_cast<TokenId>(key & 0xffffffffu);
        const auto result = static_cast<TokenId>(tok.token_bytes_.size());
        tok.token_bytes_.push_back(tok.token_bytes_[a] + tok.token_bytes_[b]);
        tok.merges_.push_back({a, b, result});
        const auto merge_index = static_cast<std::int32_t>(tok.merges_.size());

        std::unordered_set<std::uint64_t> touched;
        auto word_list = std::move(pair_words[key]);
        pair_words.erase(key);
        for (auto wi : word_list) {
            if (seen_stamp[wi] == merge_index) continue;
            seen_stamp[wi] = merge_index;
            auto& word = words[wi];
            auto& s = word.symbols;
            bool has_pair = false;
            for (std::size_t i = 0; i + 1 < s.size(); ++i)
                if (s[i] == a && s[i + 1] == b) { has_pair = true; break; }
            if (!has_pair) continue;
            for (std::size_t i = 0; i + 1 < s.size(); ++i) {
                auto k = pair_key(s[i], s[i + 1]);
                pair_count[k] -= word.count;
                touched.insert(k);
            }
            merge_in_place(s, a, b, result);
            for (std::size_t i = 0; i + 1 < s.size(); ++i) {
                auto k = pair_key(s[i], s[i + 1]);
                pair_count[k] += word.count;
                touched.insert(k);
                if (s[i] == result || s[i + 1] == result) {
                    auto& list = pair_words[k];
                    if (list.empty() || list.back() != wi) list.push_back(wi);
                }
            }
        }
        for (auto k : touched) {
            auto c = pair_count[k];
            if (c <= 0) pair_count.erase(k);
            else if (k != key) heap.push({c, k});
        }
        pair_count.erase(key);
    }

    for (const auto& content : options.special_tokens) {
        auto id = static_cast<TokenId>(tok.token_bytes_.size());
        tok.token_bytes_.push_back(content);
        tok.added_.push_back({id, content, true});
    }
    tok.index();
    return tok;
}

// ---------------------------------------------------------------------------------------------
// Lookup tables

void BpeTokenizer::index() {
    merge_rank_.clear();
    merge_rank_.reserve(merges_.size() * 2);
    for (int r = 0; r < static_cast<int>(merges_.size()); ++r)
        merge_rank_.emplace(pair_key(merges_[r].left, merges_[r].right), std::pair{r, merges_[r].result});
    is_added_.assign(token_bytes_.size(), false);
    all_added_ = {};
    non_special_added_ = {};
    for (const auto& a : added_) {
        is_added_[a.id] = true;
        all_added_.add(a.content, a.id);
        if (!a.special) non_special_added_.add(a.content, a.id);
    }
}

std::optional<TokenId> BpeTokenizer::find_added(std::string_view content) const {
    for (const auto& a : added_)
        if (a.content == content) return a.id;
    return std::nullopt;
}

bool BpeTokenizer::is_added(TokenId id) const {
    return id >= 0 && id < static_cast<TokenId>(is_added_.size()) && is_added_[id];
}

const std::string& BpeTokenizer::token_bytes(TokenId id) const {
    if (id < 0 || id >= vocab_size()) throw Error("token id " + std::to_string(id) + " is outside the vocabulary (size " + std::to_string(vocab_size()) + ")");
    return token_bytes_[id];
}

// ---------------------------------------------------------------------------------------------
// Encode / decode

namespace {

// The length of the UTF-8 character starting at text[0], or 0 when the bytes there are not a
// valid one (those bytes then go to byte fallback one at a time).
std::size_t utf8_character_length(std::string_view text) {
    const auto lead = static_cast<unsigned char>(text[0]);
    const std::size_t n = lead < 0x80 ? 1 : (lead >> 5) == 0x6 ? 2 : (lead >> 4) == 0xe ? 3 : (lead >> 3) == 0x1e ? 4 : 0;
    if (n == 0 || n > text.size()) return 0;
    for (std::size_t i = 1; i < n; ++i)
        if ((static_cast<unsigned char>(text[i]) & 0xc0) != 0x80) return 0;
    return n;
}

}  // namespace

void BpeTokenizer::initial_symbols(std::string_view chunk, std::vector<TokenId>& out) const {
    if (!byte_fallback_) {
        for (unsigned char c : chunk) out.push_back(byte_token_[c]);
        return;
    }
    // As Hugging Face's BPE with byte_fallback: a character in the vocabulary is its token; any
    // other becomes the "<0xHH>" tokens of its UTF-8 bytes (all 256 exist: checked at load).
    for (std::size_t i = 0; i < chunk.size();) {
        const auto lead = static_cast<unsigned char>(chunk[i]);
        if (lead < 0x80 && ascii_piece_[lead] >= 0) {
            out.push_back(ascii_piece_[lead]);
            ++i;
            continue;
        }
        const std::size_t n = utf8_character_length(chunk.substr(i));
        if (n > 1) {
            if (auto it = id_of_piece_.find(std::string(chunk.substr(i, n))); it != id_of_piece_.end()) {
                out.push_back(it->second);
                i += n;
                continue;
            }
        }
        for (std::size_t k = 0; k < std::max<std::size_t>(n, 1); ++k) out.push_back(byte_token_[static_cast<unsigned char>(chunk[i + k])]);
        i += std::max<std::size_t>(n, 1);
    }
}

// Merging a chunk, in Hugging Face's order: repeatedly merge the adjacent pair of lowest rank,
// the leftmost one among equals, one merge at a time, so a pair that a merge creates competes at
// once. (Merging every occurrence of a rank before looking again gives the same ids only when the
// merge list is in the order BPE training builds it; Gemma 3's is not: its long "▁▁…" runs rank
// first.) Short chunks rescan after each merge; long ones (a megabyte-long word, a minified line,
// a SentencePiece text that is one chunk) use merge_with_heap, the same order in O(n log n).
namespace {

constexpr std::size_t kShortChunk = 64;  // below this, rescanning is cheaper than the heap

struct Symbol {
    TokenId id;
    std::int32_t prev, next;  // -1 at the ends
    std::uint32_t version;    // bumped whenever the symbol changes (merged into, or merged away)
    bool alive;
};

struct MergeCandidate {
    std::int32_t rank, left;
    std::uint32_t left_version, right_version;
    bool operator>(const MergeCandidate& o) const { return rank != o.rank ? rank > o.rank : left > o.left; }
};

}  // namespace

// The sequence becomes a doubly linked list of symbols; a min-heap holds every adjacent pair that
// has a merge, by (rank, position). Candidates record the versions of their two symbols; merging
// bumps them, so candidates that no longer describe adjacent symbols are skipped when they come up.
void BpeTokenizer::merge_with_heap(std::vector<TokenId>& sequence) const {
    const auto n = static_cast<std::int32_t>(sequence.size());
    std::vector<Symbol> symbols(static_cast<std::size_t>(n));
    for (std::int32_t i = 0; i < n; ++i) symbols[i] = {sequence[i], i - 1, i + 1 < n ? i + 1 : -1, 0, true};
    std::priority_queue<MergeCandidate, std::vector<MergeCandidate>, std::greater<>> heap;
    const auto push_pair = [&](std::int32_t left) {
        if (left < 0) return;
        const std::int32_t right = symbols[left].next;
        if (right < 0) return;
        auto it = merge_rank_.find(pair_key(symbols[left].id, symbols[right].id));
        if (it == merge_rank_.end()) return;
        heap.push({it->second.first, left, symbols[left].version, symbols[right].version});
    };
    for (std::int32_t i = 0; i + 1 < n; ++i) push_pair(i);
    while (!heap.empty()) {
        const MergeCandidate c = heap.top();
        heap.pop();
        Symbol& l = symbols[c.left];
        if (!l.alive || l.version != c.left_version || l.next < 0 || symbols[l.next].version != c.right_version) continue;
        Symbol& r = symbols[l.next];
        l.id = merges_[static_cast<std::size_t>(c.rank)].result;
        l.next = r.next;
        if (r.next >= 0) symbols[r.next].prev = c.left;
        r.alive = false;
        ++r.version;
        ++l.version;
        push_pair(l.prev);
        push_pair(c.left);
    }
    sequence.clear();
    for (std::int32_t i = 0; i >= 0; i = symbols[i].next) sequence.push_back(symbols[i].id);
}

void BpeTokenizer::encode_chunk(std::string_view chunk, std::vector<TokenId>& out) const {
    if (ignore_merges_) {
        const auto& whole = byte_fallback_ ? id_of_piece_ : id_of_bytes_;
        if (auto it = whole.find(std::string(chunk)); it != whole.end()) {
            out.push_back(it->second);
            return;
        }
    }
    std::vector<TokenId> s;
    s.reserve(chunk.size());
    initial_symbols(chunk, s);
    if (s.size() > kShortChunk) {
        merge_with_heap(s);
    } else {
        while (s.size() > 1) {
            int best_rank = std::numeric_limits<int>::max();
            std::size_t best_at = 0;
            TokenId best_result = 0;
            for (std::size_t i = 0; i + 1 < s.size(); ++i) {
                auto it = merge_rank_.find(pair_key(s[i], s[i + 1]));
                if (it != merge_rank_.end() && it->second.first < best_rank) {  // strict: the leftmost among equals
                    best_rank = it->second.first;
                    best_at = i;
                    best_result = it->second.second;
                }
            }
            if (best_rank == std::numeric_limits<int>::max()) break;
            s[best_at] = best_result;
            s.erase(s.begin() + static_cast<std::ptrdiff_t>(best_at) + 1);
        }
    }
    out.insert(out.end(), s.begin(), s.end());
}

// Added tokens are found in the raw text; only the text between them is normalized and split (as HF does).
void BpeTokenizer::encode_segments(std::string_view text, const AddedTokenMatcher& added, std::vector<TokenId>& ids) const {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const auto found = added.find(text, pos);
        const std::size_t plain_end = found ? found->at : text.size();
        if (plain_end > pos) {
            const auto piece = text.substr(pos, plain_end - pos);
            if (normalizer_.empty()) {
                for (auto chunk : pretokenizer_.split(piece)) encode_chunk(chunk, ids);
            } else {
                const std::string norm = normalizer_.apply(piece);
                for (auto chunk : pretokenizer_.split(norm)) encode_chunk(chunk, ids);
            }
        }
        if (!found) break;
        ids.push_back(found->id);
        pos = found->at + found->length;
    }
}

std::vector<TokenId> BpeTokenizer::encode(std::string_view text) const {
    std::vector<TokenId> ids;
    ids.reserve(text.size() / 3 + 1);
    encode_segments(text, non_special_added_, ids);
    return ids;
}

std::vector<TokenId> BpeTokenizer::encode_with_added_tokens(std::string_view text) const {
    std::vector<TokenId> ids;
    ids.reserve(text.size() / 3 + 1);
    encode_segments(text, all_added_, ids);
    return ids;
}

std::string BpeTokenizer::decode(std::span<const TokenId> ids) const {
    std::string out;
    for (auto id : ids) out += token_bytes(id);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Hugging Face tokenizer.json

namespace {

// A "vocab" object in id order. ordered_json's operator[] finds a key by linear search too, so
// filling Qwen3's 151k-token vocabulary that way took 13 s (a served model's first GET
// /empower/v1/model, every save of a fine-tuned Qwen). ordered_map is a std::vector of pairs:
// append to it, a hash map finding a repeated key (the later id wins, as operator[] had it).
json vocab_object(std::vector<std::pair<std::string, TokenId>> entries) {
    json object = json::object();
    json::object_t::Container& items = object.get_ref<json::object_t&>();
    items.reserve(entries.size());
    std::unordered_map<std::string, std::size_t> index;
    index.reserve(entries.size());
    for (auto& [key, id] : entries) {
        if (const auto it = index.find(key); it != index.end()) {
            items[it->second].second = id;
            continue;
        }
        index.emplace(key, items.size());
        items.emplace_back(std::move(key), id);
    }
    return object;
}

}  // namespace

std::string BpeTokenizer::to_json_text() const {
    if (byte_fallback_) return to_byte_fallback_json_text();
    std::vector<std::pair<std::string, TokenId>> entries;
    for (TokenId id = 0; id < vocab_size(); ++id)
        if (!is_added(id)) entries.emplace_back(bytes_to_symbols(token_bytes_[id]), id);
    const json vocab = vocab_object(std::move(entries));
    json merges = json::array();
    for (const auto& m : merges_)
        merges.push_back(bytes_to_symbols(token_bytes_[m.left]) + " " + bytes_to_symbols(token_bytes_[m.right]));
    json added = json::array();
    for (const auto& a : added_)
        added.push_back({{"id", a.id}, {"content", a.content}, {"single_word", false}, {"lstrip", false},
                         {"rstrip", false}, {"normalized", false}, {"special", a.special}});
    json pre = json::object();
    const json byte_level = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"trim_offsets", true}, {"use_regex", false}};
    if (pretokenizer_.pattern().empty()) {
        pre = byte_level;
    } else {
        pre = {{"type", "Sequence"},
               {"pretokenizers", json::array({json{{"type", "Split"}, {"pattern", {{"Regex", pretokenizer_.pattern()}}},
                                                   {"behavior", "Isolated"}, {"invert", false}},
                                              byte_level})}};
    }
    json doc = {{"version", "1.0"},
                {"truncation", nullptr},
                {"padding", nullptr},
                {"added_tokens", added},
                {"normalizer", json::parse(normalizer_.json_text())},
                {"pre_tokenizer", pre},
                {"post_processor", json::parse(post_processor_)},
                {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
                {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", nullptr},
                           {"end_of_word_suffix", nullptr}, {"fuse_unk", false}, {"byte_fallback", false}, {"ignore_merges", ignore_merges_},
                           {"vocab", vocab}, {"merges", merges}}}};
    return doc.dump(1);
}

// A loaded SentencePiece-style file written back: the sections this class does not model are
// kept verbatim, so transformers reads the copy exactly as it read the original.
std::string BpeTokenizer::to_byte_fallback_json_text() const {
    std::vector<std::pair<std::string, TokenId>> entries;
    for (TokenId id = 0; id < static_cast<TokenId>(vocab_strings_.size()); ++id)
        if (!vocab_strings_[id].empty()) entries.emplace_back(vocab_strings_[id], id);
    const json vocab = vocab_object(std::move(entries));
    json merges = json::array();
    for (const auto& m : merges_) merges.push_back(json::array({vocab_strings_[m.left], vocab_strings_[m.right]}));
    json added = json::array();
    for (const auto& a : added_)
        added.push_back({{"id", a.id}, {"content", a.content}, {"single_word", false}, {"lstrip", false},
                         {"rstrip", false}, {"normalized", false}, {"special", a.special}});
    json doc = {{"version", "1.0"},
                {"truncation", nullptr},
                {"padding", nullptr},
                {"added_tokens", added},
                {"normalizer", json::parse(normalizer_.json_text())},
                {"pre_tokenizer", json::parse(pre_tokenizer_json_)},
                {"post_processor", json::parse(post_processor_)},
                {"decoder", json::parse(decoder_json_)},
                {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", unk_token_.empty() ? json(nullptr) : json(unk_token_)},
                           {"continuing_subword_prefix", nullptr}, {"end_of_word_suffix", nullptr}, {"fuse_unk", true},
                           {"byte_fallback", true}, {"ignore_merges", ignore_merges_}, {"vocab", vocab}, {"merges", merges}}}};
    return doc.dump(1);
}

void BpeTokenizer::save(const std::filesystem::path& path) const { write_file_atomic(path, to_json_text()); }

BpeTokenizer BpeTokenizer::load(const std::filesystem::path& path) {
    return from_json_text(read_file(path), path.string());
}

namespace {

// The split a tokenizer.json's pre_tokenizer asks for: a Split regex or literal string (possibly
// inside a Sequence), or GPT-2's regex when a ByteLevel pre-tokenizer has use_regex on. nullopt
// when it is anything else.
struct SplitRule {
    std::string pattern;  // "": no split
    SplitBehavior behavior = SplitBehavior::Isolated;
};

std::optional<SplitRule> split_rule_of(const parsed_json& pre) {
    if (pre.is_null()) return SplitRule{};
    auto type = pre.value("type", "");
    if (type == "Split") {
        if (pre.value("invert", false)) return std::nullopt;
        const auto behavior = pre.value("behavior", "Isolated");
        SplitRule rule;
        if (behavior == "MergedWithPrevious") rule.behavior = SplitBehavior::MergedWithPrevious;
        else if (behavior == "MergedWithNext") rule.behavior = SplitBehavior::MergedWithNext;
        else if (behavior != "Isolated") return std::nullopt;
        const auto& pattern = pre.at("pattern");
        if (pattern.contains("Regex")) rule.pattern = pattern.at("Regex").get<std::string>();
        else if (pattern.contains("String")) rule.pattern = regex_for_literal(pattern.at("String").get<std::string>());
        else return std::nullopt;
        return rule;
    }
    if (type == "ByteLevel") return SplitRule{pre.value("use_regex", true) ? std::string(kGpt2SplitPattern) : std::string()};
    if (type == "Sequence") {
        SplitRule found;
        for (const auto& p : pre.at("pretokenizers")) {
            auto sub = split_rule_of(p);
            if (!sub) return std::nullopt;
            if (!sub->pattern.empty()) {
                if (!found.pattern.empty()) return std::nullopt;  // two splits in a row: not supported yet
                found = *sub;
            }
        }
        return found;
    }
    return std::nullopt;
}

// The literal replacements of a byte-fallback tokenizer's decoder, in order ("▁" → " "). Its other
// steps must be ByteFallback ("<0x0A>" → the byte) and Fuse (joining strings), which token_bytes()
// gives by construction; anything else (Strip, Metaspace with a prefix space) is refused.
std::optional<std::vector<std::pair<std::string, std::string>>> decoder_replacements(const parsed_json& decoder) {
    std::vector<std::pair<std::string, std::string>> out;
    bool byte_fallback = false;
    std::vector<const parsed_json*> steps;
    if (decoder.is_object() && decoder.value("type", "") == "Sequence" && decoder.contains("decoders") && decoder.at("decoders").is_array())
        for (const auto& d : decoder.at("decoders")) steps.push_back(&d);
    else
        steps.push_back(&decoder);
    for (const auto* d : steps) {
        if (!d->is_object()) return std::nullopt;
        const auto type = d->value("type", "");
        if (type == "ByteFallback") {
            byte_fallback = true;
        } else if (type == "Replace") {
            const auto& pattern = d->at("pattern");
            if (!pattern.is_object() || !pattern.contains("String")) return std::nullopt;
            out.emplace_back(pattern.at("String").get<std::string>(), d->at("content").get<std::string>());
        } else if (type != "Fuse") {
            return std::nullopt;
        }
    }
    if (!byte_fallback) return std::nullopt;
    return out;
}

std::string apply_replacements(std::string text, const std::vector<std::pair<std::string, std::string>>& replacements) {
    for (const auto& [from, to] : replacements) text = replace_all(text, from, to);
    return text;
}

// "<0x0A>" -> 0x0A, as SentencePiece spells byte tokens; nullopt for anything else.
std::optional<unsigned char> byte_token_value(std::string_view piece) {
    if (piece.size() != 6 || piece.substr(0, 3) != "<0x" || piece[5] != '>') return std::nullopt;
    const auto hex = [](char c) { return c >= '0' && c <= '9' ? c - '0' : c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1; };
    const int hi = hex(piece[3]), lo = hex(piece[4]);
    if (hi < 0 || lo < 0) return std::nullopt;
    return static_cast<unsigned char>(hi * 16 + lo);
}

std::string byte_token_spelling(unsigned char b) {
    static constexpr char digits[] = "0123456789ABCDEF";
    return std::string("<0x") + digits[b >> 4] + digits[b & 15] + ">";
}

}  // namespace

BpeTokenizer BpeTokenizer::from_json_text(std::string_view text, const std::string& origin) {
    auto bad = [&](const std::string& what) -> void { throw Error(origin + ": " + what); };
    parsed_json doc;
    try {
        doc = parsed_json::parse(text);
    } catch (const parsed_json::exception& e) {  // parse_error, or out_of_range for a number like 1e99999
        bad(std::string("not valid JSON (") + e.what() + ")");
    }
    BpeTokenizer tok;
    try {
        if (!doc.is_object() || !doc.contains("model")) bad("no \"model\" section: not a Hugging Face tokenizer.json");
        const auto& model = doc.at("model");
        if (model.value("type", "BPE") != "BPE") bad("model type \"" + model.value("type", "") + "\" is not BPE");
        if (doc.contains("normalizer")) tok.normalizer_ = Normalizer::from_json_text(doc.at("normalizer").dump(), origin);
        if (doc.contains("post_processor")) tok.post_processor_ = doc.at("post_processor").dump();
        tok.ignore_merges_ = model.contains("ignore_merges") && model.at("ignore_merges").is_boolean() && model.at("ignore_merges").get<bool>();
        tok.byte_fallback_ = model.contains("byte_fallback") && model.at("byte_fallback").is_boolean() && model.at("byte_fallback").get<bool>();
        const parsed_json pre = doc.contains("pre_tokenizer") ? doc.at("pre_tokenizer") : parsed_json();
        auto rule = split_rule_of(pre);
        if (!rule) bad("unsupported pre_tokenizer: " + pre.dump() + " (supported: Split by a regex or a string, ByteLevel, Sequences of them)");
        tok.pretokenizer_ = PreTokenizer(rule->pattern, rule->behavior);
        tok.pre_tokenizer_json_ = pre.dump();
        std::vector<std::pair<std::string, std::string>> replacements;  // byte fallback: the decoder's
        if (tok.byte_fallback_) {
            const parsed_json decoder = doc.contains("decoder") ? doc.at("decoder") : parsed_json();
            auto found = decoder_replacements(decoder);
            if (!found) bad("unsupported decoder for a byte-fallback tokenizer: " + decoder.dump() + " (supported: Replace, ByteFallback, Fuse)");
            replacements = std::move(*found);
            tok.decoder_json_ = decoder.dump();
            if (model.contains("unk_token") && model.at("unk_token").is_string()) tok.unk_token_ = model.at("unk_token").get<std::string>();
        }
        // Token bytes must concatenate back to the text, so a normalizer's replacement has to be one
        // the decoder undoes (Gemma: " " → "▁" by the normalizer, "▁" → " " by the decoder).
        for (const auto& step : tok.normalizer_.steps())
            if (step.kind == Normalizer::Step::Kind::Replace &&
                std::find(replacements.begin(), replacements.end(), std::pair{step.to, step.from}) == replacements.end())
                bad("the normalizer replaces \"" + step.from + "\" with \"" + step.to + "\" but the decoder does not undo it, so tokens would not spell the text");

        const auto& vocab = model.at("vocab");
        if (!vocab.is_object() || vocab.empty()) bad("model.vocab is missing or empty");
        std::unordered_map<std::string, TokenId> id_of_symbols;
        TokenId max_id = -1;
        // Ids index the id table, so each is bounded before anything is sized by it.
        const auto token_id = [&](const parsed_json& v, const std::string& what) {
            return static_cast<TokenId>(json_integer_in_range(v, 0, kMaxVocabularySize - 1, origin + ": " + what + " id"));
        };
        for (auto it = vocab.begin(); it != vocab.end(); ++it) {
            const auto id = token_id(it.value(), "vocab entry \"" + it.key() + "\"");
            id_of_symbols[it.key()] = id;
            max_id = std::max(max_id, id);
        }
        if (doc.contains("added_tokens") && doc.at("added_tokens").is_array())
            for (const auto& a : doc.at("added_tokens")) {
                const auto content = a.at("content").get<std::string>();
                AddedToken at{token_id(a.at("id"), "added token \"" + content + "\""), content, a.value("special", true)};
                tok.added_.push_back(at);
                max_id = std::max(max_id, at.id);
            }
        tok.token_bytes_.assign(static_cast<std::size_t>(max_id) + 1, std::string());
        if (tok.byte_fallback_) {
            tok.vocab_strings_.assign(tok.token_bytes_.size(), std::string());
            for (const auto& [symbols, id] : id_of_symbols) {
                const auto byte = byte_token_value(symbols);
                tok.token_bytes_[id] = byte ? std::string(1, static_cast<char>(*byte)) : apply_replacements(symbols, replacements);
                tok.vocab_strings_[id] = symbols;
            }
            for (const auto& a : tok.added_) tok.token_bytes_[a.id] = apply_replacements(a.content, replacements);
            for (int b = 0; b < 256; ++b) {
                auto it = id_of_symbols.find(byte_token_spelling(static_cast<unsigned char>(b)));
                if (it == id_of_symbols.end())
                    bad("byte fallback token " + byte_token_spelling(static_cast<unsigned char>(b)) + " is missing: every byte needs one for exact round trips");
                tok.byte_token_[b] = it->second;
            }
            for (int c = 0; c < 128; ++c) {
                auto it = id_of_symbols.find(std::string(1, static_cast<char>(c)));
                tok.ascii_piece_[c] = it == id_of_symbols.end() ? -1 : it->second;
            }
        } else {
            for (const auto& [symbols, id] : id_of_symbols) {
                auto bytes = symbols_to_bytes(symbols);
                if (!bytes) bad("vocab entry \"" + symbols + "\" is not in the byte-level alphabet (not a byte-level BPE tokenizer)");
                tok.token_bytes_[id] = *bytes;
                if (tok.ignore_merges_) tok.id_of_bytes_.emplace(*bytes, id);
            }
            for (const auto& a : tok.added_) tok.token_bytes_[a.id] = a.content;
            for (int b = 0; b < 256; ++b) {
                auto it = id_of_symbols.find(byte_to_symbol(static_cast<unsigned char>(b)));
                if (it == id_of_symbols.end()) bad("byte " + std::to_string(b) + " has no token: every byte needs one for exact round trips");
                tok.byte_token_[b] = it->second;
            }
        }
        const auto& merges = model.at("merges");
        if (!merges.is_array()) bad("model.merges is not an array");
        for (std::size_t r = 0; r < merges.size(); ++r) {
            std::string left, right;
            const auto& m = merges[r];
            if (m.is_string()) {
                auto s = m.get<std::string>();
                auto space = s.find(' ');
                if (space == std::string::npos) bad("merge " + std::to_string(r) + " \"" + s + "\" has no space");
                left = s.substr(0, space);
                right = s.substr(space + 1);
            } else if (m.is_array() && m.size() == 2) {
                left = m[0].get<std::string>();
                right = m[1].get<std::string>();
            } else {
                bad("merge " + std::to_string(r) + " is neither \"a b\" nor [a, b]");
            }
            auto l = id_of_symbols.find(left), rr = id_of_symbols.find(right), res = id_of_symbols.find(left + right);
            if (l == id_of_symbols.end() || rr == id_of_symbols.end() || res == id_of_symbols.end())
                bad("merge " + std::to_string(r) + " (\"" + left + "\" + \"" + right + "\") refers to tokens not in the vocabulary");
            tok.merges_.push_back({l->second, rr->second, res->second});
        }
        if (tok.byte_fallback_) tok.id_of_piece_ = std::move(id_of_symbols);
    } catch (const nlohmann::json::exception& e) {
        bad(std::string("malformed tokenizer.json (") + e.what() + ")");
    }
    tok.index();
    return tok;
}

}  // namespace ew::text

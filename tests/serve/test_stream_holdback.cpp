// What `empower serve` streams must never need taking back: stop strings split across tokens,
// UTF-8 characters split across tokens, and the end of the stream (serve/stream_holdback.h).
#include "serve/stream_holdback.h"

#include <QtTest>
#include <random>

using namespace ew::serve;

namespace {
bool startsMidCharacter(const std::string& s) { return !s.empty() && (static_cast<unsigned char>(s[0]) & 0xC0) == 0x80; }
}  // namespace

class TestStreamHoldback : public QObject {
    Q_OBJECT

private slots:
    void plainPiecesPassStraightThrough() {
        StreamHoldback h({});
        QCOMPARE(h.push("for "), std::string("for "));
        QCOMPARE(h.push("x in"), std::string("x in"));
        QCOMPARE(h.finish("for x in"), std::string());
    }

    void aStopStringSplitAcrossPiecesIsNeverSent() {
        StreamHoldback h({"\n\n"});
        QCOMPARE(h.push("a\n"), std::string("a"));  // "\n" may begin "\n\n"
        QCOMPARE(h.push("\nb"), std::string());      // it did: the stream ends at its start
        QCOMPARE(h.push("more"), std::string());
        QCOMPARE(h.finish("a"), std::string());
        QCOMPARE(h.sent(), std::string("a"));
    }

    void aHeldPrefixThatIsNotAStopIsSentWithTheNextPiece() {
        StreamHoldback h({"###"});
        QCOMPARE(h.push("x#"), std::string("x"));
        QCOMPARE(h.push("#"), std::string());
        QCOMPARE(h.push("y"), std::string("##y"));
        QCOMPARE(h.finish("x##yz"), std::string("z"));
    }

    void utf8CharactersAreNeverSplit() {
        StreamHoldback h({});
        QCOMPARE(h.push("caf\xC3"), std::string("caf"));
        QCOMPARE(h.push("\xA9!"), std::string("\xC3\xA9!"));
        // A four-byte character over three pieces.
        QCOMPARE(h.push("\xF0\x9F"), std::string());
        QCOMPARE(h.push("\x98"), std::string());
        QCOMPARE(h.push("\x80 ok"), std::string("\xF0\x9F\x98\x80 ok"));
    }

    void theEndSendsWhatWasHeldAndNothingThatWasNotServed() {
        StreamHoldback h({"```"});
        QCOMPARE(h.push("print(1)`"), std::string("print(1)"));
        QCOMPARE(h.finish("print(1)`"), std::string("`"));
        StreamHoldback other({});
        QCOMPARE(other.push("abc"), std::string("abc"));
        QCOMPARE(other.finish("xyz"), std::string());  // not a continuation of what was sent: nothing more
    }

    // Random text with multi-byte characters, cut at random bytes, against a random stop string:
    // what is sent, with the end, is exactly the text up to the first stop, and no piece sent
    // begins inside a character.
    void randomPiecesAddUpToTheServedText() {
        const std::vector<std::string> alphabet = {"a", "b", "\n", " ", "#", "\xC3\xA9", "\xE2\x82\xAC", "\xF0\x9F\x98\x80"};
        std::mt19937 rng(7);
        for (int round = 0; round < 500; ++round) {
            std::string text, stop;
            const int length = 1 + int(rng() % 40);
            for (int i = 0; i < length; ++i) text += alphabet[rng() % alphabet.size()];
            const int stopLength = int(rng() % 4);  // 0: no stop string
            for (int i = 0; i < stopLength; ++i) stop += alphabet[rng() % 5];
            std::string served = text;
            if (!stop.empty())
                if (const auto at = served.find(stop); at != std::string::npos) served.resize(at);
            StreamHoldback h(stop.empty() ? std::vector<std::string>{} : std::vector<std::string>{stop});
            std::string sent;
            for (std::size_t at = 0; at < text.size();) {
                const std::size_t n = std::min<std::size_t>(text.size() - at, 1 + rng() % 5);
                const auto piece = h.push(std::string_view(text).substr(at, n));
                QVERIFY(!startsMidCharacter(piece));
                sent += piece;
                at += n;
            }
            QVERIFY2(served.compare(0, sent.size(), sent) == 0, qPrintable(QString::number(round)));
            const auto rest = h.finish(served);
            QVERIFY(!startsMidCharacter(rest));
            QCOMPARE(sent + rest, served);
        }
    }
};

QTEST_GUILESS_MAIN(TestStreamHoldback)
#include "test_stream_holdback.moc"

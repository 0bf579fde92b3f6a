// SHA-256 against the published test vectors (FIPS 180-4 examples, NIST CAVP) and across block
// boundaries against a one-call digest.
#include "support/sha256.h"

#include <QtTest>

using namespace ew;

class TestSha256 : public QObject {
    Q_OBJECT
private slots:
    void publishedVectors_data() {
        QTest::addColumn<QByteArray>("message");
        QTest::addColumn<QString>("digest");
        QTest::newRow("empty") << QByteArray() << "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
        QTest::newRow("abc") << QByteArray("abc") << "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
        QTest::newRow("448 bits") << QByteArray("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")
                                  << "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";
        QTest::newRow("896 bits") << QByteArray("abcdefghbcdefghicdefghijdefghijkefghijklfghijklmghijklmnhijklmnoijklmnopjklmnopqklmnopqrlmnopqrsmnopqrstnopqrstu")
                                  << "cf5b16a778af8380036ce59e7b0492370b249b11e8f07a51afac45037afee9d1";
        QTest::newRow("a million a") << QByteArray(1000000, 'a') << "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0";
    }
    void publishedVectors() {
        QFETCH(QByteArray, message);
        QFETCH(QString, digest);
        QCOMPARE(QString::fromStdString(sha256_hex(std::string_view(message.constData(), message.size()))), digest);
    }

    // Pieces of every length give the digest of the whole (the 55/56/64-byte padding edges included).
    void piecesGiveTheWholesDigest() {
        std::string message;
        for (int i = 0; i < 200; ++i) message += static_cast<char>((i * 37 + 11) & 0xff);
        for (std::size_t length : {0, 1, 55, 56, 57, 63, 64, 65, 119, 120, 128, 200}) {
            const std::string_view whole(message.data(), length);
            for (std::size_t cut = 0; cut <= length; cut += 7) {
                Sha256 h;
                h.update(whole.substr(0, cut)).update(whole.substr(cut));
                QCOMPARE(h.hex_digest(), sha256_hex(whole));
            }
        }
        QCOMPARE(sha256_hex(std::string(55, 'a')), std::string("9f4390f8d30c2dd92ec9f095b65e2b9ae9b0a925a5258e241c9f1e910f734318"));
        QCOMPARE(sha256_hex(std::string(56, 'a')), std::string("b35439a4ac6f0948b6d6f9e3c6af0f5f590ce20f1bde7090ef7970686ec6738a"));
    }
};

QTEST_APPLESS_MAIN(TestSha256)
#include "test_sha256.moc"

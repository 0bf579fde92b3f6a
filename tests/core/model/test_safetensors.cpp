// safetensors: write/read round trip and validation of every way a file can be wrong.
#include "model/safetensors.h"
#include "support/error.h"
#include "support/file_io.h"

#include <QTemporaryDir>
#include <QtTest>
#include <cstring>

using namespace ew;
using namespace ew::model;

namespace {
std::string header_file(const std::string& header, std::size_t data_bytes) {
    std::string out;
    std::uint64_t n = header.size();
    for (int i = 0; i < 8; ++i) out += static_cast<char>((n >> (8 * i)) & 0xff);
    return out + header + std::string(data_bytes, '\0');
}
}  // namespace

class TestSafetensors : public QObject {
    Q_OBJECT
    QTemporaryDir dir_;
    std::filesystem::path path(const char* name) { return std::filesystem::path(dir_.path().toStdString()) / name; }

    void expect_error(const std::filesystem::path& p, const char* fragment) {
        try {
            SafetensorsFile::open(p);
            QFAIL("expected an error");
        } catch (const Error& e) {
            QString m = e.what();
            QVERIFY2(m.startsWith(QString::fromStdString(p.string())), qPrintable(m));
            QVERIFY2(m.contains(fragment), qPrintable(m));
        }
    }

private slots:
    void roundTrip() {
        std::vector<float> a{1.5f, -2.0f, 3.25f, 0.0f, 7.0f, 8.0f};
        std::vector<std::int64_t> b{1, 2, 3};
        std::vector<TensorView> views{{"a.weight", DType::F32, {2, 3}, a.data(), a.size() * 4},
                                      {"b", DType::I64, {3}, b.data(), b.size() * 8}};
        write_safetensors(path("ok.safetensors"), views, {{"note", "hello"}});
        auto f = SafetensorsFile::open(path("ok.safetensors"));
        QCOMPARE(f.tensors().size(), std::size_t(2));
        QCOMPARE(f.metadata().at("note"), std::string("hello"));
        const auto& ta = f.at("a.weight");
        QCOMPARE(ta.shape, (std::vector<std::int64_t>{2, 3}));
        QVERIFY(std::memcmp(f.bytes(ta).data(), a.data(), 24) == 0);
        QVERIFY(std::memcmp(f.bytes(f.at("b")).data(), b.data(), 24) == 0);
        QVERIFY_THROWS_EXCEPTION(Error, f.at("missing"));
    }
    void writerRejectsWrongByteCounts() {
        float x = 1;
        std::vector<TensorView> views{{"x", DType::F32, {2}, &x, 4}};
        QVERIFY_THROWS_EXCEPTION(Error, write_safetensors(path("bad.safetensors"), views));
        QVERIFY(!std::filesystem::exists(path("bad.safetensors")));
    }
    void truncatedFile() {
        std::vector<float> a(100, 1.0f);
        std::vector<TensorView> views{{"a", DType::F32, {100}, a.data(), 400}};
        write_safetensors(path("t.safetensors"), views);
        auto bytes = read_file(path("t.safetensors"));
        write_file_atomic(path("t.safetensors"), bytes.substr(0, bytes.size() - 10));
        expect_error(path("t.safetensors"), "outside");
        write_file_atomic(path("t2.safetensors"), bytes.substr(0, 5));
        expect_error(path("t2.safetensors"), "truncated");
    }
    void headerLongerThanFile() {
        std::string s = header_file("{}", 0);
        s[0] = static_cast<char>(0xff);
        s[1] = static_cast<char>(0xff);
        write_file_atomic(path("h.safetensors"), s);
        expect_error(path("h.safetensors"), "header length");
    }
    void invalidJson() {
        write_file_atomic(path("j.safetensors"), header_file("{not json", 0));
        expect_error(path("j.safetensors"), "not valid JSON");
    }
    void unknownDtype() {
        write_file_atomic(path("d.safetensors"), header_file(R"({"x":{"dtype":"Q4","shape":[1],"data_offsets":[0,1]}})", 1));
        expect_error(path("d.safetensors"), "unsupported dtype");
    }
    void sizeMismatch() {
        write_file_atomic(path("s.safetensors"), header_file(R"({"x":{"dtype":"F32","shape":[3],"data_offsets":[0,8]}})", 8));
        expect_error(path("s.safetensors"), "needs 12");
    }
    void overlappingTensors() {
        write_file_atomic(path("o.safetensors"),
                          header_file(R"({"x":{"dtype":"F32","shape":[2],"data_offsets":[0,8]},"y":{"dtype":"F32","shape":[2],"data_offsets":[4,12]}})", 12));
        expect_error(path("o.safetensors"), "overlap");
    }
    // A shape whose element or byte count wraps around 2^64 used to wrap to a small number (here
    // 0), so the file was accepted with a tensor claiming 2^64 elements in 0 bytes.
    void overflowingShapesAreRejected_data() {
        QTest::addColumn<QString>("header");
        QTest::newRow("elements wrap to 0") << R"({"huge":{"dtype":"F32","shape":[4294967296,4294967296],"data_offsets":[0,0]}})";
        QTest::newRow("bytes wrap to 0") << R"({"huge":{"dtype":"F32","shape":[4611686018427387904],"data_offsets":[0,0]}})";
        QTest::newRow("beyond int64") << R"({"huge":{"dtype":"U8","shape":[3,4611686018427387904],"data_offsets":[0,0]}})";
        QTest::newRow("zero dim hides an overflow") << R"({"huge":{"dtype":"U8","shape":[0,4294967296,4294967296],"data_offsets":[0,0]}})";
    }
    void overflowingShapesAreRejected() {
        QFETCH(QString, header);
        write_file_atomic(path("big.safetensors"), header_file(header.toStdString(), 8));
        expect_error(path("big.safetensors"), "tensor \"huge\" has shape");
        expect_error(path("big.safetensors"), "overflows 64 bits");
    }
    // Numbers get<>() would convert with undefined behaviour (a float or a negative into unsigned).
    void nonIntegerNumbersAreRejected_data() {
        QTest::addColumn<QString>("header");
        QTest::addColumn<QString>("expected");
        QTest::newRow("float dimension") << R"({"x":{"dtype":"U8","shape":[1e30],"data_offsets":[0,1]}})" << "not an integer";
        QTest::newRow("dimension above int64") << R"({"x":{"dtype":"U8","shape":[18446744073709551615],"data_offsets":[0,1]}})" << "outside 0..2^63-1";
        QTest::newRow("negative offset") << R"({"x":{"dtype":"U8","shape":[1],"data_offsets":[-1,0]}})" << "non-negative integers";
        QTest::newRow("float offset") << R"({"x":{"dtype":"U8","shape":[1],"data_offsets":[0,1e40]}})" << "non-negative integers";
    }
    void nonIntegerNumbersAreRejected() {
        QFETCH(QString, header);
        QFETCH(QString, expected);
        write_file_atomic(path("n.safetensors"), header_file(header.toStdString(), 8));
        expect_error(path("n.safetensors"), qPrintable(expected));
    }
    void checkedByteCount() {
        QCOMPARE(checked_byte_count(std::vector<std::int64_t>{2, 3}, DType::BF16), std::optional<std::uint64_t>(12));
        QCOMPARE(checked_byte_count(std::vector<std::int64_t>{}, DType::F64), std::optional<std::uint64_t>(8));  // a scalar
        QCOMPARE(checked_byte_count(std::vector<std::int64_t>{0, 5}, DType::F32), std::optional<std::uint64_t>(0));
        QVERIFY(!checked_byte_count(std::vector<std::int64_t>{-1}, DType::F32));
        QVERIFY(!checked_byte_count(std::vector<std::int64_t>{1ll << 62, 2}, DType::U8));  // 2^63 elements
        QVERIFY(checked_byte_count(std::vector<std::int64_t>{1ll << 61, 2}, DType::U8));
        TensorInfo t{"t", DType::F32, {1ll << 40, 1ll << 40}, 0, 0};
        QVERIFY_THROWS_EXCEPTION(Error, t.numel());
    }
    void writerRejectsOverflowingShapes() {
        float x = 0;
        std::vector<TensorView> views{{"x", DType::F32, {1ll << 32, 1ll << 32}, &x, 0}};
        QVERIFY_THROWS_EXCEPTION(Error, write_safetensors(path("w.safetensors"), views));
        QVERIFY(!std::filesystem::exists(path("w.safetensors")));
    }
    void missingFile() { expect_error(path("nope.safetensors"), "does not exist"); }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"

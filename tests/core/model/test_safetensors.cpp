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
    void missingFile() { expect_error(path("nope.safetensors"), "does not exist"); }
};

QTEST_GUILESS_MAIN(TestSafetensors)
#include "test_safetensors.moc"

// Strict typed JSON fields: integers that are floats, out of range or negative for an unsigned
// field are clear errors (nlohmann's value() truncated them, wrapped them, or — for 1e120 — had
// undefined behaviour, which the fuzzer found in study designs); the configuration readers that
// use json_field refuse them with the field's name.
#include "eval/eval_config.h"
#include "support/error.h"
#include "support/json_field.h"
#include "study/study_design.h"
#include "train/fine_tune_config.h"

#include <QtTest>
#include <nlohmann/json.hpp>

using namespace ew;
using nlohmann::json;

namespace {
// The ew::Error message `f` throws, or "" when it does not throw.
template <class F>
QString error_of(F f) {
    try {
        f();
    } catch (const Error& e) {
        return QString::fromStdString(e.what());
    }
    return {};
}
}  // namespace

class TestJsonField : public QObject {
    Q_OBJECT
private slots:
    void integersMustBeIntegersInRange_data() {
        QTest::addColumn<QString>("value");
        QTest::newRow("float beyond every integer") << "7.88889e+120";
        QTest::newRow("fraction") << "2.5";
        QTest::newRow("integral float") << "3.0";
        QTest::newRow("beyond int") << "3000000000";
        QTest::newRow("below int") << "-3000000000";
        QTest::newRow("string") << "\"4\"";
        QTest::newRow("bool") << "true";
        QTest::newRow("null") << "null";
    }
    void integersMustBeIntegersInRange() {
        QFETCH(QString, value);
        const json j = json::parse("{\"epochs\": " + value.toStdString() + "}");
        const QString error = error_of([&] { json_field(j, "epochs", 1, "run.json"); });
        QVERIFY2(error.startsWith("run.json: field \"epochs\" must be an integer in -2147483648..2147483647"), qPrintable(error));
    }
    void unsignedRefusesNegative() {
        const json j = json::parse(R"({"seed": -1})");
        QVERIFY(error_of([&] { json_field<std::uint64_t>(j, "seed", 0, "x"); }).contains("must be an integer in 0.."));
        const json big = json::parse(R"({"seed": 18446744073709551615})");
        QVERIFY(!error_of([&] { json_field<std::uint64_t>(big, "seed", 0, "x"); }).isEmpty());  // above int64: refused, not wrapped
        QCOMPARE(json_field<std::uint64_t>(json::parse(R"({"seed": 9007199254740993})"), "seed", 0, "x"), 9007199254740993ull);
    }
    void valuesOfEveryKindRead() {
        const json j = json::parse(R"({"i": -7, "d": 1, "f": 0.25, "b": false, "s": "text", "v": ["a", "b"]})");
        QCOMPARE(json_field(j, "i", 0, "x"), -7);
        QCOMPARE(json_field(j, "d", 0.5, "x"), 1.0);  // an integer is a fine double
        QCOMPARE(json_field(j, "f", 0.5, "x"), 0.25);
        QCOMPARE(json_field(j, "b", true, "x"), false);
        QCOMPARE(json_field(j, "s", std::string(), "x"), std::string("text"));
        QCOMPARE(json_field(j, "v", std::vector<std::string>(), "x"), (std::vector<std::string>{"a", "b"}));
        QCOMPARE(json_field(j, "absent", 42, "x"), 42);
        QCOMPARE(json_required_field<int>(j, "i", "x"), -7);
        QCOMPARE(error_of([&] { json_required_field<int>(j, "absent", "x"); }), QString("x: field \"absent\" is missing"));
    }
    void otherKindsAreRefusedByName() {
        const json j = json::parse(R"({"d": "1.5", "b": 1, "s": 3, "v": [1], "huge": 1e300})");
        QCOMPARE(error_of([&] { json_field(j, "d", 0.5, "x"); }), QString("x: field \"d\" must be a number, not \"1.5\""));
        QCOMPARE(error_of([&] { json_field(j, "b", true, "x"); }), QString("x: field \"b\" must be true or false, not 1"));
        QCOMPARE(error_of([&] { json_field(j, "s", std::string(), "x"); }), QString("x: field \"s\" must be a string, not 3"));
        QCOMPARE(error_of([&] { json_field(j, "v", std::vector<std::string>(), "x"); }), QString("x: field \"v\" has the wrong type"));
        QVERIFY(error_of([&] { json_field(j, "huge", 0.5f, "x"); }).contains("must be a finite number"));
        QCOMPARE(json_field(j, "huge", 0.5, "x"), 1e300);
    }
    void longValuesAreCutInMessages() {
        const json j = {{"s", std::vector<int>(10000, 1)}};
        const QString error = error_of([&] { json_field(j, "s", std::string(), "x"); });
        QVERIFY2(error.size() < 140 && error.endsWith("..."), qPrintable(error));
        const json wide = {{"s", std::string(75, 'a') + "\xC3\xA9\xC3\xA9\xC3\xA9"}};
        const QString cut = error_of([&] { json_field(wide, "s", 0, "x"); });
        QVERIFY(!cut.contains(QChar::ReplacementCharacter));
    }
    void configurationReadersUseStrictFields() {
        QCOMPARE(error_of([] { train::FineTuneConfig::from_json_text(R"({"dataset": "d", "out_dir": "o", "epochs": 2.5})", "run.json"); }),
                 QString("run.json: field \"epochs\" must be an integer in -2147483648..2147483647, not 2.5"));
        QVERIFY(error_of([] { train::FineTuneConfig::from_json_text(R"({"dataset": "d", "out_dir": "o", "seed": -1})", "run.json"); })
                    .contains("\"seed\""));
        QVERIFY(error_of([] { eval::EvalConfig::from_json_text(R"({"problems": "p", "max_tokens": 1e200})", "eval.json"); })
                    .contains("eval.json: field \"max_tokens\""));
        QCOMPARE(error_of([] { eval::EvalConfig::from_json_text(R"({"problems": "p", "human_seed": 3})", "eval.json"); }),
                 QString("eval.json: human_seed applies to the noisy-replay and patient-replay humans only"));
        QCOMPARE(error_of([] { eval::EvalConfig::from_json_text(R"({"problems": "p", "human": "noisy-replay", "human_seed": -2})", "eval.json"); }),
                 QString("eval.json: human_seed must be -1 (none) or a seed >= 0"));
        QCOMPARE(eval::EvalConfig::from_json_text(R"({"problems": "p", "human": "noisy-replay", "human_seed": 3})", "eval.json").human_seed,
                 std::int64_t{3});
        const json design = json::parse(
            R"({"name": "m", "problems": ["p"], "seed": 7.88889e+120, "arms": [{"name": "a"}], "phases": [{"kind": "assistant", "slot": 1}]})");
        QCOMPARE(error_of([&] { study::StudyDesign::from_json(design, "study.json"); }),
                 QString("study.json: field \"seed\" must be an integer in 0..9223372036854775807, not 7.88889e+120"));
        const json slot = json::parse(R"({"name": "m", "problems": ["p"], "arms": [{"name": "a"}], "phases": [{"kind": "assistant", "slot": 1.5}]})");
        QVERIFY(error_of([&] { study::StudyDesign::from_json(slot, "study.json"); }).startsWith("study.json: phases[0]: field \"slot\""));
    }
};

QTEST_APPLESS_MAIN(TestJsonField)
#include "test_json_field.moc"

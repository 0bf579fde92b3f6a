// Study exports read back as a statistician's CSV parser would (strict RFC 4180): typed text with
// quotes, commas, newlines and CRs round-trips cell for cell; text a spreadsheet would run as a
// formula carries one leading '; numbers (a pos of -1) stay bare numbers.
#include "store/workspace.h"
#include "study/study_export.h"
#include "study/study_store.h"
#include "support/file_io.h"
#include "support/rfc4180_reader.h"

#include <QTemporaryDir>
#include <QtTest>

using namespace ew;
using namespace ew::study;
namespace fs = std::filesystem;

class TestStudyExport : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path path(const char* name) { return fs::path(tmp_.path().toStdString()) / name; }

private slots:
    void csvCellsRoundTripAndFormulasAreNeutralised() {
        store::Workspace ws(path("s.sqlite"), true);
        StudyStore store(ws);
        store.create_study(StudyDesign::paper_default("csv", {"=lava"}));
        const auto study = *store.study("csv");
        const auto p = store.add_participant(study, "", "=HYPERLINK(\"http://evil\",\"x\")", {0, 1});
        const auto session = store.create_session(p.id, 1000.0);
        const std::vector<std::string> texts = {"plain",         "a, b",        "say \"hi\"",   "line 1\nline 2\r\nline 3",
                                                "=1+1",          "+cmd|' /C calc'!A0", "-2",    "@SUM(A1)",
                                                "\tx",           "\rx",         "'quoted",      ""};
        std::vector<StudyEvent> events;
        for (const auto& t : texts)
            events.push_back({session.id, static_cast<std::int64_t>(events.size()) + 1, 1000.0 + events.size(), 1, 1,
                              event::kTyped, -1, t, 0, ""});
        store.insert_events(events);
        const auto files = export_study(store, study, path("out"));

        const auto rows = testing::read_rfc4180(read_file(files.events_csv));
        QCOMPARE(rows.size(), texts.size() + 1);
        const auto& header = rows[0];
        const auto column = [&](const char* name) {
            return static_cast<std::size_t>(std::find(header.begin(), header.end(), name) - header.begin());
        };
        for (std::size_t i = 0; i < texts.size(); ++i) {
            const auto& row = rows[i + 1];
            QCOMPARE(row.size(), header.size());
            const bool formula = !texts[i].empty() && std::string_view("=+-@\t\r'").find(texts[i][0]) != std::string_view::npos;
            QCOMPARE(row[column("text")], formula ? "'" + texts[i] : texts[i]);
            QCOMPARE(row[column("pos")], std::string("-1"));  // a number, not neutralised
            QCOMPARE(row[column("problem")], std::string("'=HYPERLINK(\"http://evil\",\"x\")"));
            QCOMPARE(row[column("type")], std::string("typed"));
        }
        const auto summary = testing::read_rfc4180(read_file(files.participants_csv));
        QVERIFY(summary.size() >= 2);
        QCOMPARE(summary[1][1], std::string("'=HYPERLINK(\"http://evil\",\"x\")"));
    }
    // Text stored raw from a log that is not UTF-8 (older imports, a damaged database) exports with
    // U+FFFD; the export used to fail in the JSON bundle after writing the two CSVs.
    void invalidUtf8ExportsWithReplacement() {
        store::Workspace ws(path("u.sqlite"), true);
        StudyStore store(ws);
        store.create_study(StudyDesign::paper_default("bytes", {"lava"}));
        const auto study = *store.study("bytes");
        const auto p = store.add_participant(study, "", "lava", {0, 1});
        const auto session = store.create_session(p.id, 1000.0);
        const std::vector<StudyEvent> events{{session.id, 1, 1000.0, 1, 1, event::kTyped, -1, "ok \xFF\xFE", 0, ""}};
        store.insert_events(events);
        const auto out = path("u-out");
        const auto files = export_study(store, study, out);
        const auto bundle = read_file(files.bundle_json);
        QVERIFY(bundle.find("ok \xEF\xBF\xBD\xEF\xBF\xBD") != std::string::npos);
        QVERIFY(fs::exists(files.events_csv) && fs::exists(files.participants_csv));
    }
};

QTEST_GUILESS_MAIN(TestStudyExport)
#include "test_study_export.moc"

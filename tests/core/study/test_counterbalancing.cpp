// Counterbalancing is balanced for any participant count: after n participants every arm order
// and every (problem, order) cell has been used floor or ceil of its share. Also: the assignment
// is reproducible from the seed, and the study design validates what it must.
#include "study/counterbalancing.h"
#include "study/study_design.h"
#include "support/error.h"

#include <QtTest>
#include <map>

using namespace ew::study;

class TestCounterbalancing : public QObject {
    Q_OBJECT
private slots:
    void balancedForAnyParticipantCount() {
        for (int arms : {2, 3}) {
            for (const std::vector<std::string>& problems :
                 {std::vector<std::string>{"lava"}, {"lava", "keyboard"}, {"a", "b", "c"}}) {
                const int orders = arms == 2 ? 2 : 6;
                const int cells = orders * static_cast<int>(problems.size());
                std::map<std::pair<std::string, std::vector<int>>, int> cell_count;
                std::map<std::vector<int>, int> order_count;
                std::map<std::string, int> problem_count;
                for (int n = 1; n <= 60; ++n) {
                    const auto a = assign_participant(n - 1, arms, problems, 42);
                    ++cell_count[{a.problem, a.arm_order}];
                    ++order_count[a.arm_order];
                    ++problem_count[a.problem];
                    // every cell, order and problem within one of its fair share, at every n
                    for (const auto& [cell, c] : cell_count) QVERIFY(c == n / cells || c == (n + cells - 1) / cells);
                    int lo = n, hi = 0;
                    for (const auto& [o, c] : order_count) lo = std::min(lo, c), hi = std::max(hi, c);
                    if (static_cast<int>(order_count.size()) < orders) lo = 0;
                    QVERIFY2(hi - lo <= 1, qPrintable(QString("arms %1, n %2").arg(arms).arg(n)));
                    lo = n, hi = 0;
                    for (const auto& [p, c] : problem_count) lo = std::min(lo, c), hi = std::max(hi, c);
                    if (problem_count.size() < problems.size()) lo = 0;
                    QVERIFY(hi - lo <= 1);
                    // each slot shows each arm equally often (±1 per block)
                    QCOMPARE(static_cast<int>(a.arm_order.size()), arms);
                }
            }
        }
    }

    void reproducibleAndSeeded() {
        const std::vector<std::string> problems{"lava", "keyboard"};
        auto key = [](const Assignment& a) { return std::to_string(a.arm_order[0]) + a.problem; };
        std::vector<std::string> first, again, other;
        for (int i = 0; i < 12; ++i) {
            first.push_back(key(assign_participant(i, 2, problems, 7)));
            again.push_back(key(assign_participant(i, 2, problems, 7)));
            other.push_back(key(assign_participant(i, 2, problems, 8)));
        }
        QCOMPARE(first, again);
        QVERIFY(first != other);
        QCOMPARE(assign_participant(6, 2, problems, 7).code, std::string("P07"));
    }

    void designDefaultsAndValidation() {
        auto d = StudyDesign::paper_default("pilot", {"projects/lava-trap"});
        QCOMPARE(d.phases.size(), std::size_t(3));
        QCOMPARE(d.phases[0].minutes, 25);
        QCOMPARE(d.phases[1].minutes, 15);
        QCOMPARE(d.questionnaire.size(), std::size_t(3));
        const auto round_trip = StudyDesign::from_json(d.to_json(), "test");
        QCOMPARE(round_trip.to_json(), d.to_json());

        auto j = d.to_json();
        j["phases"][2]["slot"] = 1;  // slot 1 twice, slot 2 never
        QVERIFY_THROWS_EXCEPTION(ew::Error, StudyDesign::from_json(j, "test"));
        j = d.to_json();
        j["arms"][0]["etta"] = 3;  // a typo is an error, not a silent default
        try {
            StudyDesign::from_json(j, "design.json");
            QFAIL("accepted an unknown field");
        } catch (const ew::Error& e) {
            QVERIFY(std::string(e.what()).find("etta") != std::string::npos);
        }
        j = d.to_json();
        j["questionnaire"][1]["id"] = "relevance";
        QVERIFY_THROWS_EXCEPTION(ew::Error, StudyDesign::from_json(j, "test"));
        j = d.to_json();
        j["problems"] = nlohmann::json::array();
        QVERIFY_THROWS_EXCEPTION(ew::Error, StudyDesign::from_json(j, "test"));
        // An arm's policy is one the participant window can run; empower-auto's η is its prior.
        j = d.to_json();
        j["arms"][0]["policy"] = "empower-4ever";
        try {
            StudyDesign::from_json(j, "design.json");
            QFAIL("accepted empower-4ever");
        } catch (const ew::Error& e) {
            QVERIFY2(std::string(e.what()).find("unknown policy") != std::string::npos, e.what());
            QVERIFY2(std::string(e.what()).find("empower-auto") != std::string::npos, e.what());
        }
        j = d.to_json();
        j["arms"][0]["policy"] = "empower-auto";
        QCOMPARE(StudyDesign::from_json(j, "design.json").arms[0].policy, std::string("empower-auto"));
        // A served arm names its server (and a key file), never a model directory as well.
        j = d.to_json();
        j["arms"][0]["server"] = "http://gpu-box:9532";
        j["arms"][0]["api_key_file"] = "/home/study/gpu.key";
        const auto served = StudyDesign::from_json(j, "design.json");
        QCOMPARE(served.arms[0].server, std::string("http://gpu-box:9532"));
        QCOMPARE(served.arms[0].api_key_file, std::string("/home/study/gpu.key"));
        QVERIFY(StudyDesign::from_json(served.to_json(), "again").to_json() == served.to_json());
        QVERIFY(!d.to_json()["arms"][0].contains("server"));  // designs without served arms are written as before
        const auto refused = [&](nlohmann::json arm, const char* says) {
            auto k = d.to_json();
            k["arms"][0].update(arm);
            try {
                StudyDesign::from_json(k, "design.json");
            } catch (const ew::Error& e) {
                return std::string(e.what()).find(says) != std::string::npos;
            }
            return false;
        };
        QVERIFY(refused({{"server", "gpu-box:9532"}}, "http://host:port"));
        QVERIFY(refused({{"server", "http://gpu-box:9532"}, {"model", "/models/qwen"}}, "both a server and a model"));
        QVERIFY(refused({{"api_key_file", "/k"}}, "no \"server\""));
    }
};

QTEST_GUILESS_MAIN(TestCounterbalancing)
#include "test_counterbalancing.moc"

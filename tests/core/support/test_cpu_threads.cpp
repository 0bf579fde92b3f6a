// default_cpu_threads (support/cpu_threads.h): the person's OMP_NUM_THREADS first, else the
// physical cores this process may run on — not libtorch's count, which is 1 on some 2-core VMs.
#include "support/cpu_threads.h"

#include <sched.h>

#include <QtTest>
#include <cstdlib>

class TestCpuThreads : public QObject {
    Q_OBJECT

    static int cpusInMask() {
        cpu_set_t mask;
        CPU_ZERO(&mask);
        sched_getaffinity(0, sizeof(mask), &mask);
        return CPU_COUNT(&mask);
    }

private slots:
    void init() { unsetenv("OMP_NUM_THREADS"); }
    void cleanup() { unsetenv("OMP_NUM_THREADS"); }

    void ompNumThreadsIsThePersonsChoice() {
        setenv("OMP_NUM_THREADS", "3", 1);
        QCOMPARE(ew::default_cpu_threads(), 3);
        QCOMPARE(ew::describe_cpu_threads(0), std::string("3 threads (OMP_NUM_THREADS)"));
        setenv("OMP_NUM_THREADS", "5,2", 1);  // nested levels: the first is the outer team
        QCOMPARE(ew::default_cpu_threads(), 5);
    }

    void aMalformedSettingIsIgnored() {
        const int counted = ew::default_cpu_threads();
        for (const char* bad : {"0", "-2", "four", "3x", ""}) {
            setenv("OMP_NUM_THREADS", bad, 1);
            QCOMPARE(ew::default_cpu_threads(), counted);
        }
    }

    void countsOnlyTheCpusThisProcessMayUse() {
        const int all = cpusInMask();
        const int n = ew::default_cpu_threads();
        QVERIFY(n >= 1);
        QVERIFY(n <= all);
        // Pinned to one CPU (as `taskset -c 0` would): one thread, whatever the machine has.
        cpu_set_t saved, one;
        CPU_ZERO(&saved);
        QCOMPARE(sched_getaffinity(0, sizeof(saved), &saved), 0);
        int first = 0;
        while (!CPU_ISSET(first, &saved)) ++first;
        CPU_ZERO(&one);
        CPU_SET(first, &one);
        QCOMPARE(sched_setaffinity(0, sizeof(one), &one), 0);
        const int pinned = ew::default_cpu_threads();
        sched_setaffinity(0, sizeof(saved), &saved);
        QCOMPARE(pinned, 1);
        QCOMPARE(ew::describe_cpu_threads(0), std::to_string(n) + (n == 1 ? " thread" : " threads") + " (physical cores)");
        QCOMPARE(ew::describe_cpu_threads(4), std::string("4 threads (--threads)"));
    }
};

QTEST_APPLESS_MAIN(TestCpuThreads)
#include "test_cpu_threads.moc"

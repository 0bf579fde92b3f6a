// Child process for the event log's durability tests. It prints "durable <seq>" each time the log
// reports a new durable sequence number, so the parent knows what must be on disk.
//
//   WORKSPACE SESSION_ID                  kill -9 test: appends one event per millisecond (a very
//                                         fast typist) until killed.
//   WORKSPACE SESSION_ID --fsize BYTES    full-disk test: no file may grow past BYTES
//                                         (RLIMIT_FSIZE, SIGXFSZ ignored so writes fail with EFBIG
//                                         instead of killing us). Appends one event at a time until
//                                         the disk refuses, then a burst too big for any file,
//                                         then close(); prints "closed <durable> <appended>" and
//                                         "error <last_error>" and exits 0.
#include "study/event_log.h"

#include <chrono>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/resource.h>
#include <thread>

namespace {

ew::study::StudyEvent typed(std::int64_t seq) {
    ew::study::StudyEvent e;
    e.type = ew::study::event::kTyped;
    e.phase = 1;
    e.slot = 1;
    e.pos = 0;
    // The text names the seq the log will assign, so the parent can check every row is intact.
    e.text = "x" + std::to_string(seq);
    e.payload = R"({"stress":true})";
    return e;
}

void report(const char* what, std::int64_t value) {
    std::printf("%s %lld\n", what, static_cast<long long>(value));
    std::fflush(stdout);
}

int fill_the_disk(ew::study::EventLog& log, std::int64_t first) {
    std::int64_t next = first;
    for (bool accepted = true; accepted && next < first + 5000; ++next) {
        if (log.append(typed(next)) != next) return 3;
        accepted = log.flush(std::chrono::seconds(2));  // false: the file size limit has been reached
        report("durable", log.durable_seq());
    }
    for (const auto burst_end = next + 20000; next < burst_end; ++next)
        if (log.append(typed(next)) != next) return 3;
    log.close();
    std::printf("closed %lld %lld\nerror %s\n", static_cast<long long>(log.durable_seq()), static_cast<long long>(next - 1),
                log.last_error().c_str());
    std::fflush(stdout);
    return 0;
}

}  // namespace

int main(int argc, char** argv) {
    if (argc != 3 && !(argc == 5 && std::strcmp(argv[3], "--fsize") == 0)) {
        std::fprintf(stderr, "usage: %s WORKSPACE SESSION_ID [--fsize BYTES]\n", argv[0]);
        return 2;
    }
    if (argc == 5) {
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{static_cast<rlim_t>(std::atoll(argv[4])), static_cast<rlim_t>(std::atoll(argv[4]))};
        if (setrlimit(RLIMIT_FSIZE, &limit) != 0) return 4;
    }
    ew::study::EventLog log(argv[1], std::atoll(argv[2]));
    std::int64_t reported = log.durable_seq();
    report("ready", reported);
    if (argc == 5) return fill_the_disk(log, reported + 1);
    std::int64_t next = reported + 1;  // this process is the only writer, so it knows each seq
    for (;; ++next) {
        if (log.append(typed(next)) != next) return 3;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const auto durable = log.durable_seq();
        if (durable != reported) {
            reported = durable;
            report("durable", durable);
        }
    }
}

// Child process for the kill -9 durability test: appends study events as fast as a very fast
// typist (one per millisecond) and prints "durable <seq>" each time the log reports a new
// durable sequence number, so the parent knows what must survive when it kills this process.
#include "study/event_log.h"

#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>

int main(int argc, char** argv) {
    if (argc != 3) {
        std::fprintf(stderr, "usage: %s WORKSPACE SESSION_ID\n", argv[0]);
        return 2;
    }
    ew::study::EventLog log(argv[1], std::atoll(argv[2]));
    std::int64_t reported = log.durable_seq();
    std::printf("ready %lld\n", static_cast<long long>(reported));
    std::fflush(stdout);
    std::int64_t next = reported + 1;  // this process is the only writer, so it knows each seq
    for (;; ++next) {
        ew::study::StudyEvent e;
        e.type = ew::study::event::kTyped;
        e.phase = 1;
        e.slot = 1;
        e.pos = 0;
        // The text names the seq the log will assign, so the parent can check every row is intact.
        e.text = "x" + std::to_string(next);
        e.payload = R"({"stress":true})";
        if (log.append(e) != next) return 3;
        std::this_thread::sleep_for(std::chrono::milliseconds(1));
        const auto durable = log.durable_seq();
        if (durable != reported) {
            reported = durable;
            std::printf("durable %lld\n", static_cast<long long>(durable));
            std::fflush(stdout);
        }
    }
}

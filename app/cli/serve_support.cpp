#include "cli/serve_support.h"

#include <atomic>
#include <pthread.h>
#include <thread>

namespace ew::cli {

sigset_t block_stop_signals() {
    sigset_t stop_signals;
    sigemptyset(&stop_signals);
    sigaddset(&stop_signals, SIGINT);
    sigaddset(&stop_signals, SIGTERM);
    pthread_sigmask(SIG_BLOCK, &stop_signals, nullptr);
    return stop_signals;
}

void serve_until_stopped(const std::vector<serve::HttpServer*>& servers, const sigset_t& stop_signals) {
    std::atomic<std::size_t> listening{servers.size()};
    std::thread waiter([&servers, stop_signals] {
        int sig = 0;
        sigwait(&stop_signals, &sig);
        for (auto* s : servers) s->stop();
    });
    std::vector<std::thread> listeners;
    for (auto* s : servers)
        listeners.emplace_back([s, &listening, &waiter] {
            s->listen();
            // The last to return (a socket failed, or all were stopped) wakes the waiter so it can be joined.
            if (--listening == 0) pthread_kill(waiter.native_handle(), SIGTERM);
        });
    for (auto& t : listeners) t.join();
    waiter.join();
}

}  // namespace ew::cli

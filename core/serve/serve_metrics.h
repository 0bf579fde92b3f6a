// What `GET /metrics` reports, in Prometheus' text format: requests by route and status, latency
// of completions as a histogram, tokens generated, cancellations, requests waiting. Counted from
// every connection thread, so everything is atomic or under one mutex.
#pragma once
#include <array>
#include <atomic>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>

namespace ew::serve {

class ServeMetrics {
public:
    void count_request(const std::string& route, int status);
    void observe_latency(double seconds);  // a completion, from arrival to answer
    void add_generated_tokens(std::int64_t n) { generated_tokens_ += n; }
    void count_cancellation() { ++cancellations_; }
    void set_waiting(std::int64_t n) { waiting_ = n; }

    std::int64_t requests(const std::string& route, int status) const;
    std::int64_t cancellations() const { return cancellations_; }
    std::int64_t generated_tokens() const { return generated_tokens_; }
    std::string prometheus_text(bool model_loaded) const;

    // Upper bounds (seconds) of the latency buckets; the last bucket is +Inf.
    static constexpr std::array<double, 11> kBuckets = {0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30};

private:
    mutable std::mutex mutex_;
    std::map<std::pair<std::string, int>, std::int64_t> requests_;
    std::array<std::int64_t, kBuckets.size() + 1> latency_counts_{};
    double latency_sum_ = 0;
    std::atomic<std::int64_t> generated_tokens_{0}, cancellations_{0}, waiting_{0};
};

}  // namespace ew::serve

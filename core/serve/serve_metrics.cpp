#include "serve/serve_metrics.h"

#include <sstream>

namespace ew::serve {

void ServeMetrics::count_request(const std::string& route, int status) {
    std::lock_guard lock(mutex_);
    ++requests_[{route, status}];
}

void ServeMetrics::observe_latency(double seconds) {
    std::lock_guard lock(mutex_);
    std::size_t b = 0;
    while (b < kBuckets.size() && seconds > kBuckets[b]) ++b;
    ++latency_counts_[b];
    latency_sum_ += seconds;
}

std::int64_t ServeMetrics::requests(const std::string& route, int status) const {
    std::lock_guard lock(mutex_);
    const auto it = requests_.find({route, status});
    return it == requests_.end() ? 0 : it->second;
}

std::string ServeMetrics::prometheus_text(bool model_loaded) const {
    std::lock_guard lock(mutex_);
    std::ostringstream out;
    out << "# HELP empower_requests_total HTTP requests answered, by route and status.\n"
        << "# TYPE empower_requests_total counter\n";
    for (const auto& [key, n] : requests_)
        out << "empower_requests_total{route=\"" << key.first << "\",status=\"" << key.second << "\"} " << n << "\n";
    out << "# HELP empower_completion_seconds Time from a completion request's arrival to its answer.\n"
        << "# TYPE empower_completion_seconds histogram\n";
    std::int64_t cumulative = 0;
    for (std::size_t b = 0; b < kBuckets.size(); ++b) {
        cumulative += latency_counts_[b];
        out << "empower_completion_seconds_bucket{le=\"" << kBuckets[b] << "\"} " << cumulative << "\n";
    }
    cumulative += latency_counts_.back();
    out << "empower_completion_seconds_bucket{le=\"+Inf\"} " << cumulative << "\n"
        << "empower_completion_seconds_sum " << latency_sum_ << "\n"
        << "empower_completion_seconds_count " << cumulative << "\n"
        << "# HELP empower_generated_tokens_total Tokens the model generated (before the cut).\n"
        << "# TYPE empower_generated_tokens_total counter\n"
        << "empower_generated_tokens_total " << generated_tokens_.load() << "\n"
        << "# HELP empower_cancellations_total Completions stopped because the client went away.\n"
        << "# TYPE empower_cancellations_total counter\n"
        << "empower_cancellations_total " << cancellations_.load() << "\n"
        << "# HELP empower_requests_waiting Completions waiting for the model.\n"
        << "# TYPE empower_requests_waiting gauge\n"
        << "empower_requests_waiting " << waiting_.load() << "\n"
        << "# HELP empower_model_loaded 1 when the model is in memory.\n"
        << "# TYPE empower_model_loaded gauge\n"
        << "empower_model_loaded " << (model_loaded ? 1 : 0) << "\n";
    return out.str();
}

}  // namespace ew::serve

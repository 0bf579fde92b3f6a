#include "support/cpu_threads.h"

#include <sched.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>
#include <fstream>
#include <set>
#include <string_view>
#include <thread>

namespace ew {
namespace {

int omp_num_threads_setting() {
    const char* value = std::getenv("OMP_NUM_THREADS");
    if (!value) return 0;
    // "4" or the first level of a nested list "4,2"
    const std::string_view text(value);
    int n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || n <= 0 || (end != text.data() + text.size() && *end != ',')) return 0;
    return n;
}

// Physical cores among the CPUs in the affinity mask: one per distinct sibling list. 0 when the kernel
// does not say (no sysfs), so the caller falls back to counting CPUs.
int physical_cores_in(const cpu_set_t& mask) {
    std::set<std::string> cores;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (!CPU_ISSET(cpu, &mask)) continue;
        std::ifstream siblings("/sys/devices/system/cpu/cpu" + std::to_string(cpu) + "/topology/thread_siblings_list");
        std::string list;
        if (!std::getline(siblings, list) || list.empty()) return 0;
        cores.insert(list);
    }
    return static_cast<int>(cores.size());
}

int cpus_available(cpu_set_t* mask) {
    CPU_ZERO(mask);
    if (sched_getaffinity(0, sizeof(*mask), mask) == 0) return CPU_COUNT(mask);
    return 0;
}

}  // namespace

int default_cpu_threads() {
    if (const int n = omp_num_threads_setting(); n > 0) return n;
    cpu_set_t mask;
    const int cpus = cpus_available(&mask);
    if (cpus > 0) {
        const int cores = physical_cores_in(mask);
        return std::max(1, cores > 0 ? std::min(cores, cpus) : cpus);
    }
    return std::max(1, static_cast<int>(std::thread::hardware_concurrency()));
}

std::string describe_cpu_threads(int requested) {
    if (requested > 0) return std::to_string(requested) + (requested == 1 ? " thread" : " threads") + " (--threads)";
    const int n = default_cpu_threads();
    const char* why = omp_num_threads_setting() > 0 ? "OMP_NUM_THREADS" : "physical cores";
    return std::to_string(n) + (n == 1 ? " thread" : " threads") + " (" + why + ")";
}

}  // namespace ew

// How many threads CPU math uses when the person did not say.
//
// libtorch's own default is its count of physical cores, but that count comes from a CPU-identification
// library that misreads some virtual machines: on a 2-core AMD EPYC VM it gives 1, so the GUI (which
// never passed --threads) suggested at half speed — 1.0 s instead of 0.6 s per 8-token suggestion with
// a 0.6B model. We count the cores ourselves from what the kernel reports.
#pragma once

#include <string>

namespace ew {

// OMP_NUM_THREADS when it is a positive integer (the person's explicit choice); otherwise the physical
// cores among the CPUs this process may run on (its affinity mask: taskset, cpusets), one per set of
// hyper-thread siblings; otherwise the CPUs in the mask. Never less than 1.
int default_cpu_threads();

// "2 threads (physical cores)", "3 threads (OMP_NUM_THREADS)", "4 threads (--threads)": for logs and
// status lines, so a slow machine can be told from a misconfigured one.
std::string describe_cpu_threads(int requested);

}  // namespace ew

// What sbatch, squeue, scontrol and sacct print, read into job ids and job states. The first
// byte picks the command; the rest is its output.
#include "cluster/slurm_output.h"
#include "fuzz_support.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::string out(ew::fuzz::as_text(data + 1, size - 1));
    ew::fuzz::expect_clean([&] {
        switch (data[0] % 4) {
            case 0:
                if (const auto id = ew::cluster::job_id_from_sbatch(out)) ew::fuzz::require(ew::cluster::is_slurm_job_id(*id), "a job id");
                break;
            case 1: (void)ew::cluster::status_from_squeue(out); break;
            case 2: (void)ew::cluster::status_from_scontrol(out); break;
            default: (void)ew::cluster::status_from_sacct(out); break;
        }
    });
    return 0;
}

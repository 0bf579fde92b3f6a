// Data-parallel training on one node: W processes ("ranks"), each holding the whole model on its
// own device (cuda:<rank>, or a share of the CPU threads). Every micro-batch's rows are dealt
// round-robin to the ranks; each rank's loss is its rows' token-loss sum divided by the token count
// of the WHOLE micro-batch, so summing the ranks' gradients gives exactly the single-process
// gradient, and the identical optimizer steps keep the replicas identical. The sum runs through a
// c10d process group: NCCL for CUDA tensors when libtorch was built with it, Gloo otherwise (Gloo
// handles CPU tensors; Debian's libtorch has Gloo and no NCCL). Rendezvous: a TCPStore on
// 127.0.0.1 served by rank 0.
#pragma once
#include <chrono>
#include <memory>
#include <string>
#include <vector>

namespace at {
class Tensor;
}

namespace ew::train {

struct DataParallelRank {
    int rank = 0;
    int world = 1;
    int port = 0;  // the rendezvous port on 127.0.0.1 (rank 0 listens)
};

class GradientExchange {
public:
    // Blocks until all ranks have joined (or `timeout` passes: an error naming the missing ranks).
    GradientExchange(const DataParallelRank& rank, bool cuda, std::chrono::milliseconds timeout = std::chrono::minutes(10));
    ~GradientExchange();
    GradientExchange(const GradientExchange&) = delete;
    GradientExchange& operator=(const GradientExchange&) = delete;

    // Sums the tensors across ranks, in place (one flattened buffer: one collective per step).
    void sum(std::vector<at::Tensor>& tensors);
    // Sums a few scalars across ranks (the step's loss, a stop request).
    std::vector<double> sum_scalars(const std::vector<double>& values);
    void barrier();
    const std::string& backend() const { return backend_; }

private:
    struct Impl;
    std::unique_ptr<Impl> impl_;
    std::string backend_;
};

// A free TCP port on 127.0.0.1 for the rendezvous (bound and released; rank 0 binds it next).
int free_local_port();

}  // namespace ew::train

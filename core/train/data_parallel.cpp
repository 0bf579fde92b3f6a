#include "train/data_parallel.h"

#include "support/error.h"

#include <torch/version.h>
// libtorch 2.x guards its Gloo header with USE_C10D_GLOO, and that header includes Gloo's own,
// which PyTorch's wheels do not ship (seen with 2.11+cu130): Gloo is usable only where they exist.
#if TORCH_VERSION_MAJOR < 2 || __has_include(<gloo/algorithm.h>)
#if TORCH_VERSION_MAJOR >= 2 && !defined(USE_C10D_GLOO)
#define USE_C10D_GLOO
#endif
#define EW_HAVE_GLOO 1
#include <torch/csrc/distributed/c10d/ProcessGroupGloo.hpp>
#endif
#if TORCH_VERSION_MAJOR >= 2
#include <torch/csrc/distributed/c10d/Backend.hpp>
#endif
#include <torch/csrc/distributed/c10d/TCPStore.hpp>
#if defined(USE_C10D_NCCL) && __has_include(<nccl.h>)  // likewise NCCL's header, in its own wheel
#define EW_HAVE_NCCL 1
#include <torch/csrc/distributed/c10d/ProcessGroupNCCL.hpp>
#endif
#include <torch/torch.h>

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

namespace ew::train {

// Since libtorch 2.0 the Gloo and NCCL groups are c10d::Backend objects; before, ProcessGroups.
#if TORCH_VERSION_MAJOR >= 2
using CollectiveGroup = c10d::Backend;
#else
using CollectiveGroup = c10d::ProcessGroup;
#endif

struct GradientExchange::Impl {
    c10::intrusive_ptr<c10d::Store> store;
    c10::intrusive_ptr<CollectiveGroup> group;
    bool cuda = false;
};

GradientExchange::GradientExchange(const DataParallelRank& r, bool cuda, std::chrono::milliseconds timeout)
    : impl_(std::make_unique<Impl>()) {
    if (r.world < 2 || r.rank < 0 || r.rank >= r.world) throw Error("data parallel: bad rank " + std::to_string(r.rank) + " of " + std::to_string(r.world));
    try {
        c10d::TCPStoreOptions options;
        options.port = static_cast<std::uint16_t>(r.port);
        options.isServer = r.rank == 0;
        options.numWorkers = static_cast<std::size_t>(r.world);
        options.waitWorkers = true;
        options.timeout = timeout;
        impl_->store = c10::make_intrusive<c10d::TCPStore>("127.0.0.1", options);
        impl_->cuda = cuda;
#ifdef EW_HAVE_NCCL
        if (cuda) {
            auto nccl = c10d::ProcessGroupNCCL::Options::create();
            nccl->timeout = timeout;
            impl_->group = c10::make_intrusive<c10d::ProcessGroupNCCL>(impl_->store, r.rank, r.world, nccl);
            backend_ = "nccl";
        }
#endif
#ifdef EW_HAVE_GLOO
        if (!impl_->group) {
            auto gloo = c10d::ProcessGroupGloo::Options::create(timeout);
            gloo->devices.push_back(c10d::ProcessGroupGloo::createDeviceForHostname("127.0.0.1"));
            impl_->group = c10::make_intrusive<c10d::ProcessGroupGloo>(impl_->store, r.rank, r.world, gloo);
            backend_ = "gloo";
        }
#endif
        if (!impl_->group) throw Error("this libtorch has neither Gloo nor (for CUDA tensors) NCCL");
    } catch (const std::exception& e) {
        throw Error("data parallel: rank " + std::to_string(r.rank) + " of " + std::to_string(r.world) +
                    " could not join the others on 127.0.0.1:" + std::to_string(r.port) + ": " + e.what());
    }
}

GradientExchange::~GradientExchange() = default;

void GradientExchange::sum(std::vector<at::Tensor>& tensors) {
    if (tensors.empty()) return;
    std::vector<at::Tensor> flat{torch::cat([&] {
        std::vector<at::Tensor> views;
        for (auto& t : tensors) views.push_back(t.reshape({-1}));
        return views;
    }())};
    try {
        impl_->group->allreduce(flat)->wait();
    } catch (const std::exception& e) {
        throw Error(std::string("data parallel: exchanging gradients failed (did another rank die?): ") + e.what());
    }
    std::int64_t offset = 0;
    for (auto& t : tensors) {
        t.copy_(flat[0].narrow(0, offset, t.numel()).view_as(t));
        offset += t.numel();
    }
}

std::vector<double> GradientExchange::sum_scalars(const std::vector<double>& values) {
    auto options = torch::TensorOptions().dtype(torch::kFloat64).device(impl_->cuda ? torch::kCUDA : torch::kCPU);
    std::vector<at::Tensor> buffer{torch::tensor(values, options)};
    try {
        impl_->group->allreduce(buffer)->wait();
    } catch (const std::exception& e) {
        throw Error(std::string("data parallel: a rank stopped answering (killed?): ") + e.what());
    }
    auto cpu = buffer[0].cpu();
    return {cpu.data_ptr<double>(), cpu.data_ptr<double>() + cpu.numel()};
}

void GradientExchange::barrier() {
    try {
        impl_->group->barrier()->wait();
    } catch (const std::exception& e) {
        throw Error(std::string("data parallel: a rank did not reach the barrier: ") + e.what());
    }
}

int free_local_port() {
    const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
    if (fd < 0) throw Error("data parallel: no socket for the rendezvous port");
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    addr.sin_port = 0;
    socklen_t len = sizeof addr;
    if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0 || ::getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len) != 0) {
        ::close(fd);
        throw Error("data parallel: cannot find a free port on 127.0.0.1");
    }
    ::close(fd);
    return ntohs(addr.sin_port);
}

}  // namespace ew::train

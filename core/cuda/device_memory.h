// Free and total memory of a CUDA device, from the CUDA runtime, so a model too large for the GPU
// is refused before its weights are read, as one too large for RAM is (model/memory_estimate.h).
// Pure C++ header; built only with the CUDA kernels (EW_HAVE_CUDA_KERNELS).
#pragma once
#include <cstdint>
#include <string>

namespace ew::cuda {

struct DeviceMemory {
    std::uint64_t free = 0, total = 0;
    std::string error;  // empty on success
};

DeviceMemory device_memory(int device);

}  // namespace ew::cuda

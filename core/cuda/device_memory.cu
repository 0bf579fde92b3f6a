#include "cuda/device_memory.h"

#include <cuda_runtime.h>

namespace ew::cuda {

DeviceMemory device_memory(int device) {
    DeviceMemory m;
    int previous = 0;
    if (cudaGetDevice(&previous) != cudaSuccess) previous = 0;
    cudaError_t err = cudaSetDevice(device);
    std::size_t free = 0, total = 0;
    if (err == cudaSuccess) err = cudaMemGetInfo(&free, &total);
    cudaSetDevice(previous);
    if (err != cudaSuccess) {
        m.error = cudaGetErrorString(err);
        return m;
    }
    m.free = free;
    m.total = total;
    return m;
}

}  // namespace ew::cuda

#include "support/build_info.h"

#include <torch/cuda.h>
#include <torch/version.h>

namespace ew {

std::string libtorch_version() { return TORCH_VERSION; }
bool libtorch_has_cuda() { return torch::cuda::is_available(); }

}  // namespace ew

#include "support/heap_retention.h"

#include <malloc.h>

namespace ew {

void retain_freed_memory_in_heap() {
    mallopt(M_MMAP_THRESHOLD, 32 << 20);
    mallopt(M_TRIM_THRESHOLD, 1 << 30);
    mallopt(M_TOP_PAD, 256 << 20);
}

}  // namespace ew

// What `empower serve` and `empower study serve` share: stopping on SIGINT/SIGTERM, and serving
// until then. Only with EW_WITH_SERVE.
#pragma once
#include "serve/http_server.h"

#include <csignal>
#include <vector>

namespace ew::cli {

// Blocks SIGINT and SIGTERM in this thread, so every thread started afterwards (libtorch's, the
// servers') inherits the mask and one waiting thread alone takes them. Call before loading a model.
sigset_t block_stop_signals();

// Serves every server (already bound) until a stop signal, then stops them all: each stops its
// running request between tokens and drops the waiting ones. Returns when all have stopped (also
// when a listening socket fails).
void serve_until_stopped(const std::vector<serve::HttpServer*>& servers, const sigset_t& stop_signals);

}  // namespace ew::cli

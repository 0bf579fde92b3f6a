#include "serve/connection_watch.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cstdlib>
#include <cstring>

namespace ew::serve {

namespace {

// Whether `a` is the endpoint httplib printed as `addr` (inet_ntop text) and `port`, v4 or v6.
bool same_endpoint(const sockaddr_storage& a, const std::string& addr, int port) {
    char text[INET6_ADDRSTRLEN] = {};
    int p = -1;
    if (a.ss_family == AF_INET) {
        const auto& in = reinterpret_cast<const sockaddr_in&>(a);
        inet_ntop(AF_INET, &in.sin_addr, text, sizeof text);
        p = ntohs(in.sin_port);
    } else if (a.ss_family == AF_INET6) {
        const auto& in6 = reinterpret_cast<const sockaddr_in6&>(a);
        inet_ntop(AF_INET6, &in6.sin6_addr, text, sizeof text);
        p = ntohs(in6.sin6_port);
    } else {
        return false;
    }
    return p == port && addr == text;
}

}  // namespace

ConnectionWatch::ConnectionWatch(const std::string& local_addr, int local_port, const std::string& remote_addr, int remote_port) {
#ifdef __linux__
    DIR* dir = ::opendir("/proc/self/fd");
    if (!dir) return;
    while (const dirent* entry = ::readdir(dir)) {
        char* end = nullptr;
        const long fd = std::strtol(entry->d_name, &end, 10);
        if (end == entry->d_name || *end != '\0' || fd == ::dirfd(dir)) continue;
        sockaddr_storage peer{}, self{};
        socklen_t peer_len = sizeof peer, self_len = sizeof self;
        if (::getpeername(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&peer), &peer_len) != 0) continue;
        if (::getsockname(static_cast<int>(fd), reinterpret_cast<sockaddr*>(&self), &self_len) != 0) continue;
        if (same_endpoint(peer, remote_addr, remote_port) && same_endpoint(self, local_addr, local_port)) {
            // A duplicate: httplib may close its descriptor (and the number be reused) while we poll.
            fd_ = ::fcntl(static_cast<int>(fd), F_DUPFD_CLOEXEC, 0);
            break;
        }
    }
    ::closedir(dir);
#else
    (void)local_addr, (void)local_port, (void)remote_addr, (void)remote_port;
#endif
}

ConnectionWatch::~ConnectionWatch() {
    if (fd_ >= 0) ::close(fd_);
}

bool ConnectionWatch::closed() const {
#ifdef __linux__
    if (fd_ < 0) return false;
    pollfd p{fd_, POLLRDHUP, 0};
    if (::poll(&p, 1, 0) <= 0) return false;
    return (p.revents & (POLLRDHUP | POLLHUP | POLLERR)) != 0;
#else
    return false;
#endif
}

}  // namespace ew::serve

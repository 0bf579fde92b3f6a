// Tells whether the client of a request still has its connection open, so that a completion
// whose client aborted (tab_frontend's AbortController, an editor plugin that moved on) stops
// spending the model's time. cpp-httplib 0.11 (Debian 12) gives a handler the connection's
// addresses but not its socket, so the socket is found once by its address pair among this
// process's descriptors and duplicated; a peer that closed or reset shows as POLLRDHUP / POLLHUP.
// Linux-specific (POLLRDHUP, /proc/self/fd); elsewhere closed() is always false.
#pragma once
#include <string>

namespace ew::serve {

class ConnectionWatch {
public:
    ConnectionWatch(const std::string& local_addr, int local_port, const std::string& remote_addr, int remote_port);
    ~ConnectionWatch();
    ConnectionWatch(const ConnectionWatch&) = delete;
    ConnectionWatch& operator=(const ConnectionWatch&) = delete;

    bool found() const { return fd_ >= 0; }
    bool closed() const;  // the peer closed or reset the connection (never blocks)

private:
    int fd_ = -1;
};

}  // namespace ew::serve

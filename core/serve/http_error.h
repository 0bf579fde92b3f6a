// A request the server refuses, with the HTTP status that says why (400 malformed, 401 no key, 404
// unknown route, 413 too large, 503 queue full) and a one-line reason for the client.
#pragma once
#include "support/error.h"

#include <string>

namespace ew::serve {

class HttpError : public Error {
public:
    HttpError(int status, const std::string& reason) : Error(reason), status_(status) {}
    int status() const { return status_; }

private:
    int status_;
};

}  // namespace ew::serve

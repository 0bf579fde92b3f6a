#include "support/file_io.h"

#include "support/error.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <fstream>
#include <ftw.h>
#include <sstream>
#include <unistd.h>

namespace ew {

std::string read_file(const std::filesystem::path& path) {
    std::error_code ec;
    if (!std::filesystem::exists(path, ec)) fail_file(path, "file does not exist");
    if (std::filesystem::is_directory(path, ec)) fail_file(path, "is a directory, expected a file");
    std::ifstream in(path, std::ios::binary);
    if (!in) fail_file(path, std::string("cannot open for reading: ") + std::strerror(errno));
    std::ostringstream buffer;
    buffer << in.rdbuf();
    if (in.bad()) fail_file(path, "read error");
    return std::move(buffer).str();
}

namespace {
void fsync_path(const std::filesystem::path& path, int flags) {
    int fd = ::open(path.c_str(), flags);
    if (fd < 0) return;  // best effort for directories on odd filesystems
    ::fsync(fd);
    ::close(fd);
}
}  // namespace

void write_file_atomic(const std::filesystem::path& path, std::string_view bytes) {
    auto tmp = path;
    tmp += ".tmp-" + std::to_string(::getpid());
    int fd = ::open(tmp.c_str(), O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
    if (fd < 0) fail_file(tmp, std::string("cannot create: ") + std::strerror(errno));
    const char* p = bytes.data();
    std::size_t left = bytes.size();
    while (left > 0) {
        ssize_t n = ::write(fd, p, left);
        if (n < 0) {
            if (errno == EINTR) continue;
            int err = errno;
            ::close(fd);
            std::filesystem::remove(tmp);
            fail_file(tmp, std::string("write failed: ") + std::strerror(err));
        }
        p += n;
        left -= static_cast<std::size_t>(n);
    }
    if (::fsync(fd) != 0 || ::close(fd) != 0) {
        std::filesystem::remove(tmp);
        fail_file(tmp, std::string("fsync/close failed: ") + std::strerror(errno));
    }
    std::error_code ec;
    std::filesystem::rename(tmp, path, ec);
    if (ec) {
        std::filesystem::remove(tmp);
        fail_file(path, "rename failed: " + ec.message());
    }
    fsync_path(path.parent_path().empty() ? "." : path.parent_path(), O_RDONLY | O_DIRECTORY);
}

namespace {

int remove_entry(const char* path, const struct stat*, int, struct FTW*) { return ::remove(path) == 0 || errno == ENOENT ? 0 : -1; }

}  // namespace

bool remove_tree(const std::filesystem::path& path, std::nothrow_t) noexcept {
    // Depth first, links not followed: a directory is removed after its contents.
    if (::nftw(path.c_str(), remove_entry, 32, FTW_DEPTH | FTW_PHYS) == 0) return true;
    return errno == ENOENT;
}

void remove_tree(const std::filesystem::path& path) {
    if (!remove_tree(path, std::nothrow))
        throw Error(path.string() + ": cannot remove (" + std::strerror(errno) + ")");
}

}  // namespace ew

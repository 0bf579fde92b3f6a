#include "study/unsaved_events_file.h"

#include "support/json_text.h"

#include <cerrno>
#include <cstring>
#include <fcntl.h>
#include <nlohmann/json.hpp>
#include <sys/stat.h>
#include <unistd.h>

namespace ew::study {

std::filesystem::path unsaved_events_path(const std::filesystem::path& workspace, std::int64_t session_id) {
    return workspace.string() + ".session-" + std::to_string(session_id) + ".unsaved.jsonl";
}

namespace {

std::string line_of(const StudyEvent& e) {
    // Invalid UTF-8 cannot go into JSON; replacing it (U+FFFD) keeps the line — and every event
    // after it — instead of throwing on the writer thread.
    return json_text(nlohmann::json{{"session_id", e.session_id}, {"seq", e.seq}, {"wall_time", e.wall_time},
                          {"phase", e.phase}, {"slot", e.slot}, {"type", e.type}, {"pos", e.pos},
                          {"text", e.text}, {"suggestion_id", e.suggestion_id}, {"payload", e.payload}}) +
           "\n";
}

bool write_all(int fd, const std::string& bytes) {
    std::size_t done = 0;
    while (done < bytes.size()) {
        const ssize_t n = ::write(fd, bytes.data() + done, bytes.size() - done);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) {
            if (n == 0) errno = EIO;
            return false;
        }
        done += static_cast<std::size_t>(n);
    }
    return true;
}

void fsync_directory(const std::filesystem::path& file) {
    const auto dir = file.has_parent_path() ? file.parent_path() : std::filesystem::path(".");
    const int fd = ::open(dir.c_str(), O_RDONLY | O_DIRECTORY | O_CLOEXEC);
    if (fd < 0) return;  // best effort: the file's own fsync is what counts
    ::fsync(fd);
    ::close(fd);
}

}  // namespace

UnsavedEventsResult save_unsaved_events(const std::filesystem::path& file, std::span<const StudyEvent> events) noexcept {
    UnsavedEventsResult result;
    const auto failed = [&](const char* what, int err) {
        result.error = file.string() + ": " + what + ": " + std::strerror(err);
    };
    int fd = -1;
    try {
        fd = ::open(file.c_str(), O_WRONLY | O_CREAT | O_APPEND | O_CLOEXEC, 0600);
        if (fd < 0) {
            failed("cannot open", errno);
            return result;
        }
        struct stat st {};
        off_t end = ::fstat(fd, &st) == 0 ? st.st_size : -1;  // end of the last complete line
        std::size_t written = 0;
        for (const auto& e : events) {
            const std::string line = line_of(e);
            if (!write_all(fd, line)) {
                failed("cannot write", errno);
                // A torn line would make the file unreadable by a JSON-lines reader.
                if (end >= 0 && ::ftruncate(fd, end) != 0) result.error += " (a partial line remains)";
                break;
            }
            ++written;
            if (end >= 0) end += static_cast<off_t>(line.size());
        }
        const bool synced = ::fsync(fd) == 0;
        const int err = errno;
        ::close(fd);
        fd = -1;
        if (!synced) {
            failed("cannot sync to disk", err);
            return result;  // nothing counts: the kernel may have dropped the pages
        }
        fsync_directory(file);
        result.saved = written;
    } catch (const std::exception& e) {  // bad_alloc while formatting: report, never throw
        if (fd >= 0) ::close(fd);
        result.error = file.string() + ": " + e.what();
    }
    return result;
}

}  // namespace ew::study

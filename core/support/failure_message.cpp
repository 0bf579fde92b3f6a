#include "support/failure_message.h"

#include "model/memory_estimate.h"

#include <c10/util/Exception.h>

#include <cstdlib>
#include <ctime>
#include <fstream>
#include <new>
#include <regex>

namespace ew {

namespace {

std::string first_line(const std::string& text) {
    const auto end = text.find('\n');
    return end == std::string::npos ? text : text.substr(0, end);
}

std::string full_text(const std::exception& e) { return e.what(); }

std::string without_backtrace(const std::exception& e) {
    if (const auto* torch_error = dynamic_cast<const c10::Error*>(&e)) return torch_error->what_without_backtrace();
    return e.what();
}

constexpr const char* kWhatToChange = "use a smaller batch, sequence or model, or close other programs";

}  // namespace

std::string failure_message(const std::exception& e) {
    if (dynamic_cast<const std::bad_alloc*>(&e)) return std::string("out of memory: an allocation failed; ") + kWhatToChange;
    const std::string text = without_backtrace(e);
    static const std::regex host(R"(can't allocate memory: you tried to allocate (\d+) bytes|not enough memory: you tried to allocate (\d+) bytes)");
    static const std::regex gpu(R"(CUDA out of memory\. Tried to allocate ([0-9.]+ [KMG]iB))");
    std::smatch m;
    if (std::regex_search(text, m, host)) {
        const std::string bytes = m[1].matched ? m[1].str() : m[2].str();
        return "out of memory: an allocation of " + model::format_bytes(std::strtoull(bytes.c_str(), nullptr, 10)) + " failed; " +
               kWhatToChange;
    }
    if (std::regex_search(text, m, gpu))
        return "out of GPU memory: an allocation of " + m[1].str() + " failed; " + kWhatToChange;
    return first_line(text);
}

std::filesystem::path failure_log_path() {
    if (const char* state = std::getenv("XDG_STATE_HOME"); state && *state) return std::filesystem::path(state) / "empower-workbench" / "errors.log";
    const char* home = std::getenv("HOME");
    return std::filesystem::path(home && *home ? home : "/tmp") / ".local" / "state" / "empower-workbench" / "errors.log";
}

std::string report_failure(const std::exception& e, const std::string& context) {
    const std::string line = failure_message(e);
    const std::string full = full_text(e);
    if (full == line) return line;
    const auto path = failure_log_path();
    std::error_code ec;
    std::filesystem::create_directories(path.parent_path(), ec);
    std::ofstream log(path, std::ios::app);
    if (!log) return line;  // nowhere to put the details: the line is still right
    char stamp[32];
    const std::time_t now = std::time(nullptr);
    std::strftime(stamp, sizeof stamp, "%Y-%m-%dT%H:%M:%SZ", std::gmtime(&now));
    log << "== " << stamp << " " << context << "\n" << full << "\n";
    return log ? line + " (details: " + path.string() + ")" : line;
}

}  // namespace ew

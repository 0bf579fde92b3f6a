#include "lm/jinja_renderer.h"

#include "support/error.h"
#include "support/json_text.h"

#include <cerrno>
#include <chrono>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <mutex>
#include <nlohmann/json.hpp>
#include <poll.h>
#include <sys/wait.h>
#include <unistd.h>

namespace ew::lm {

namespace {

// Requests and replies are single JSON lines. The template environment mirrors transformers'
// _compile_jinja_template (facts of its configuration, written here independently).
const char* const kProgram = R"PY(
import datetime, json, sys
try:
    import jinja2
    from jinja2.ext import Extension, loopcontrols
    from jinja2.sandbox import ImmutableSandboxedEnvironment
except ImportError as e:
    sys.stdout.write(json.dumps({"fatal": "python3-jinja2 is not installed (" + str(e) + "): apt install python3-jinja2"}) + "\n")
    sys.stdout.flush()
    sys.exit(0)

class GenerationBlock(Extension):
    # {% generation %}...{% endgeneration %} marks assistant text for training masks; rendering keeps it as is.
    tags = {"generation"}
    def parse(self, parser):
        lineno = next(parser.stream).lineno
        body = parser.parse_statements(["name:endgeneration"], drop_needle=True)
        return jinja2.nodes.Scope(body, lineno=lineno)

def raise_exception(message):
    raise jinja2.exceptions.TemplateError(message)

def tojson(x, ensure_ascii=False, indent=None, separators=None, sort_keys=False):
    return json.dumps(x, ensure_ascii=ensure_ascii, indent=indent, separators=separators, sort_keys=sort_keys)

env = ImmutableSandboxedEnvironment(trim_blocks=True, lstrip_blocks=True, extensions=[GenerationBlock, loopcontrols])
env.filters["tojson"] = tojson
env.globals["raise_exception"] = raise_exception
compiled = {}

for line in sys.stdin:
    try:
        request = json.loads(line)
        source = request["template"]
        if source not in compiled:
            compiled[source] = env.from_string(source)
        today = request.get("today") or ""
        day = datetime.datetime.strptime(today, "%Y-%m-%d") if today else None
        strftime_now = (lambda fmt: day.strftime(fmt)) if day else (lambda fmt: datetime.datetime.now().strftime(fmt))
        text = compiled[source].render(strftime_now=strftime_now, **request["context"])
        reply = {"text": text}
    except Exception as e:
        reply = {"error": type(e).__name__ + ": " + str(e)}
    sys.stdout.write(json.dumps(reply) + "\n")
    sys.stdout.flush()
)PY";

class Helper {
public:
    ~Helper() { stop(); }

    std::string render(const std::string& request_line, double timeout_seconds) {
        std::lock_guard lock(mutex_);
        for (int attempt = 0; attempt < 2; ++attempt) {
            if (pid_ <= 0) start();
            if (write_all(request_line + "\n")) {
                std::string reply;
                const auto status = read_line(reply, timeout_seconds);
                if (status == Read::Line) return reply;
                stop();
                if (status == Read::TimedOut)
                    throw Error("the chat template took longer than " + std::to_string(static_cast<int>(timeout_seconds)) +
                                " s to render (a template that loops?); its renderer was stopped");
            } else {
                stop();
            }
        }
        throw Error("the chat-template renderer (/usr/bin/python3) exited unexpectedly");
    }

private:
    enum class Read { Line, Closed, TimedOut };

    void start() {
        int in[2], out[2];
        if (::pipe2(in, O_CLOEXEC) != 0) throw Error(std::string("pipe: ") + std::strerror(errno));
        if (::pipe2(out, O_CLOEXEC) != 0) {
            ::close(in[0]);
            ::close(in[1]);
            throw Error(std::string("pipe: ") + std::strerror(errno));
        }
        const pid_t pid = ::fork();
        if (pid < 0) throw Error(std::string("fork: ") + std::strerror(errno));
        if (pid == 0) {
            ::dup2(in[0], STDIN_FILENO);
            ::dup2(out[1], STDOUT_FILENO);
            const int devnull = ::open("/dev/null", O_WRONLY);
            if (devnull >= 0) ::dup2(devnull, STDERR_FILENO);
            // -I: isolated (no user site-packages, no PYTHON* variables): Debian's jinja2, nothing else.
            const char* argv[] = {"/usr/bin/python3", "-I", "-c", kProgram, nullptr};
            ::execv(argv[0], const_cast<char* const*>(argv));
            ::_exit(127);
        }
        ::close(in[0]);
        ::close(out[1]);
        pid_ = pid;
        to_child_ = in[1];
        from_child_ = out[0];
        buffer_.clear();
    }

    void stop() {
        if (to_child_ >= 0) ::close(to_child_);
        if (from_child_ >= 0) ::close(from_child_);
        to_child_ = from_child_ = -1;
        if (pid_ > 0) {
            ::kill(pid_, SIGKILL);
            ::waitpid(pid_, nullptr, 0);
        }
        pid_ = -1;
    }

    bool write_all(const std::string& data) {
        std::size_t done = 0;
        while (done < data.size()) {
            // MSG_NOSIGNAL is for sockets; a dead reader gives EPIPE here because SIGPIPE is ignored below.
            const ssize_t n = ::write(to_child_, data.data() + done, data.size() - done);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return false;
            done += static_cast<std::size_t>(n);
        }
        return true;
    }

    Read read_line(std::string& line, double timeout_seconds) {
        const auto deadline = std::chrono::steady_clock::now() + std::chrono::duration<double>(timeout_seconds);
        for (;;) {
            if (auto nl = buffer_.find('\n'); nl != std::string::npos) {
                line = buffer_.substr(0, nl);
                buffer_.erase(0, nl + 1);
                return Read::Line;
            }
            const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - std::chrono::steady_clock::now()).count();
            if (left <= 0) return Read::TimedOut;
            pollfd p{from_child_, POLLIN, 0};
            const int r = ::poll(&p, 1, static_cast<int>(left));
            if (r < 0 && errno == EINTR) continue;
            if (r <= 0) continue;
            char chunk[65536];
            const ssize_t n = ::read(from_child_, chunk, sizeof chunk);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) return Read::Closed;
            buffer_.append(chunk, static_cast<std::size_t>(n));
        }
    }

    std::mutex mutex_;
    pid_t pid_ = -1;
    int to_child_ = -1, from_child_ = -1;
    std::string buffer_;
};

Helper& helper() {
    static const bool ignore_sigpipe = [] {
        // A helper that died must surface as a write error (EPIPE), not kill the workbench.
        struct sigaction current {};
        ::sigaction(SIGPIPE, nullptr, &current);
        if (current.sa_handler == SIG_DFL) ::signal(SIGPIPE, SIG_IGN);
        return true;
    }();
    (void)ignore_sigpipe;
    static Helper h;
    return h;
}

}  // namespace

const char* jinja_renderer_program() { return kProgram; }

std::string render_jinja_template(const std::string& source, const nlohmann::json& context, const std::string& today, double timeout_seconds) {
    const nlohmann::json request = {{"template", source}, {"context", context}, {"today", today}};
    const std::string line = helper().render(json_text(request), timeout_seconds);
    nlohmann::json reply;
    try {
        reply = nlohmann::json::parse(line);
    } catch (const nlohmann::json::exception&) {
        throw Error("the chat-template renderer replied with something that is not JSON");
    }
    if (reply.contains("fatal")) throw Error(reply.at("fatal").get<std::string>());
    if (reply.contains("error")) throw Error("chat template: " + reply.at("error").get<std::string>());
    return reply.at("text").get<std::string>();
}

}  // namespace ew::lm

// Runs one Python file through ew::sandbox::run and prints what came back, so that a test can
// drive the sandbox as another user (an ordinary account, not the root the test runs as).
// Output: "outcome <name>\n", "isolation <text>\n", "complete <0|1>\n", then "stdout\n" and the
// program's stdout. A sandbox error prints "error <message>" and exits 3.
#include "sandbox/sandbox.h"
#include "support/error.h"
#include "support/file_io.h"

#include <cstdio>
#include <iostream>

int main(int argc, char** argv) {
    if (argc != 2) {
        std::fprintf(stderr, "usage: %s PROGRAM.py\n", argv[0]);
        return 2;
    }
    try {
        const auto code = ew::read_file(argv[1]);
        const auto r = ew::sandbox::run({ew::sandbox::python_interpreter().string(), "-B", "main.py"}, {{"main.py", code}}, "", {});
        std::cout << "outcome " << ew::sandbox::to_string(r.outcome) << "\nisolation " << r.isolation << "\ncomplete "
                  << (r.isolation_complete ? 1 : 0) << "\nstderr " << r.stderr_text.substr(0, 300) << "\nstdout\n"
                  << r.stdout_text;
        return 0;
    } catch (const std::exception& e) {
        std::cout << "error " << e.what() << "\n";
        return 3;
    }
}

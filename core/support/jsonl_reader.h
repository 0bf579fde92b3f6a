// Reading JSONL files (corpora, datasets, problem sets): one JSON value per non-blank line, and
// a malformed line is an error naming the file and its line number.
#pragma once
#include "support/error.h"
#include "support/file_io.h"

#include <filesystem>
#include <functional>
#include <nlohmann/json.hpp>
#include <sstream>
#include <string>

namespace ew {

// Calls on_line(value, line_number) for each non-blank line.
inline void for_each_jsonl_line(const std::filesystem::path& path,
                                const std::function<void(const nlohmann::json&, int line_number)>& on_line) {
    std::istringstream lines(read_file(path));
    std::string line;
    int number = 0;
    while (std::getline(lines, line)) {
        ++number;
        if (line.find_first_not_of(" \t\r") == std::string::npos) continue;
        nlohmann::json value;
        try {
            value = nlohmann::json::parse(line);
        } catch (const nlohmann::json::exception& e) {  // parse_error, or out_of_range for a number like 1e99999
            fail_file(path, "line " + std::to_string(number) + " is not valid JSON (" + e.what() + ")");
        }
        on_line(value, number);
    }
}

}  // namespace ew

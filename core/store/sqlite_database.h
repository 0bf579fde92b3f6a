// A thin RAII wrapper over one SQLite connection: prepared statements with bound parameters,
// transactions, and errors as ew::Error naming the database file. WAL + busy timeout are set on
// open, so a GUI reader and a training child can share the workspace file.
#pragma once
#include <cstdint>
#include <filesystem>
#include <functional>
#include <optional>
#include <string>
#include <variant>
#include <vector>

struct sqlite3;
struct sqlite3_stmt;

namespace ew::store {

using SqlValue = std::variant<std::nullptr_t, std::int64_t, double, std::string>;

class SqliteDatabase {
public:
    // Creates the file when `create` is true and it does not exist. Refuses (ew::Error) a file
    // that is not a SQLite database or fails its quick integrity check — and never writes to it.
    SqliteDatabase(const std::filesystem::path& path, bool create);
    ~SqliteDatabase();
    SqliteDatabase(const SqliteDatabase&) = delete;
    SqliteDatabase& operator=(const SqliteDatabase&) = delete;

    void exec(const std::string& sql);  // one or more statements, no parameters
    // Runs one statement with parameters; calls on_row for each result row.
    void query(const std::string& sql, const std::vector<SqlValue>& params,
               const std::function<void(sqlite3_stmt*)>& on_row = {});
    std::int64_t last_insert_id() const;
    int changes() const;
    // BEGIN IMMEDIATE ... COMMIT / ROLLBACK; inside another transaction a SAVEPOINT, so code that
    // needs atomicity can call code that also does (an import calling the study store).
    void transaction(const std::function<void()>& body);

    int user_version();
    void set_user_version(int version);
    const std::filesystem::path& path() const { return path_; }

    // Column helpers for on_row callbacks.
    static std::int64_t column_int(sqlite3_stmt* s, int i);
    static double column_double(sqlite3_stmt* s, int i);
    static std::string column_text(sqlite3_stmt* s, int i);
    static bool column_is_null(sqlite3_stmt* s, int i);

private:
    [[noreturn]] void fail(const std::string& what) const;
    std::filesystem::path path_;
    sqlite3* db_ = nullptr;
};

}  // namespace ew::store

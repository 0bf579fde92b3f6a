#include "store/sqlite_database.h"

#include "support/error.h"

#include <sqlite3.h>

namespace ew::store {

SqliteDatabase::SqliteDatabase(const std::filesystem::path& path, bool create) : path_(path) {
    std::error_code ec;
    const bool existed = std::filesystem::exists(path, ec);
    if (!existed && !create) fail_file(path, "workspace database does not exist");
    const int flags = SQLITE_OPEN_READWRITE | (create ? SQLITE_OPEN_CREATE : 0) | SQLITE_OPEN_FULLMUTEX;
    if (sqlite3_open_v2(path.c_str(), &db_, flags, nullptr) != SQLITE_OK) {
        std::string msg = db_ ? sqlite3_errmsg(db_) : "out of memory";
        sqlite3_close(db_);
        db_ = nullptr;
        fail_file(path, "cannot open database: " + msg);
    }
    sqlite3_busy_timeout(db_, 5000);
    if (existed) {
        // Check before anything writes: a damaged workspace is reported and left exactly as it is.
        std::string verdict;
        const int rc = sqlite3_exec(
            db_, "PRAGMA quick_check",
            [](void* out, int, char** values, char**) {
                auto* v = static_cast<std::string*>(out);
                if (v->empty() && values[0]) *v = values[0];
                return 0;
            },
            &verdict, nullptr);
        if (rc != SQLITE_OK || verdict != "ok") {
            std::string msg = rc != SQLITE_OK ? sqlite3_errmsg(db_) : verdict;
            sqlite3_close(db_);
            db_ = nullptr;
            fail_file(path, "not a usable workspace database (" + msg + "); it was left untouched");
        }
    }
    exec("PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;");
}

SqliteDatabase::~SqliteDatabase() { sqlite3_close(db_); }

void SqliteDatabase::fail(const std::string& what) const {
    fail_file(path_, what + ": " + (db_ ? sqlite3_errmsg(db_) : "no connection"));
}

void SqliteDatabase::exec(const std::string& sql) {
    char* err = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) {
        std::string msg = err ? err : "unknown error";
        sqlite3_free(err);
        fail_file(path_, "SQL failed (" + msg + ")");
    }
}

void SqliteDatabase::query(const std::string& sql, const std::vector<SqlValue>& params,
                           const std::function<void(sqlite3_stmt*)>& on_row) {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &stmt, nullptr) != SQLITE_OK) fail("cannot prepare \"" + sql + "\"");
    for (std::size_t i = 0; i < params.size(); ++i) {
        const int index = static_cast<int>(i) + 1;
        std::visit(
            [&](const auto& v) {
                using T = std::decay_t<decltype(v)>;
                if constexpr (std::is_same_v<T, std::nullptr_t>) sqlite3_bind_null(stmt, index);
                else if constexpr (std::is_same_v<T, std::int64_t>) sqlite3_bind_int64(stmt, index, v);
                else if constexpr (std::is_same_v<T, double>) sqlite3_bind_double(stmt, index, v);
                else sqlite3_bind_text(stmt, index, v.c_str(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
            },
            params[i]);
    }
    int rc;
    while ((rc = sqlite3_step(stmt)) == SQLITE_ROW)
        if (on_row) on_row(stmt);
    sqlite3_finalize(stmt);
    if (rc != SQLITE_DONE) fail("statement failed \"" + sql + "\"");
}

std::int64_t SqliteDatabase::last_insert_id() const { return sqlite3_last_insert_rowid(db_); }
int SqliteDatabase::changes() const { return sqlite3_changes(db_); }

void SqliteDatabase::transaction(const std::function<void()>& body) {
    const bool nested = sqlite3_get_autocommit(db_) == 0;
    exec(nested ? "SAVEPOINT ew_nested" : "BEGIN IMMEDIATE");
    try {
        body();
        exec(nested ? "RELEASE ew_nested" : "COMMIT");
    } catch (...) {
        sqlite3_exec(db_, nested ? "ROLLBACK TO ew_nested; RELEASE ew_nested" : "ROLLBACK", nullptr, nullptr, nullptr);
        throw;
    }
}

int SqliteDatabase::user_version() {
    int v = 0;
    query("PRAGMA user_version", {}, [&](sqlite3_stmt* s) { v = static_cast<int>(column_int(s, 0)); });
    return v;
}

void SqliteDatabase::set_user_version(int version) { exec("PRAGMA user_version = " + std::to_string(version)); }

std::int64_t SqliteDatabase::column_int(sqlite3_stmt* s, int i) { return sqlite3_column_int64(s, i); }
double SqliteDatabase::column_double(sqlite3_stmt* s, int i) { return sqlite3_column_double(s, i); }
std::string SqliteDatabase::column_text(sqlite3_stmt* s, int i) {
    const auto* t = sqlite3_column_text(s, i);
    return t ? std::string(reinterpret_cast<const char*>(t), static_cast<std::size_t>(sqlite3_column_bytes(s, i))) : std::string();
}
bool SqliteDatabase::column_is_null(sqlite3_stmt* s, int i) { return sqlite3_column_type(s, i) == SQLITE_NULL; }

}  // namespace ew::store

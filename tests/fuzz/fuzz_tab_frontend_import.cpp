// tab_frontend study logs: one participant folder (mapping_do_not_read.json and one assistant_1
// log) and a rankings CSV, imported into a fresh workspace. Input: mapping %% log %% rankings.
#include "fuzz_support.h"
#include "store/workspace.h"
#include "study/tab_frontend_import.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    namespace fs = std::filesystem;
    const auto parts = ew::fuzz::split_parts(data, size, 3);
    const auto folder = ew::fuzz::scratch_dir() / "P1";
    fs::remove_all(folder);
    fs::create_directories(folder / "assistant_1");
    fs::create_directories(folder / "no_assistant");
    ew::fuzz::write_scratch("P1/mapping_do_not_read.json", parts[0]);
    ew::fuzz::write_scratch("P1/assistant_1/lava-trap_log.csv", parts[1]);
    ew::fuzz::write_scratch("P1/no_assistant/lava-trap_log.csv", parts[1].substr(0, parts[1].size() / 2));
    const auto rankings = ew::fuzz::write_scratch("rankings.csv", parts[2]);
    const auto db = ew::fuzz::scratch_dir() / "workspace.db";
    for (const char* suffix : {"", "-wal", "-shm", "-journal"}) fs::remove(db.string() + suffix);
    ew::fuzz::expect_clean([&] {
        ew::store::Workspace workspace(db);
        ew::study::TabFrontendImport request{"imported", {folder}, parts[2].empty() ? fs::path() : rankings};
        (void)ew::study::import_tab_frontend(workspace, request);
    });
    return 0;
}

// remove_tree (support/file_io.h): removes nested trees, files and dangling links, never what a
// link points to, treats a missing path as done, and names the path when it cannot remove it.
#include "support/error.h"
#include "support/file_io.h"

#include <QTemporaryDir>
#include <QtTest>

namespace fs = std::filesystem;

class TestRemoveTree : public QObject {
    Q_OBJECT
    QTemporaryDir tmp_;
    fs::path root() const { return fs::path(tmp_.path().toStdString()); }

private slots:
    void removesANestedTreeButNotWhatLinksPointTo() {
        const auto outside = root() / "outside";
        fs::create_directories(outside);
        ew::write_file_atomic(outside / "keep.txt", "kept");
        const auto tree = root() / "checkpoint.old";
        fs::create_directories(tree / "a" / "b");
        ew::write_file_atomic(tree / "a" / "b" / "optimizer.pt", "x");
        ew::write_file_atomic(tree / "state.json", "{}");
        fs::create_directory_symlink(outside, tree / "link-to-outside");
        fs::create_symlink(tree / "nowhere", tree / "dangling");
        ew::remove_tree(tree);
        QVERIFY(!fs::exists(fs::symlink_status(tree)));
        QCOMPARE(ew::read_file(outside / "keep.txt"), std::string("kept"));
    }

    void aMissingPathOrASingleFileIsFine() {
        ew::remove_tree(root() / "never-existed");
        QVERIFY(ew::remove_tree(root() / "never-existed" / "deeper", std::nothrow));
        ew::write_file_atomic(root() / "file.txt", "x");
        ew::remove_tree(root() / "file.txt");
        QVERIFY(!fs::exists(root() / "file.txt"));
    }

    // procfs refuses unlinking to everyone, root included (CI runs as root, so chmod would not do).
    void anUnremovablePathIsAnErrorNamingIt() {
        const fs::path procfs_file = "/proc/self/status";
        try {
            ew::remove_tree(procfs_file);
            QFAIL("expected an error");
        } catch (const ew::Error& e) {
            QVERIFY2(QString(e.what()).contains("/proc/self/status"), e.what());
        }
        QVERIFY(!ew::remove_tree(procfs_file, std::nothrow));
        QVERIFY(fs::exists(procfs_file));
    }
};

QTEST_GUILESS_MAIN(TestRemoveTree)
#include "test_remove_tree.moc"

# The Debian package (`cpack -G DEB` in a build folder): the GUI, the CLI, the bundled model and
# sample projects, the .desktop entry, AppStream metainfo and the icon, with dependencies computed
# by dpkg-shlibdeps from the binaries (libtorch, Qt 6, QScintilla, ICU, SQLite, PCRE2).
set(CPACK_GENERATOR "DEB")
set(CPACK_PACKAGE_NAME "empower-workbench")
set(CPACK_PACKAGE_VENDOR "Empower Workbench")
set(CPACK_PACKAGE_CONTACT "Empower Workbench maintainers <maintainers@empower-workbench.invalid>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "Research workbench for empowerment-maximizing code assistants")
set(CPACK_PACKAGE_DESCRIPTION
    "Editor with live Empower suggestions, a token-likelihood visualizer, dataset building, fine-tuning, the "
    "simulated-human evaluation and user studies, around a bundled small code model.")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "empower-workbench")
set(CPACK_STRIP_FILES ON)  # the RelWithDebInfo binaries carry ~250 MB of debug info
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "science")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "bubblewrap, python3, python3-jinja2")  # the sandbox and the programs it judges; chat templates
set(CPACK_DEBIAN_COMPRESSION_TYPE "xz")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")
include(CPack)

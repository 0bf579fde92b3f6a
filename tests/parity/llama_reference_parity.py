#!/usr/bin/python3
"""Numerical parity of `empower score` against an independent reference.

The reference is written here from the Llama equations with Debian's python3-torch, in float64:
its own safetensors reader (and writer, for a random grouped-query model), RMSNorm, rotary
embeddings as explicit pair rotations, causal softmax attention, SwiGLU. It shares no code with
the C++ implementation. For the bundled model and for a random GQA model it checks every suffix
token's log-probability and top-k ids printed by `empower score --json`.

Usage: llama_reference_parity.py --empower BIN --model DIR --source FILE
"""
import argparse
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile

import torch

DTYPES = {"F32": torch.float32, "F16": torch.float16, "BF16": torch.bfloat16}


def read_safetensors(path):
    with open(path, "rb") as f:
        data = f.read()
    (n,) = struct.unpack("<Q", data[:8])
    header = json.loads(data[8 : 8 + n])
    base = 8 + n
    tensors = {}
    for name, info in header.items():
        if name == "__metadata__":
            continue
        begin, end = info["data_offsets"]
        t = torch.frombuffer(bytearray(data[base + begin : base + end]), dtype=DTYPES[info["dtype"]])
        tensors[name] = t.reshape(info["shape"]).to(torch.float64)
    return tensors


def write_safetensors(path, tensors):
    header, blobs, offset = {}, [], 0
    for name, t in tensors.items():
        raw = t.to(torch.float32).contiguous().numpy().tobytes()
        header[name] = {"dtype": "F32", "shape": list(t.shape), "data_offsets": [offset, offset + len(raw)]}
        blobs.append(raw)
        offset += len(raw)
    text = json.dumps(header).encode()
    with open(path, "wb") as f:
        f.write(struct.pack("<Q", len(text)) + text + b"".join(blobs))


def rms_norm(x, w, eps):
    return x / torch.sqrt((x * x).mean(-1, keepdim=True) + eps) * w


def rotate(x, positions, theta):
    # Pair i rotates with pair i + E/2 (Hugging Face's half-split layout), angle = pos * theta^(-2i/E).
    e = x.shape[-1]
    half = e // 2
    out = x.clone()
    for i in range(half):
        angle = positions * theta ** (-2.0 * i / e)
        c, s = torch.cos(angle)[:, None], torch.sin(angle)[:, None]
        a, b = x[..., :, i], x[..., :, i + half]
        out[..., :, i] = a * c[:, 0] - b * s[:, 0]
        out[..., :, i + half] = b * c[:, 0] + a * s[:, 0]
    return out


def forward(cfg, w, ids):
    d, h = cfg["hidden_size"], cfg["num_attention_heads"]
    kv = cfg.get("num_key_value_heads") or h
    e = d // h
    t = len(ids)
    positions = torch.arange(t, dtype=torch.float64)
    x = w["model.embed_tokens.weight"][torch.tensor(ids)]
    causal = torch.triu(torch.full((t, t), float("-inf"), dtype=torch.float64), diagonal=1)
    for layer in range(cfg["num_hidden_layers"]):
        p = f"model.layers.{layer}."
        y = rms_norm(x, w[p + "input_layernorm.weight"], cfg["rms_norm_eps"])
        q = (y @ w[p + "self_attn.q_proj.weight"].T).reshape(t, h, e).transpose(0, 1)
        k = (y @ w[p + "self_attn.k_proj.weight"].T).reshape(t, kv, e).transpose(0, 1)
        v = (y @ w[p + "self_attn.v_proj.weight"].T).reshape(t, kv, e).transpose(0, 1)
        q = torch.stack([rotate(q[i], positions, cfg["rope_theta"]) for i in range(h)])
        k = torch.stack([rotate(k[i], positions, cfg["rope_theta"]) for i in range(kv)])
        heads = []
        for i in range(h):
            j = i // (h // kv)  # the key/value head this query head shares
            scores = q[i] @ k[j].T / math.sqrt(e) + causal
            heads.append(torch.softmax(scores, -1) @ v[j])
        x = x + torch.cat(heads, -1) @ w[p + "self_attn.o_proj.weight"].T
        y = rms_norm(x, w[p + "post_attention_layernorm.weight"], cfg["rms_norm_eps"])
        gate, up = y @ w[p + "mlp.gate_proj.weight"].T, y @ w[p + "mlp.up_proj.weight"].T
        x = x + (gate * torch.sigmoid(gate) * up) @ w[p + "mlp.down_proj.weight"].T
    x = rms_norm(x, w["model.norm.weight"], cfg["rms_norm_eps"])
    head = w.get("lm_head.weight", w["model.embed_tokens.weight"])
    return x @ head.T


def run_json(cmd):
    out = subprocess.run(cmd, check=True, capture_output=True)
    return json.loads(out.stdout)


def check_model(empower, model_dir, source, at, label):
    cfg = json.load(open(os.path.join(model_dir, "config.json")))
    w = read_safetensors(os.path.join(model_dir, "model.safetensors"))
    with open(source, "rb") as f:
        text = f.read()
    with tempfile.NamedTemporaryFile("wb", suffix=".py", delete=False) as pf:
        pf.write(text[:at])
    prefix = run_json([empower, "tokenize", "--tokenizer", os.path.join(model_dir, "tokenizer.json"), "--file", pf.name, "--json"])["ids"]
    os.unlink(pf.name)
    scored = run_json([empower, "score", "--model", model_dir, "--file", source, "--at", str(at), "--topk", "3", "--max-tokens", "48", "--json"])
    suffix = [t["id"] for t in scored["tokens"]]
    seq = [cfg["bos_token_id"]] + prefix + suffix
    logprobs = torch.log_softmax(forward(cfg, w, seq[:-1]), -1)
    worst = 0.0
    for i, tok in enumerate(scored["tokens"]):
        row = logprobs[len(prefix) + i]
        ref = row[tok["id"]].item()
        worst = max(worst, abs(ref - tok["logprob"]))
        ref_top = torch.topk(row, 3).indices.tolist()
        got_top = [a["id"] for a in tok["top"]]
        # Top-k ids must agree unless two candidates are within float32 noise of each other.
        if ref_top != got_top:
            gap = min(abs(row[a].item() - row[b].item()) for a, b in zip(ref_top, got_top) if a != b)
            assert gap < 1e-3, f"{label}: top-3 at suffix token {i} differ: reference {ref_top}, empower {got_top}"
    print(f"{label}: {len(suffix)} suffix tokens after {len(prefix)} context tokens, max |Δ logprob| = {worst:.2e}")
    assert worst < 1e-4, f"{label}: log-probabilities differ from the reference by {worst}"


def make_random_gqa_model(base_dir, out_dir):
    cfg = json.load(open(os.path.join(base_dir, "config.json")))
    cfg.update({"hidden_size": 64, "intermediate_size": 96, "num_hidden_layers": 2, "num_attention_heads": 8,
                "num_key_value_heads": 2, "tie_word_embeddings": False, "rope_theta": 500000.0})
    torch.manual_seed(0)
    v, d, f, kv = cfg["vocab_size"], 64, 96, 2 * 8
    w = {"model.embed_tokens.weight": torch.randn(v, d), "model.norm.weight": 1 + 0.1 * torch.randn(d), "lm_head.weight": torch.randn(v, d) * 0.2}
    for layer in range(2):
        p = f"model.layers.{layer}."
        w.update({p + "input_layernorm.weight": 1 + 0.1 * torch.randn(d), p + "post_attention_layernorm.weight": 1 + 0.1 * torch.randn(d),
                  p + "self_attn.q_proj.weight": torch.randn(d, d) * 0.2, p + "self_attn.k_proj.weight": torch.randn(kv, d) * 0.2,
                  p + "self_attn.v_proj.weight": torch.randn(kv, d) * 0.2, p + "self_attn.o_proj.weight": torch.randn(d, d) * 0.2,
                  p + "mlp.gate_proj.weight": torch.randn(f, d) * 0.2, p + "mlp.up_proj.weight": torch.randn(f, d) * 0.2,
                  p + "mlp.down_proj.weight": torch.randn(d, f) * 0.2})
    os.makedirs(out_dir, exist_ok=True)
    json.dump(cfg, open(os.path.join(out_dir, "config.json"), "w"))
    shutil.copy(os.path.join(base_dir, "tokenizer.json"), out_dir)
    write_safetensors(os.path.join(out_dir, "model.safetensors"), w)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--empower", required=True)
    ap.add_argument("--model", required=True)
    ap.add_argument("--source", required=True)
    args = ap.parse_args()
    size = os.path.getsize(args.source)
    for at in (size // 3, (2 * size) // 3):
        check_model(args.empower, args.model, args.source, at, f"bundled model @{at}")
    with tempfile.TemporaryDirectory() as tmp:
        make_random_gqa_model(args.model, os.path.join(tmp, "gqa"))
        check_model(args.empower, os.path.join(tmp, "gqa"), args.source, size // 2, "random GQA model (python-written safetensors)")
    print("1 passed, 0 failed")


if __name__ == "__main__":
    sys.exit(main())
